"""The denial meaning tables against the public CARC/RARC lists in the shared corpus (skipped without it)."""

from __future__ import annotations

import csv

import pytest

from revcycle.denials.categories import (
    CATEGORY_BY_CARC,
    CATEGORY_BY_REMARK,
    Category,
    categorize,
    remark_kind,
)
from shared_corpus import CORPUS

LISTS = CORPUS / "code_lists"
CARC_LIST = LISTS / "tigershark_carc_circa2013.csv"
RARC_LIST = LISTS / "tigershark_rarc_circa2013.csv"
pytestmark = pytest.mark.skipif(not RARC_LIST.exists(), reason=f"the shared corpus is absent ({LISTS})")
# added after the list's vintage (2013), or deactivated before it but still met on old remits (57, 62)
NEWER_THAN_THE_LIST = {"243", "247", "248", "252", "253", "258", "278", "288", "N386", "N425", "N522", "N657"}
DEACTIVATED_BEFORE_THE_LIST = {"57", "62"}


def _codes(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"].strip(): row["description"] for row in csv.DictReader(handle)}


def test_every_code_the_tables_name_is_on_the_public_lists_or_known_to_be_newer_or_retired():
    carcs, rarcs = _codes(CARC_LIST), _codes(RARC_LIST)
    unknown = sorted((set(CATEGORY_BY_CARC) - set(carcs)) | (set(CATEGORY_BY_REMARK) - set(rarcs)))
    assert set(unknown) <= NEWER_THAN_THE_LIST | DEACTIVATED_BEFORE_THE_LIST, unknown


def test_every_missing_information_remark_on_the_list_makes_an_unspecific_denial_a_missing_information_one():
    rarcs = _codes(RARC_LIST)
    missing = [code for code, text in rarcs.items() if text.lower().startswith("missing")]
    assert len(missing) == 267
    assert {remark_kind(code) for code in missing} == {"missing_information"}
    assert {categorize("CO", "A1", (code,)) for code in missing if code not in CATEGORY_BY_REMARK} == {
        Category.MISSING_INFORMATION
    }


def test_every_carc_on_the_list_gets_one_meaning_whatever_its_group():
    carcs = _codes(CARC_LIST)
    meanings = {
        (group, carc): categorize(group, carc) for carc in carcs for group in ("CO", "PR", "OA", "PI")
    }
    assert len(meanings) == 4 * len(carcs)
    assert {
        meanings[("PR", carc)]
        for carc in carcs
        if carc not in {"18", "B13", "29", "B4", "197", "198", "15", "97", "234", "B20"}
    } == {  # fmt: skip
        Category.PATIENT_RESPONSIBILITY
    }
