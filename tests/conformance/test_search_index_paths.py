"""Acceptance: the search index round-trips every FY2025 Alphabetic Index path to its code,
for codes still in the FY2026 release (billable, 7th-character stem or header)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from revcycle.codesets.icd10cm import release_named
from revcycle.codesets.search import lookup_path, search
from revcycle.codesets.search.entries import clean_code

pytestmark = pytest.mark.corpus

PATHS_FILE = "icd10/index_fy2025/icd10cm_index_fy2025_paths.tsv"
SEARCH_SAMPLE_SIZE = 2000
FY2026_DOS = date(2026, 1, 1)


@pytest.fixture(scope="module")
def fy2026_rows(corpus_dir: Path) -> list[tuple[str, str]]:
    """(path, code) of every FY2025 index row whose code the FY2026 release still has."""
    release = release_named("FY2026")
    with (corpus_dir / PATHS_FILE).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    kept = []
    for row in rows:
        code, _ = clean_code(row["code"])
        if code and release.get(code) is not None:
            kept.append((row["path"], code))
    return kept


def test_every_index_path_looks_up_its_code(fy2026_rows):
    # given every FY2025 index row whose code the FY2026 release still has
    rows = fy2026_rows
    # when
    missed = [(path, code) for path, code in rows if code not in lookup_path(path)]
    # then
    assert len(rows) == 62721
    assert missed == []


def _offered(path: str, code: str) -> bool:
    hits = search(path, FY2026_DOS, limit=10)
    return any(hit.code.startswith(code) or hit.indexed_code.rstrip("-") == code for hit in hits)


def test_searching_the_path_text_offers_its_code_in_the_top_ten(fy2026_rows):
    # given a deterministic sample: every n-th row whose code FY2026 still has
    rows = fy2026_rows
    sample = rows[:: len(rows) // SEARCH_SAMPLE_SIZE][:SEARCH_SAMPLE_SIZE]
    # when the path is typed as the query (modifiers and all) for a FY2026 date of service
    missed = [(path, code) for path, code in sample if not _offered(path, code)]
    # then (a header's code counts when one of its descendants is offered)
    print(f"search round trip: {len(sample) - len(missed)}/{len(sample)} paths offer their code in the top 10")
    assert len(sample) == SEARCH_SAMPLE_SIZE
    assert missed == []
