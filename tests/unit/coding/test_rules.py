from datetime import date

from revcycle.coding.rules import check

DOS = date(2026, 1, 15)


def _codes(findings):
    return [(f.code, f.severity.value, f.location) for f in findings]


def test_excludes1_conflict_comes_from_the_tabular():
    # given type 1 and type 2 diabetes together / when checked / then an Excludes1 error
    findings = [f for f in check(["E10.9", "E11.9"], DOS) if f.code == "excludes1_conflict"]
    assert _codes(findings) == [("excludes1_conflict", "error", "E10.9")]
    assert findings[0].message == 'E10.9 and E11.9 may not be coded together: Excludes1 at E10: "type 2 diabetes mellitus (E11.-)"'


def test_manifestation_listed_first_is_an_error_naming_the_etiology():
    findings = check(["F02.80", "G30.9"], DOS)
    assert _codes(findings) == [("manifestation_first_listed", "error", "F02.80")]
    assert findings[0].hint == "code first the underlying condition (G30.9)"


def test_etiology_before_manifestation_is_clean():
    assert check(["G30.9", "F02.80"], DOS) == []


def test_etiology_after_manifestation_in_the_middle_of_the_list():
    findings = check(["I10", "F02.80", "G30.9"], DOS)
    assert ("etiology_after_manifestation", "error", "F02.80") in _codes(findings)
    assert [f.hint for f in findings if f.code == "etiology_after_manifestation"] == ["move G30.9 before F02.80"]


def test_manifestation_without_any_etiology_is_a_warning():
    findings = check(["F02.80"], DOS)
    assert _codes(findings) == [
        ("manifestation_first_listed", "error", "F02.80"),
        ("etiology_missing", "warning", "F02.80"),
    ]
    assert findings[1].hint == "code first one of: G30, E75.4, A81.0, G40, G31.09, E83.01"


def test_use_additional_code_reminders_per_note_group():
    findings = check(["E11.621"], DOS)
    assert _codes(findings) == [
        ("use_additional_code", "warning", "E11.621"),
        ("use_additional_code", "warning", "E11.621"),
    ]
    assert findings[0].hint == "add the code the note documents, if any: L97.4, L97.5"
    # when the ulcer site and the insulin use are coded, no reminder remains
    assert check(["E11.621", "L97.411", "Z79.4"], DOS) == []


def test_external_cause_never_first_listed():
    findings = check(["W19.XXXA", "S52.521A"], DOS)
    assert _codes(findings)[0] == ("external_cause_first_listed", "error", "W19.XXXA")


def test_secondary_only_z_code_first_listed():
    findings = check(["Z79.4", "E11.9"], DOS)
    assert _codes(findings)[0] == ("secondary_only_z_code", "error", "Z79.4")


def test_duplicate_code():
    findings = [f for f in check(["I10", "I10"], DOS) if f.code == "duplicate_code"]
    assert [(f.message, f.hint) for f in findings] == [("I10 is listed 2 times", "report I10 once")]


def test_unspecified_code_beside_its_specific_sibling_overlaps():
    findings = check(["M25.569", "M25.561"], DOS)
    assert _codes(findings) == [("overlapping_codes", "warning", "M25.569")]
    assert findings[0].hint == "drop M25.569: M25.561 is more specific"


def test_without_complications_beside_a_combination_code_overlaps():
    findings = [f for f in check(["E11.40", "E11.9"], DOS) if f.code == "overlapping_codes"]
    assert [(f.location, f.hint) for f in findings] == [
        ("E11.9", "drop E11.9: E11.40 reports the condition with its complication")
    ]


def test_age_and_sex_conflicts_come_from_the_mce():
    codes = [f.code for f in check(["O80", "Z37.0"], DOS, age=30, sex="M")]
    assert "sex_conflict" in codes
    findings = [f for f in check(["N40.0"], DOS, age=10) if f.code == "age_conflict"]
    assert [f.message for f in findings] == [
        "N40.0 is a adult diagnosis (ages 15-124); patient age 10 [MCE v43 (FY2026) age edit]"
    ]
