import pytest

from revcycle.coding.em import DataReviewed, EmInput, MdmLevel, em_input_from_dict, level_visit
from revcycle.coding.em.mdm import level_data, level_mdm, level_problems, level_risk
from revcycle.coding.em.time import extract_total_time, level_by_time, prolonged_services
from revcycle.kernel import ErrorCode, RevcycleError


def test_problems_element_levels():
    # given problem lists / when leveled / then the AMA grid level
    assert level_problems([]).level is MdmLevel.NONE
    assert level_problems(["self_limited"]).level is MdmLevel.STRAIGHTFORWARD
    assert level_problems(["self_limited", "self_limited"]).level is MdmLevel.LOW
    assert level_problems(["stable_chronic"]).level is MdmLevel.LOW
    assert level_problems(["stable_acute"]).level is MdmLevel.LOW
    assert level_problems(["stable_chronic", "stable_chronic"]).level is MdmLevel.MODERATE
    assert level_problems(["acute_systemic"]).level is MdmLevel.MODERATE
    assert level_problems(["undiagnosed_uncertain", "self_limited"]).level is MdmLevel.MODERATE
    assert level_problems(["threat_to_life"]).level is MdmLevel.HIGH
    assert level_problems(["stable_chronic", "stable_chronic"]).why == "2 or more stable chronic illnesses: moderate"


def test_data_element_category_counting():
    # one category-1 item is minimal; two are limited
    assert level_data(DataReviewed(tests_ordered=1)).level is MdmLevel.STRAIGHTFORWARD
    assert level_data(DataReviewed(tests_ordered=1, tests_reviewed=1)).level is MdmLevel.LOW
    # the independent historian alone is limited (category 2 of low)
    assert level_data(DataReviewed(independent_historian=True)).level is MdmLevel.LOW
    # three items of category 1 (historian counts there at moderate) are moderate
    assert level_data(DataReviewed(tests_ordered=2, independent_historian=True)).level is MdmLevel.MODERATE
    assert level_data(DataReviewed(external_note_sources=3)).level is MdmLevel.MODERATE
    # independent interpretation or discussion alone is moderate
    assert level_data(DataReviewed(independent_interpretation=True)).level is MdmLevel.MODERATE
    assert level_data(DataReviewed(discussion_with_external=True)).level is MdmLevel.MODERATE
    # two of the three categories are extensive
    assert level_data(DataReviewed(independent_interpretation=True, discussion_with_external=True)).level is MdmLevel.HIGH
    assert level_data(DataReviewed(tests_reviewed=3, discussion_with_external=True)).level is MdmLevel.HIGH


def test_data_element_explains_its_counts():
    element = level_data(DataReviewed(tests_ordered=1, tests_reviewed=1))
    assert element.why == (
        "limited: 1 of 2 categories met (tests ordered 1; tests reviewed 1; external note sources 0; "
        "independent historian no; independent interpretation no; discussion with external physician no)"
    )


def test_risk_element_levels():
    assert level_risk([]).level is MdmLevel.STRAIGHTFORWARD
    assert level_risk(["otc_drugs"]).level is MdmLevel.LOW
    assert level_risk(["prescription_drug_management"]).level is MdmLevel.MODERATE
    assert level_risk(["otc_drugs", "emergency_major_surgery"]).why == "emergency_major_surgery: high"
    assert level_risk(["dnr_or_deescalation_poor_prognosis"]).level is MdmLevel.HIGH


def test_mdm_is_the_level_two_of_three_meet_or_exceed():
    # given H / SF / M elements / then moderate
    elements = [level_problems(["threat_to_life"]), level_data(DataReviewed()), level_risk(["prescription_drug_management"])]
    assert level_mdm(elements) is MdmLevel.MODERATE


@pytest.mark.parametrize(
    ("patient", "minutes", "expected"),
    [
        ("new", 14, MdmLevel.NONE),
        ("new", 15, MdmLevel.STRAIGHTFORWARD),
        ("new", 29, MdmLevel.STRAIGHTFORWARD),
        ("new", 30, MdmLevel.LOW),
        ("new", 44, MdmLevel.LOW),
        ("new", 45, MdmLevel.MODERATE),
        ("new", 59, MdmLevel.MODERATE),
        ("new", 60, MdmLevel.HIGH),
        ("established", 9, MdmLevel.NONE),
        ("established", 10, MdmLevel.STRAIGHTFORWARD),
        ("established", 19, MdmLevel.STRAIGHTFORWARD),
        ("established", 20, MdmLevel.LOW),
        ("established", 29, MdmLevel.LOW),
        ("established", 30, MdmLevel.MODERATE),
        ("established", 39, MdmLevel.MODERATE),
        ("established", 40, MdmLevel.HIGH),
    ],
)
def test_time_thresholds_at_each_boundary(patient, minutes, expected):
    assert level_by_time(patient, minutes) is expected


def test_prolonged_units_at_their_boundaries():
    assert prolonged_services("new", 74) == []
    assert [(p.code, p.units) for p in prolonged_services("new", 75)] == [("99417", 1)]
    assert [(p.code, p.units) for p in prolonged_services("new", 89)] == [("99417", 1), ("G2212", 1)]
    assert [(p.code, p.units) for p in prolonged_services("new", 105)] == [("99417", 3), ("G2212", 2)]
    assert prolonged_services("established", 54) == []
    assert [(p.code, p.units) for p in prolonged_services("established", 55)] == [("99417", 1)]
    assert [(p.code, p.units) for p in prolonged_services("established", 69)] == [("99417", 1), ("G2212", 1)]


def test_total_time_is_read_from_the_note_with_its_span():
    note = "Plan reviewed.\nTotal time 42 minutes, more than half counseling."
    found = extract_total_time(note)
    assert (found.minutes, found.text) == (42, "Total time 42 minutes")
    assert note[found.start : found.end] == "Total time 42 minutes"
    assert extract_total_time("I spent 45 min reviewing outside records.").minutes == 45
    assert extract_total_time("Follow up in 2 weeks.") is None


def test_the_explanation_names_each_element_and_the_basis():
    result = level_visit(
        EmInput(patient="established", problems=["stable_chronic"], risks=["otc_drugs"], total_minutes=31)
    )
    assert result.code == "99214"
    assert result.explanation == [
        "problems: 1 x stable_chronic: low",
        "data: minimal or none (tests ordered 0; tests reviewed 0; external note sources 0; independent historian no; "
        "independent interpretation no; discussion with external physician no)",
        "risk: otc_drugs: low",
        "MDM: low (the level two of three elements meet or exceed)",
        "time: 31 min meets the 30-minute threshold of 99214",
        "basis: time (the higher supported level) -> 99214",
    ]


def test_bad_input_is_refused_with_a_clear_error():
    with pytest.raises(RevcycleError) as raised:
        level_visit(em_input_from_dict({"patient": "returning", "problems": ["self_limited"]}))
    assert raised.value.code is ErrorCode.VALIDATION
    with pytest.raises(RevcycleError) as raised:
        level_visit(em_input_from_dict({"patient": "new", "problems": ["broken_heart"]}))
    assert "broken_heart" in raised.value.message
