"""The compiled ICD-10-CM store against its sources: the CMS order file (FY2025), the code list
and billable flags of simple-icd-10-cm 1.5.0 (FY2026), and the Tabular List XML itself."""

from __future__ import annotations

import gzip
import importlib.resources
import xml.etree.ElementTree as ET
from pathlib import Path

import simple_icd_10_cm

from revcycle.codesets import icd10cm
from revcycle.codesets.code_refs import undotted

ORDER_FILE = "icd10/tabular/icd10cm_order_2025_reconstructed.txt.gz"
TABULAR_FY2025 = "icd10/tabular/icd10cm-tabular-April-2025.xml.gz"


def _order_file(corpus_dir: Path) -> dict[str, bool]:
    """{undotted code: billable} from the CMS order file (fixed columns: code 7-13, flag 15)."""
    with gzip.open(corpus_dir / ORDER_FILE, "rt", encoding="utf-8") as stream:
        return {line[6:13].strip(): line[14] == "1" for line in stream}


def _fy2025() -> icd10cm.Icd10Release:
    return icd10cm.release_named("FY2025")


def _fy2026() -> icd10cm.Icd10Release:
    return icd10cm.release_named("FY2026")


def test_fy2025_billable_codes_match_the_cms_order_file_exactly(corpus_dir: Path):
    # given
    order = _order_file(corpus_dir)
    # when
    ours = {undotted(code) for code in _fy2025().billable_codes()}
    # then
    assert len(ours) == 74260
    assert ours == {code for code, billable in order.items() if billable}


def test_fy2025_headers_and_synthesized_codes_cover_every_order_file_code(corpus_dir: Path):
    # given
    order = _order_file(corpus_dir)
    release = _fy2025()
    # when
    every = {undotted(code) for code in release.codes()} | {undotted(code) for code in release.billable_codes()}
    # then
    assert len(order) == 97584
    assert every == set(order)
    assert all(release.is_billable(code) is billable for code, billable in list(order.items())[::97])
    assert all((release.billable_code(code) is not None) is billable for code, billable in order.items())


def test_fy2026_matches_the_code_list_and_leaves_of_simple_icd_10_cm():
    # given
    listing = importlib.resources.files("simple_icd_10_cm").joinpath("data/code-list-April-2026.txt")
    listed = {line.strip() for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()}
    codes = {code for code in listed if not code.isdigit() and "-" not in code}  # drop chapters and blocks
    release = _fy2026()
    # when
    billable = {undotted(code) for code in release.billable_codes()}
    every = {undotted(code) for code in release.codes()} | billable
    # then
    assert (len(codes), len(billable)) == (98186, 74719)
    assert every == codes
    assert billable == {code for code in codes if simple_icd_10_cm.is_leaf(code)}


def test_every_tabular_diag_is_a_row_with_its_title(corpus_dir: Path):
    # given
    with gzip.open(corpus_dir / TABULAR_FY2025) as stream:
        root = ET.parse(stream).getroot()
    # titles are stored whitespace-normalized (W44.G has a double space in the source)
    diags = {diag.findtext("name"): " ".join((diag.findtext("desc") or "").split()) for diag in root.iter("diag")}
    release = _fy2025()
    # when
    ours = {code: release.get(code).title for code in release.codes()}  # type: ignore[union-attr]
    # then
    assert len(diags) == len(ours) == 46498
    assert ours == diags


def test_spot_checks_against_the_tabular(corpus_dir: Path):
    # given
    release = _fy2025()
    # when
    t36 = release.get("T36.0X1A")
    e11 = release.get("E11")
    # then
    assert t36 is not None and t36.title == "Poisoning by penicillins, accidental (unintentional), initial encounter"
    assert e11 is not None and (e11.chapter, e11.block, len(e11.children)) == ("4", "E08-E13", 9)
    assert "E11.A" not in set(release.codes())
    assert "E11.A" in set(_fy2026().codes())


def test_fy2026_deletions_and_expansions_found_by_diffing_the_releases():
    # when
    old, new = _fy2025(), _fy2026()
    old_billable = set(old.billable_codes())
    new_billable = set(new.billable_codes())
    new_rows = set(new.codes())
    gone = sorted(old_billable - new_billable - new_rows)
    now_headers = sorted((old_billable & new_rows) - new_billable)
    # then
    assert gone == ["S30.1XXA", "S30.1XXD", "S30.1XXS", "T78.07XA", "T78.07XD", "T78.07XS",
                    "T78.08XA", "T78.08XD", "T78.08XS", "T78.1XXA", "T78.1XXD", "T78.1XXS"]
    assert "G35" in now_headers and "B88.0" in now_headers
    assert len(new_billable - old_billable) == 487
