from datetime import date

from revcycle.codesets.icd10cm import release_for
from revcycle.coding.specificity import resolve_billable

FY2026 = release_for(date(2026, 1, 15))


def test_seventh_character_defaults_to_initial_encounter():
    # given a fracture code that needs a 7th character / when resolved / then A is added, with a prompt
    resolved = resolve_billable("S52.521", FY2026)
    assert resolved.code == "S52.521A"
    assert resolved.built == "7th character A (initial encounter for closed fracture)"
    assert resolved.prompts[0] == (
        "episode of care: A (initial encounter for closed fracture) assumed; confirm, or document for "
        "D subsequent encounter for fracture with routine healing, G subsequent encounter for fracture "
        "with delayed healing, or one of 3 more"
    )


def test_placeholder_x_is_built_before_the_seventh_character():
    assert resolve_billable("S02.0", FY2026).code == "S02.0XXA"
    assert resolve_billable("W19", FY2026).code == "W19.XXXA"
    assert resolve_billable("T14.90", FY2026).code == "T14.90XA"
    assert resolve_billable("W19", FY2026).built == "7th character A (initial encounter) after placeholder X"


def test_another_episode_of_care_can_be_asked_for():
    assert resolve_billable("S93.401", FY2026, episode="D").code == "S93.401D"


def test_header_resolves_to_its_unspecified_code_with_a_specificity_prompt():
    resolved = resolve_billable("M25.56", FY2026)
    assert resolved.code == "M25.569"
    assert resolved.built == "M25.56 is a header; M25.569 is its unspecified billable code"
    assert resolved.prompts == (
        "M25.569 is unspecified: documenting laterality (right, left, bilateral) would allow a more specific "
        "code (e.g. M25.561 Pain in right knee, M25.562 Pain in left knee)",
    )


def test_billable_specific_code_needs_no_prompt():
    resolved = resolve_billable("E11.42", FY2026)
    assert (resolved.code, resolved.prompts, resolved.built) == ("E11.42", (), "")


def test_unknown_code_resolves_to_nothing():
    assert resolve_billable("E11.99", FY2026) is None
