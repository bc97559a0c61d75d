"""The loaded index and its scorer: typed words in, entries ranked by score out.

Score of an entry for a query of word slots with weights w (idf):
    qcov  = matched weight / total query weight        (did the entry cover what was typed?)
    ecov  = matched essential weight / entry weight    (how much of the entry was typed?)
    score = qcov^2 * (0.5 + 0.5 * ecov) * prior        (prior: source, path depth)
Optional words (non-essential modifiers, NEC/NOS/unspecified, table column words) add to
qcov when typed and never lower ecov. Scoring is a numpy unique + two bincounts over the postings of
the typed words, so its cost follows the postings touched, not the index size.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from revcycle.codesets.search.compiler import compile_entries
from revcycle.codesets.search.entries import SOURCES, Entry
from revcycle.codesets.search.store import StoredIndex

COMMON_POSTINGS = 4000  # a word in more entries than this only re-scores candidates


@dataclass(frozen=True, slots=True)
class Slot:
    """One typed word: the index words it may match, how they were found, and its weight.

    kind: "exact" (the word itself, with its synonyms), "synonym" (only synonyms), "prefix"
    (a partly typed word: its completions) or "fuzzy" (a misspelling: words 1-2 edits away).
    """

    typed: str
    word_ids: tuple[int, ...]
    kind: str
    weight: float


class SearchIndex:
    def __init__(self, arrays: dict[str, np.ndarray], strings: dict[str, list[str]]) -> None:
        self.arrays = arrays
        self.vocabulary = strings["vocabulary"]
        self.word_ids = {word: i for i, word in enumerate(self.vocabulary)}
        self.codes, self.paths = strings["codes"], strings["paths"]
        self.columns, self.sees = strings["columns"], strings["sees"]
        self.idf = arrays["idf"]
        self.size = len(arrays["entry_weight"])
        self._mask_cache: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._by_start: dict[tuple[str, int], list[str]] = {}  # (first letter, length) -> words
        for word in self.vocabulary:
            self._by_start.setdefault((word[0], len(word)), []).append(word)

    @classmethod
    def from_stored(cls, stored: StoredIndex) -> SearchIndex:
        return cls(stored.arrays, stored.strings)

    @classmethod
    def from_entries(cls, entries: Sequence[Entry]) -> SearchIndex:
        arrays, strings = compile_entries(entries)
        return cls(arrays, strings)

    # -- words -----------------------------------------------------------------------------
    def completions(self, prefix: str, limit: int = 24) -> list[int]:
        """Index words starting with `prefix`, the most frequent (lowest idf) first."""
        start = bisect_left(self.vocabulary, prefix)
        found: list[int] = []
        for word_id in range(start, len(self.vocabulary)):
            if not self.vocabulary[word_id].startswith(prefix):
                break
            found.append(word_id)
        found.sort(key=lambda word_id: float(self.idf[word_id]))
        return found[:limit]

    def near(self, word: str) -> list[tuple[int, int]]:
        """Index words within 1 edit (2 for words of 7+ letters; transpositions count 1) that
        start with the same letter, or with the second one (the first two swapped)."""
        if len(word) < 4 or word.isdecimal():
            return []
        allowed = 1 if len(word) < 7 else 2
        lengths = range(len(word) - allowed, len(word) + allowed + 1)
        choices = [w for first in dict.fromkeys(word[:2]) for n in lengths for w in self._by_start.get((first, n), ())]
        matches = process.extract(word, choices, scorer=OSA.distance, score_cutoff=allowed, limit=8)
        return [(self.word_ids[match], int(distance)) for match, distance, _ in matches]

    # -- entries ---------------------------------------------------------------------------
    def entry_code(self, entry: int) -> str:
        return self.codes[self.arrays["entry_code"][entry]]

    def entry_path(self, entry: int) -> str:
        return self.paths[self.arrays["entry_path"][entry]]

    def entry_source(self, entry: int) -> str:
        return SOURCES[self.arrays["entry_source"][entry]]

    def entry_column(self, entry: int) -> str:
        return self.columns[self.arrays["entry_column"][entry]]

    def entry_see(self, entry: int) -> str:
        return self.sees[self.arrays["entry_see"][entry]]

    def entry_incomplete(self, entry: int) -> bool:
        return bool(self.arrays["entry_incomplete"][entry])

    # -- scoring ---------------------------------------------------------------------------
    def _slot_postings(self, slot: Slot) -> tuple[np.ndarray, np.ndarray]:
        """(entries holding the slot as essential, entries holding it only as optional)."""
        arrays = self.arrays
        essential, optional = [], []
        for word_id in slot.word_ids:
            essential.append(
                arrays["ess_entries"][arrays["ess_offsets"][word_id] : arrays["ess_offsets"][word_id + 1]]
            )
            optional.append(
                arrays["opt_entries"][arrays["opt_offsets"][word_id] : arrays["opt_offsets"][word_id + 1]]
            )
        if len(slot.word_ids) == 1:
            return essential[0], optional[0]
        essential_ids = np.unique(np.concatenate(essential))
        optional_ids = np.setdiff1d(np.unique(np.concatenate(optional)), essential_ids, assume_unique=True)
        return essential_ids, optional_ids

    def _masks(self, slot: Slot) -> tuple[np.ndarray, np.ndarray]:
        """Boolean (essential, optional) membership over all entries, for a common slot."""
        key = slot.word_ids
        if key not in self._mask_cache:
            essential, optional = self._slot_postings(slot)
            essential_mask = np.zeros(self.size, dtype=bool)
            essential_mask[essential] = True
            optional_mask = np.zeros(self.size, dtype=bool)
            optional_mask[optional] = True
            self._mask_cache[key] = (essential_mask, optional_mask)
        return self._mask_cache[key]

    def _candidates(self, slots: Sequence[Slot]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(candidate entries, matched weight, matched essential weight) from the given slots."""
        parts, weights = [], []
        for slot in slots:
            essential, optional = self._slot_postings(slot)
            parts += [essential, optional]
            weights += [np.full(len(essential), slot.weight), np.full(len(optional), slot.weight)]
        essential_count = sum(len(part) for part in parts[0::2])
        entry_ids = np.concatenate(parts[0::2] + parts[1::2])  # essential postings first, then optional
        entry_weights = np.concatenate(weights[0::2] + weights[1::2])
        candidates, slot_of = np.unique(entry_ids, return_inverse=True)
        # bincount of an empty selection comes back as int64 whatever the weights: keep floats
        matched = np.bincount(slot_of, weights=entry_weights, minlength=len(candidates)).astype(np.float64)
        matched_essential = np.bincount(
            slot_of[:essential_count], weights=entry_weights[:essential_count], minlength=len(candidates)
        ).astype(np.float64)
        return candidates, matched, matched_essential

    def _postings_size(self, slot: Slot) -> int:
        arrays = self.arrays
        return sum(
            int(arrays["ess_offsets"][w + 1]) - int(arrays["ess_offsets"][w])
            + int(arrays["opt_offsets"][w + 1]) - int(arrays["opt_offsets"][w])
            for w in slot.word_ids
        )

    def rank(self, slots: Sequence[Slot], top: int) -> list[tuple[int, float]]:
        """The `top` best entries as (entry, score), best first; ties keep entry order.

        Candidates come from the slots with short postings; a common word ("with", "nec",
        "poisoning") only adds its weight to those candidates, through a cached boolean mask,
        unless every typed word is common (then the rarest one finds the candidates).
        """
        total = sum(slot.weight for slot in slots)
        if not slots or total <= 0:
            return []
        by_size = sorted(slots, key=self._postings_size)
        drivers = [slot for slot in by_size if self._postings_size(slot) <= COMMON_POSTINGS] or by_size[:1]
        candidates, matched, matched_essential = self._candidates(drivers)
        for slot in by_size[len(drivers) :]:
            essential_mask, optional_mask = self._masks(slot)
            essential_hit = essential_mask[candidates]
            matched_essential += slot.weight * essential_hit
            matched += slot.weight * (essential_hit | optional_mask[candidates])
        entry_weight = self.arrays["entry_weight"][candidates]
        query_cover = matched / total
        entry_cover = np.where(
            entry_weight > 0, np.minimum(matched_essential / np.maximum(entry_weight, 1e-9), 1.0), 1.0
        )
        scores = query_cover * query_cover * (0.5 + 0.5 * entry_cover) * self.arrays["entry_prior"][candidates]
        if len(candidates) > top:
            keep = np.argpartition(-scores, top)[:top]
            candidates, scores = candidates[keep], scores[keep]
        order = np.lexsort((candidates, -scores))
        return list(zip(candidates[order].tolist(), scores[order].tolist(), strict=True))
