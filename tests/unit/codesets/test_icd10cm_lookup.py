"""ICD-10-CM look-up by date of service: releases, codes, hierarchy, notes with inheritance."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.codesets import icd10cm
from revcycle.codesets.icd10cm import Note
from revcycle.kernel.errors import ErrorCode, RevcycleError


def test_releases_are_listed_oldest_first_with_their_date_ranges():
    # when
    infos = icd10cm.releases()
    # then
    assert [(info.name, info.effective_from, info.effective_through) for info in infos] == [
        ("FY2025", date(2024, 10, 1), date(2025, 9, 30)),
        ("FY2026", date(2025, 10, 1), None),
    ]
    assert infos[1].describe() == "FY2026 (April 1 2026 update), serves 2025-10-01 onward"


def test_release_for_switches_exactly_at_the_fiscal_year_boundary():
    # when / then
    assert icd10cm.release_for(date(2025, 9, 30)).name == "FY2025"
    assert icd10cm.release_for(date(2025, 10, 1)).name == "FY2026"
    assert icd10cm.release_for(date(2024, 10, 1)).name == "FY2025"
    assert icd10cm.release_for(date(2031, 1, 1)).name == "FY2026"


def test_release_for_a_date_before_the_oldest_release_raises():
    # when
    with pytest.raises(RevcycleError) as raised:
        icd10cm.release_for(date(2024, 9, 30))
    # then
    assert raised.value.code is ErrorCode.NO_RELEASE_FOR_DATE


def test_get_accepts_dotted_undotted_and_lowercase_codes():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    code = release.get("e119")
    # then
    assert code is not None
    assert (code.code, code.title, code.billable) == ("E11.9", "Type 2 diabetes mellitus without complications", True)
    assert (code.chapter, code.block, code.parent, code.children) == ("4", "E08-E13", "E11", ())
    assert release.get("E11.9") == code


def test_a_header_lists_its_children_and_is_not_billable():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    header = release.get("J02")
    # then
    assert header is not None
    assert header.billable is False
    assert header.children == ("J02.0", "J02.8", "J02.9")
    assert release.is_billable("J02") is False
    assert release.is_billable("J02.9") is True


def test_seventh_character_codes_are_synthesized_from_the_inherited_definition():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    code = release.get("S52.521A")
    stem = release.get("S52.521")
    # then
    assert code is not None and stem is not None
    assert code.title == "Torus fracture of lower end of right radius, initial encounter for closed fracture"
    assert (code.billable, code.synthesized, code.parent) == (True, True, "S52.521")
    assert (stem.billable, stem.seven_chr_required, stem.seven_chr_defined_at) == (False, True, "S52.52")
    assert [char for char, _meaning in stem.seven_chr_definitions] == ["A", "D", "G", "K", "P", "S"]
    assert release.get("S52.521B") is None  # B is defined at S52 but S52.52 overrides it


def test_placeholder_x_pads_short_codes_before_the_seventh_character():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    stem = release.get("S02.0")
    padded = release.get("S020XXA")
    # then
    assert stem is not None and stem.placeholder_stem == "S020XX"
    assert padded is not None and padded.code == "S02.0XXA"
    assert release.get("S02.0A") is None
    assert release.get("T36.0X1A") is not None


def test_codes_lists_tabular_rows_only():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    codes = set(release.codes())
    # then
    assert "S52.521" in codes and "J02" in codes
    assert "S52.521A" not in codes
    assert len(codes) == 46498


def test_notes_report_where_each_inherited_note_is_written():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    notes = release.notes("S52.521A")
    # then
    assert Note("excludes1", "traumatic amputation of forearm (S58.-)", ("S58",), "S52") in notes
    assert Note("excludes2", "burns and corrosions (T20-T32)", ("T20-T32",), "S50-S59") in notes
    assert Note("useAdditionalCode", "code to identify any retained foreign body, if applicable (Z18.-)",
                ("Z18",), "Chapter 19") in notes
    seventh = [note for note in notes if note.kind == "sevenChrDef"]
    assert seventh == [Note("sevenChrDef", "A = initial encounter for closed fracture; "
                            "D = subsequent encounter for fracture with routine healing; "
                            "G = subsequent encounter for fracture with delayed healing; "
                            "K = subsequent encounter for fracture with nonunion; "
                            "P = subsequent encounter for fracture with malunion; S = sequela", (), "S52.52")]


def test_own_notes_have_no_inherited_from_and_cover_every_kind():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    own = [note for note in release.notes("J02") if note.inherited_from is None]
    # then
    assert Note("includes", "acute sore throat", (), None) in own
    assert Note("excludes1", "acute laryngopharyngitis (J06.0)", ("J06.0",), None) in own
    assert Note("excludes2", "chronic pharyngitis (J31.2)", ("J31.2",), None) in own
    kinds = {note.kind for code in ("E11.9", "E08.0", "I10", "S02.0", "N18.3") for note in release.notes(code)}
    assert {"includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst", "useAdditionalCode",
            "codeAlso", "notes", "sevenChrNote", "sevenChrDef", "placeholder"} <= kinds


def test_placeholder_rule_is_reported_as_a_note():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when
    placeholder = [note for note in release.notes("S02.0") if note.kind == "placeholder"]
    # then
    assert placeholder == [Note("placeholder", "S02.0 has fewer than 6 characters: pad with placeholder X to "
                                "S02.0XX before the 7th character (e.g. S02.0XXA)")]


def test_s06_death_codes_take_only_the_initial_encounter_character():
    # given
    release = icd10cm.release_for(date(2025, 6, 1))
    # when / then
    assert release.get("S06.307A") is not None
    assert release.get("S06.307D") is None
    assert release.get("S06.300D") is not None


def test_an_open_ended_release_says_when_a_date_is_past_its_fiscal_year():
    # given
    newest = icd10cm.releases()[-1]
    # when / then
    assert newest.staleness_note(date(2026, 9, 30)) is None
    assert newest.staleness_note(date(2026, 10, 1)) == (
        "FY2026 is the newest ICD-10-CM release held; 2026-10-01 falls after its fiscal year "
        "(ended 2026-09-30): add the next release to be current")
    assert icd10cm.releases()[0].staleness_note(date(2025, 9, 30)) is None
