"""CodiEsp-P dev benchmark: ICD-10-PCS procedure suggestions for each English dev note, scored with the
official metric.

usage: python benchmarks/codiesp_p.py [--corpus DIR] [--folds 3]

The suggestion list of a note is ranked from three scores, every learnt part from the train split only:
  classifier  one-vs-rest logistic regression over tf-idf (words and word pairs) of the train notes, for every
              code seen at least twice in trainP (CodiEsp's label space: a 7-character code, or its first 4
              characters when the case did not say more);
  look-up     the ICD-10-PCS index (FY2025) entries and code titles (`codesets.icd10pcs_search`) whose words a
              sentence of the note holds (at least two words and two thirds of the entry), their codes taken to
              CodiEsp's label space (the 4-character prefix, and the whole code when the entry names one);
  prior       the code's frequency in trainP.
score = classifier + w_lookup x look-up + w_prior x prior; the two weights are chosen by cross-validation on
the train split (out-of-fold classifier scores, MAP of the official definition), never on dev. Then the model
is fitted on all of train, dev is ranked, the submission file written and `../shared/tools/codiesp_map.py
GOLD PRED` run; P@1 and R@10 are computed here the same way as benchmarks/codiesp.py (CodiEsp-D).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import product
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from revcycle.codesets import icd10pcs, icd10pcs_search
from revcycle.codesets.search.text import words

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MIN_TRAIN_COUNT = 2
MIN_MATCHED_WORDS = 2
MIN_COVERAGE = 2 / 3
MAX_POSTING = 400
PREFIX = 4
CODE = 7
LOOKUP_WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.4)
PRIOR_WEIGHTS = (0.0, 0.1, 0.3, 1.0)
SHOWN = 30
ABLATIONS = {  # (w_lookup, w_prior, classifier used)
    "classifier alone": (0.0, 0.0, True),
    "look-up alone": (1.0, 0.0, False),
    "prior alone (most frequent train codes)": (0.0, 1.0, False),
}

Gold = dict[str, set[str]]
Ranked = dict[str, list[str]]


def gold_codes(path: Path) -> Gold:
    gold: Gold = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip():
            gold[parts[0].strip()].add(parts[1].strip().lower())
    return gold


def notes(folder: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


class Lookup:
    """The index entries and code titles a sentence holds, as CodiEsp labels with a match strength (0..1)."""

    def __init__(self) -> None:
        self.entries: list[tuple[frozenset[str], tuple[str, ...]]] = []
        entries, keys = icd10pcs_search._index()
        for entry, key in zip(entries, keys, strict=True):
            self._add(key.split(), entry[2])
        codes, title_keys = icd10pcs_search._title_keys()
        for code, key in zip(codes, title_keys, strict=True):
            self._add(key.split(), code)
        postings: dict[str, list[int]] = defaultdict(list)
        for row, (key, _labels) in enumerate(self.entries):
            for word in key:
                postings[word].append(row)
        # candidates come from the words few entries share ("hip", not "right" or "approach")
        self.by_word = {word: rows for word, rows in postings.items() if len(rows) <= MAX_POSTING}

    def _add(self, key: list[str], target: str) -> None:
        target = icd10pcs.normalized(target).lower()
        if len(set(key)) < MIN_MATCHED_WORDS or len(target) < PREFIX:
            return
        labels = (target[:PREFIX], target) if len(target) == CODE else (target[:PREFIX],)
        self.entries.append((frozenset(key), labels))

    def note_scores(self, text: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for sentence in re.split(r"(?<=[.;:])\s+|\n", text):
            held = set(words(sentence))
            for row in {row for word in held for row in self.by_word.get(word, ())}:
                key, labels = self.entries[row]
                matched = len(key & held)
                coverage = matched / len(key)
                if matched >= MIN_MATCHED_WORDS and coverage >= MIN_COVERAGE:
                    for label in labels:
                        found[label] = max(found.get(label, 0.0), coverage)
        return found


def fit_classifier(texts: list[str], labels: list[set[str]], codes: list[str]):  # type: ignore[no-untyped-def]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english")
    binarizer = MultiLabelBinarizer(classes=codes)
    targets = binarizer.fit_transform([label & set(codes) for label in labels])
    kept = targets.sum(axis=0) > 0
    model = OneVsRestClassifier(LogisticRegression(C=10.0, solver="liblinear", class_weight="balanced"))
    model.fit(vectorizer.fit_transform(texts), targets[:, kept])
    return vectorizer, model, [code for code, keep in zip(codes, kept, strict=True) if keep]


def classifier_scores(fitted, texts: list[str]) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    vectorizer, model, codes = fitted
    probabilities = model.predict_proba(vectorizer.transform(texts))
    return [dict(zip(codes, row.tolist(), strict=True)) for row in np.atleast_2d(probabilities)]


def rank(clf: dict[str, float], lookup: dict[str, float], prior: dict[str, float], w_lookup: float,
         w_prior: float) -> list[str]:  # fmt: skip
    candidates = set(clf) | set(lookup) | (set(prior) if w_prior else set())
    scored = {
        c: clf.get(c, 0.0) + w_lookup * lookup.get(c, 0.0) + w_prior * prior.get(c, 0.0) for c in candidates
    }
    return sorted(scored, key=lambda code: (-scored[code], code))[:SHOWN]


def mean_average_precision(gold: Gold, ranked: Ranked) -> float:
    """The official definition (codiesp_map.py): AP over each gold case, a case without predictions 0."""
    scores = []
    for case, codes in gold.items():
        hits, total = 0, 0.0
        for place, code in enumerate(ranked.get(case, [])[:SHOWN], 1):
            if code in codes:
                hits += 1
                total += hits / place
        scores.append(total / len(codes))
    return sum(scores) / len(scores) if scores else 0.0


def top_k(gold: Gold, ranked: Ranked, k: int) -> tuple[float, float]:
    hits = shown = 0
    for case, codes in gold.items():
        top = ranked.get(case, [])[:k]
        hits += sum(code in codes for code in top)
        shown += len(top)
    return hits / shown if shown else 0.0, hits / sum(len(codes) for codes in gold.values())


def choose_weights(texts: list[str], labels: list[set[str]], codes: list[str], lookups: list[dict[str, float]],
                   prior: dict[str, float], folds: int) -> tuple[float, float, float]:  # fmt: skip
    """(w_lookup, w_prior, train out-of-fold MAP): the best pair on out-of-fold classifier scores of train."""
    out_of_fold: list[dict[str, float]] = [{} for _ in texts]
    for fit_rows, held_rows in KFold(folds, shuffle=True, random_state=18).split(texts):
        fitted = fit_classifier([texts[i] for i in fit_rows], [labels[i] for i in fit_rows], codes)
        for row, scores in zip(
            held_rows, classifier_scores(fitted, [texts[i] for i in held_rows]), strict=True
        ):
            out_of_fold[row] = scores
    gold = {str(row): labels[row] for row in range(len(texts)) if labels[row]}
    best = (0.0, 0.0, -1.0)
    for w_lookup, w_prior in product(LOOKUP_WEIGHTS, PRIOR_WEIGHTS):
        ranked = {
            str(row): rank(out_of_fold[row], lookups[row], prior, w_lookup, w_prior)
            for row in range(len(texts))
        }
        score = mean_average_precision(gold, ranked)
        if score > best[2]:
            best = (w_lookup, w_prior, score)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "codiesp")
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    started = time.monotonic()
    train_gold = gold_codes(args.corpus / "train" / "trainP.tsv")
    train = notes(args.corpus / "train" / "text_files_en")
    counts = Counter(code for codes in train_gold.values() for code in codes)
    codes = sorted(code for code, count in counts.items() if count >= MIN_TRAIN_COUNT)
    prior = {code: count / len(train) for code, count in counts.items()}
    cases = sorted(train)
    texts, labels = [train[case] for case in cases], [train_gold.get(case, set()) for case in cases]
    lookup = Lookup()
    train_lookups = [lookup.note_scores(text) for text in texts]
    w_lookup, w_prior, train_map = choose_weights(texts, labels, codes, train_lookups, prior, args.folds)
    fitted = fit_classifier(texts, labels, codes)
    dev = notes(args.corpus / "dev" / "text_files_en")
    dev_cases = sorted(dev)
    ranking_started = time.monotonic()
    dev_scores = classifier_scores(fitted, [dev[case] for case in dev_cases])
    ranked = {case: rank(scores, lookup.note_scores(dev[case]), prior, w_lookup, w_prior)
              for case, scores in zip(dev_cases, dev_scores, strict=True)}  # fmt: skip
    per_note_ms = (time.monotonic() - ranking_started) * 1000 / len(dev_cases)
    gold_file = args.corpus / "dev" / "devP.tsv"
    gold = gold_codes(gold_file)
    with tempfile.TemporaryDirectory() as scratch:
        predictions = Path(scratch) / "devP_pred.tsv"
        predictions.write_text(
            "".join(f"{case}\t{code}\n" for case in dev_cases for code in ranked[case]), "utf-8"
        )
        official = subprocess.run([sys.executable, str(SHARED / "tools" / "codiesp_map.py"), str(gold_file),
                                   str(predictions)], capture_output=True, text=True, check=True)  # fmt: skip
    p1, _r1 = top_k(gold, ranked, 1)
    _p10, r10 = top_k(gold, ranked, 10)
    reachable = sum(code in counts for codes in gold.values() for code in codes)
    print(
        f"CodiEsp-P dev: {len(dev_cases)} English notes ranked, {len(gold)} with gold procedures "
        f"({sum(len(c) for c in gold.values())} codes; {reachable} of them seen in trainP)"
    )
    print(
        f"classifier: {len(fitted[2])} codes seen >= {MIN_TRAIN_COUNT} times in trainP (of {len(counts)}); "
        f"look-up: {len(lookup.entries)} index entries and titles"
    )
    print(
        f"weights chosen on train ({args.folds}-fold out-of-fold MAP {train_map:.4f}): "
        f"look-up {w_lookup}, prior {w_prior}"
    )
    print(official.stdout.strip())
    dev_lookups = {case: lookup.note_scores(dev[case]) for case in dev_cases}
    for name, (w_l, w_p, use_clf) in ABLATIONS.items():  # reported, never used to choose anything
        alone = {case: rank(scores if use_clf else {}, dev_lookups[case], prior, w_l, w_p)
                 for case, scores in zip(dev_cases, dev_scores, strict=True)}  # fmt: skip
        print(f"  ablation, {name}: MAP {mean_average_precision(gold, alone):.4f}")
    print(
        f"MAP (here) {mean_average_precision(gold, ranked):.4f}  P@1 {p1:.3f}  R@10 {r10:.3f}  "
        f"{per_note_ms:.1f} ms/note ranking; {time.monotonic() - started:.0f} s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
