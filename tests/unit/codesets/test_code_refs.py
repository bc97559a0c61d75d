"""Code references inside Tabular List notes: parsing and containment, qualifiers included."""

from __future__ import annotations

from revcycle.codesets.code_refs import reference_contains, references_in


def _any_code(_key: str) -> bool:
    return True


def test_references_are_returned_canonically():
    # when / then
    assert references_in("traumatic amputation of forearm (S58.-)", _any_code) == ("S58",)
    assert references_in("hypertensive disease (O10-O11, O13-O16)", _any_code) == ("O10-O11", "O13-O16")
    assert references_in("diabetes (E08-E13 with .21)", _any_code) == ("E08-E13 with .21",)
    assert references_in("concussion (S06.0X- with seventh character A)", _any_code) == (
        "S06.0X with seventh character A",)
    assert references_in("congenital malformations (Q00-QA0)", _any_code) == ("Q00-QA0",)


def test_a_lone_code_must_be_known_to_count():
    # when
    found = references_in("vitamin B12 deficiency anemia (D51.-)", lambda key: key == "D51")
    # then
    assert found == ("D51",)


def test_containment_of_codes_categories_and_ranges():
    # when / then
    assert reference_contains("S58", "S58.011A") is True
    assert reference_contains("S58", "S59.0") is False
    assert reference_contains("P35-P39", "P37.1") is True
    assert reference_contains("P35-P39", "P40") is False
    assert reference_contains("O00-O9A", "O9A.11") is True


def test_qualifiers_narrow_the_reference():
    # when / then
    assert reference_contains("E08-E13 with .21", "E11.21") is True
    assert reference_contains("E08-E13 with .21", "E11.9") is False
    assert reference_contains("E08-E13 with .51-.52", "E10.52") is True
    assert reference_contains("E08-E13 with .51-.52", "E10.59") is False
    assert reference_contains("B27 with fifth character 2", "B27.02") is True
    assert reference_contains("B27 with fifth character 2", "B27.01") is False
    assert reference_contains("S06.0X with seventh character A", "S06.0X1A") is True
    assert reference_contains("S06.0X with seventh character A", "S06.0X1D") is False
    assert reference_contains("I69 with final characters -23", "I69.323") is True
    assert reference_contains("F11-F19 with fifth to sixth characters 51", "F15.151") is True


def test_an_unreadable_qualifier_covers_nothing():
    # when / then
    assert reference_contains("T36-T65 with fifth or sixth character 1-4 or 6", "T36.0X1A") is False
    assert reference_contains("E13 with ketoacidosis", "E13.10") is False
