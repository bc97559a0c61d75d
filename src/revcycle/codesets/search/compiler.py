"""Entries -> the arrays the scorer reads: vocabulary, idf, postings, per-entry weights.

Postings are CSR: the entries holding word `w` as an essential word are
`ess_entries[ess_offsets[w]:ess_offsets[w + 1]]` (optional words likewise). A word is held
by an entry at most once, as essential if it is essential anywhere in the entry.
`entry_weight[e]` is the sum of the idf of the entry's essential words, the denominator of
the entry coverage; `entry_prior[e]` the source prior, lowered a little per path level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from revcycle.codesets.search.entries import SOURCE_PRIOR, SOURCES, Entry
from revcycle.codesets.search.text import OPTIONAL_WORDS, marked_words

DEPTH_PENALTY = 0.004


def entry_words(entry: Entry) -> tuple[set[str], set[str]]:
    """(essential, optional) words of one entry."""
    essential_all = set(marked_words(entry.essential))
    essential = essential_all - OPTIONAL_WORDS
    optional = (set(marked_words(entry.optional)) | (essential_all & OPTIONAL_WORDS)) - essential
    return essential, optional


def _postings(entry_sets: list[set[int]], vocabulary_size: int) -> tuple[np.ndarray, np.ndarray]:
    per_word: list[list[int]] = [[] for _ in range(vocabulary_size)]
    for entry_id, word_ids in enumerate(entry_sets):
        for word_id in word_ids:
            per_word[word_id].append(entry_id)
    lengths = np.fromiter((len(ids) for ids in per_word), dtype=np.uint32, count=vocabulary_size)
    offsets = np.zeros(vocabulary_size + 1, dtype=np.uint32)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter((e for ids in per_word for e in ids), dtype=np.uint32, count=int(offsets[-1]))
    return offsets, flat


def _interned(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    table: dict[str, int] = {"": 0}
    ids = np.fromiter(
        (table.setdefault(value, len(table)) for value in values), dtype=np.uint32, count=len(values)
    )
    return list(table), ids


def compile_entries(entries: Sequence[Entry]) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """The sections of a compiled index (see `store.write_index`)."""
    split = [entry_words(entry) for entry in entries]
    vocabulary = sorted(set().union(*(ess | opt for ess, opt in split))) if split else []
    word_id = {word: i for i, word in enumerate(vocabulary)}
    essential_ids = [{word_id[w] for w in ess} for ess, _ in split]
    optional_ids = [{word_id[w] for w in opt} for _, opt in split]
    document_frequency = np.zeros(len(vocabulary), dtype=np.float64)
    for ess, opt in zip(essential_ids, optional_ids, strict=True):
        for w in ess | opt:
            document_frequency[w] += 1
    total = max(len(entries), 1)
    idf = np.array([math.log(1.0 + total / df) for df in document_frequency], dtype=np.float32)
    ess_offsets, ess_entries = _postings(essential_ids, len(vocabulary))
    opt_offsets, opt_entries = _postings(optional_ids, len(vocabulary))
    weights = np.array([math.fsum(float(idf[w]) for w in ess) for ess in essential_ids], dtype=np.float32)
    priors = np.array(
        [SOURCE_PRIOR[e.source] * (1.0 - DEPTH_PENALTY * e.depth) for e in entries], dtype=np.float32
    )
    codes, code_ids = _interned([e.code for e in entries])
    paths, path_ids = _interned([e.path for e in entries])
    columns, column_ids = _interned([e.column for e in entries])
    sees, see_ids = _interned([e.see for e in entries])
    arrays = {
        "idf": idf,
        "ess_offsets": ess_offsets,
        "ess_entries": ess_entries,
        "opt_offsets": opt_offsets,
        "opt_entries": opt_entries,
        "entry_weight": weights,
        "entry_prior": priors,
        "entry_code": code_ids,
        "entry_path": path_ids,
        "entry_column": column_ids,
        "entry_see": see_ids,
        "entry_source": np.array([SOURCES.index(e.source) for e in entries], dtype=np.uint8),
        "entry_incomplete": np.array([e.incomplete for e in entries], dtype=np.uint8),
    }
    strings = {"vocabulary": vocabulary, "codes": codes, "paths": paths, "columns": columns, "sees": sees}
    return arrays, strings
