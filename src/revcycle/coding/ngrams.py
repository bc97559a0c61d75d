"""Word n-gram statistics learned from coded cases: how often a case holding an n-gram was coded with a code.

For every word n-gram (1 to `MAX_N` lower-case words, within one line of the note) and every code
assigned to at least `MIN_CASES` training cases that hold the n-gram, the table keeps that count; the
n-gram's own count of training cases (`df`) is kept beside it. For a new note each code's evidence is
the n-gram of the note that best predicts it: its precision `cases with both / (cases with the n-gram + 1)`.
This finds the English words the coders' codes go with even where the ICD-10-CM index links them to
no code (CodiEsp codes 'disease' alone as R69, 'necrosis' as I96) and is the ranker's strongest single
signal on case reports (CodiEsp-D train 5-fold MAP of its ranking alone 0.34; the tf-idf classifier's 0.20).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

MAX_N = 3
MIN_CASES = 2
MIN_PRECISION = 0.05  # weaker pairs are not kept (the table stays small; they never decide a rank)
STRONG = 0.3  # an n-gram at least this precise is a strong one (counted per code)
TOP_SUMMED = 10
_WORD = re.compile(r"[a-z][a-z0-9]+")
NGRAM_FEATURES = ("ng_prec", "ng_co", "ng_df", "ng_cover", "ng_second", "ng_strong", "ng_sum")
NO_EVIDENCE = dict.fromkeys(NGRAM_FEATURES, 0.0)
NEAR_FEATURES = ("near_prec", "near_co")  # the same best precision and count from the table of near n-grams


def note_grams(text: str, max_n: int = MAX_N) -> set[str]:
    """The distinct word n-grams of a note (words joined by one space; n-grams do not cross lines)."""
    out: set[str] = set()
    for line in text.lower().splitlines():
        words = _WORD.findall(line)
        for n in range(1, max_n + 1):
            out.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def near_grams(text: str, places: Sequence[tuple[str, int]], width: int) -> dict[str, set[str]]:
    """Per code, the n-grams of the lines within `width` lines of the line holding each of its offsets."""
    starts, grams, at = [], [], 0
    for line in text.split("\n"):
        starts.append(at)
        grams.append(note_grams(line))
        at += len(line) + 1
    out: dict[str, set[str]] = defaultdict(set)
    for code, offset in places:
        line = max(bisect_right(starts, offset) - 1, 0)
        for near in grams[max(line - width, 0) : line + width + 1]:
            out[code] |= near
    return dict(out)


def precision(together: int, df: int) -> float:
    return together / (df + 1)


@dataclass(frozen=True)
class NgramTable:
    df: dict[str, int]  # n-gram -> training cases holding it (only n-grams with a kept pair)
    pairs: dict[str, list[tuple[str, int]]]  # n-gram -> (code, training cases with both)
    code_cases: dict[str, int]  # code -> training cases coded with it

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[Sequence[str]],
        places: Sequence[Sequence[tuple[str, int]]] | None = None,
        width: int = 1,
    ) -> NgramTable:
        """Without `places`, a code goes with every n-gram of its case. With `places` (per case, each coded
        code and the character offset where the coder read it), only with the n-grams of the lines within
        `width` lines of that offset (`near_grams`): the n-grams the code was read from, not the whole case's."""
        df: Counter[str] = Counter()
        together: dict[str, Counter[str]] = defaultdict(Counter)
        for case, (text, codes) in enumerate(zip(texts, labels, strict=True)):
            df.update(note_grams(text))
            if places is None:
                by_code = dict.fromkeys(set(codes), note_grams(text))
            else:
                by_code = near_grams(text, [(c, at) for c, at in places[case] if c in codes], width)
            for code, grams in by_code.items():
                for gram in grams:
                    together[gram][code] += 1
        pairs = {}
        for gram, counts in together.items():
            kept = sorted(
                (code, count)
                for code, count in counts.items()
                if count >= MIN_CASES and precision(count, df[gram]) >= MIN_PRECISION
            )
            if kept:
                pairs[gram] = kept
        code_cases = Counter(code for codes in labels for code in set(codes))
        return cls({gram: df[gram] for gram in pairs}, pairs, dict(code_cases))

    def evidence(self, text: str) -> dict[str, dict[str, float]]:
        """Per code with any kept n-gram in the note: the best n-gram's precision (`ng_prec`), its counts of
        cases with both (`ng_co`) and with the n-gram (`ng_df`), the share of the code's cases holding it
        (`ng_cover`), the second best precision, the number of strong n-grams and the sum of the best ten."""
        return self.evidence_of(note_grams(text))

    def evidence_of(self, grams: set[str]) -> dict[str, dict[str, float]]:
        """`evidence` from the note's n-grams (`note_grams`), worked out once for both of a model's tables."""
        found: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
        for gram in grams:
            for code, count in self.pairs.get(gram, ()):
                found[code].append((precision(count, self.df[gram]), count, self.df[gram]))
        return {code: self._summary(code, sorted(hits, reverse=True)) for code, hits in found.items()}

    def _summary(self, code: str, hits: list[tuple[float, int, int]]) -> dict[str, float]:
        best, count, df = hits[0]
        return {
            "ng_prec": best,
            "ng_co": float(count),
            "ng_df": float(df),
            "ng_cover": count / max(self.code_cases.get(code, 0), 1),
            "ng_second": hits[1][0] if len(hits) > 1 else 0.0,
            "ng_strong": float(sum(1 for p, _, _ in hits if p >= STRONG)),
            "ng_sum": float(sum(p for p, _, _ in hits[:TOP_SUMMED])),
        }
