"""Tf-idf vectors of note text, computed the same way at training and at run time (numpy only).

Words are lower-case runs of letters and digits starting with a letter, stop words removed;
terms are those words and their adjacent pairs (bigrams, after stop-word removal). A vector is
`1 + log(tf)` times the smoothed idf, L2-normalised, over the vocabulary fixed at training.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[a-z][a-z0-9]+")


def terms(text: str, stop_words: frozenset[str]) -> list[str]:
    words = [word for word in _WORD.findall(text.lower()) if word not in stop_words]
    return words + [f"{left} {right}" for left, right in zip(words, words[1:], strict=False)]


class TfIdf:
    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, stop_words: Iterable[str]) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {term: position for position, term in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.stop_words = frozenset(stop_words)

    @classmethod
    def fit(cls, texts: Sequence[str], stop_words: Iterable[str], min_df: int = 2) -> TfIdf:
        stops = frozenset(stop_words)
        document_frequency: Counter[str] = Counter()
        for text in texts:
            document_frequency.update(set(terms(text, stops)))
        vocabulary = sorted(term for term, count in document_frequency.items() if count >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + document_frequency[term])) + 1 for term in vocabulary])
        return cls(vocabulary, idf, stops)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(term indices, weights) of one text, L2-normalised; empty arrays when no term is known."""
        counts = Counter(term for term in terms(text, self.stop_words) if term in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indices = np.array([self.index[term] for term in counts], dtype=np.int64)
        weights = np.array([1 + math.log(count) for count in counts.values()]) * self.idf[indices]
        return indices, weights / np.linalg.norm(weights)

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """Dense (texts x vocabulary) matrix; used at training time on a few hundred texts."""
        out = np.zeros((len(texts), len(self.vocabulary)))
        for row, text in enumerate(texts):
            indices, weights = self.vector(text)
            out[row, indices] = weights
        return out
