"""The compiled ICD-10-PCS releases against the CMS files they come from (skipped without the corpus):
the April 2026 release is the April order file code for code, the October releases are their tables'
expansion, every title is the order file's long title, and the DRG weights rebuild."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from revcycle.codesets import icd10pcs
from revcycle.drg import build as drg_build
from revcycle.drg.weights import DATA_DIR, STATUS_FILE, WEIGHTS_FILE


def _order_file(corpus_dir: Path) -> dict[str, str]:
    text = gzip.decompress((corpus_dir / "icd10pcs/icd10pcs_order_2026.txt.gz").read_bytes()).decode(
        "latin-1"
    )
    return {line[6:13]: line[77:].rstrip() for line in text.splitlines() if line[14:15] == "1"}


def test_the_april_2026_release_is_the_april_order_file_code_for_code(corpus_dir: Path):
    # given
    order = _order_file(corpus_dir)
    release = icd10pcs.release_for(icd10pcs.releases()[-1].effective_from)
    # when
    codes = {code for option in release.options("") for code in _codes(release, option.value)}
    # then
    assert len(order) == 79193
    assert codes == set(order)
    assert all(icd10pcs.title(code) == title for code, title in order.items())


def _codes(release: icd10pcs.PcsRelease, section: str) -> list[str]:
    found: list[str] = []
    for body in release.options(section):
        for operation in release.options(section + body.value):
            found.extend(release.codes_under(section + body.value + operation.value))
    return found


def test_the_mce_valid_procedure_list_on_each_release_start_is_held(corpus_dir: Path):
    # given
    rows = (corpus_dir / "cms/mce_fy2027/pcs_valid_codes.csv").read_text().splitlines()[1:]
    for info in icd10pcs.releases():
        day = info.effective_from.strftime("%Y%m%d")
        valid = [row.split(",")[0] for row in rows if row.split(",")[1] <= day <= row.split(",")[2]]
        release = icd10pcs.release_for(info.effective_from)
        # when
        missing = [code for code in valid if not release.is_valid(code)]
        # then
        assert missing == [], f"{info.name}: {len(missing)} MCE codes valid on {day} not in the release"


def test_the_drg_weights_and_patient_status_codes_rebuild(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch):
    # given
    monkeypatch.setenv("REVCYCLE_CORPUS_DIR", str(corpus_dir))
    # when / then
    assert drg_build.compile_weights() == (DATA_DIR / WEIGHTS_FILE).read_text(encoding="utf-8")
    assert drg_build.compile_status() == (DATA_DIR / STATUS_FILE).read_text(encoding="utf-8")
