from revcycle.coding.context import Assertion, assert_spans


def _assert(note: str, target: str) -> Assertion:
    start = note.index(target)
    return assert_spans(note, [(start, start + len(target))])[0]


def test_negated_findings():
    # given denials and "no" / when asserted / then negated
    assert _assert("Patient denies chest pain.", "chest pain").label() == "negated"
    assert _assert("No fever.", "fever").label() == "negated"
    assert _assert("Negative for cough.", "cough").label() == "negated"


def test_affirmed_finding_beside_a_negated_one():
    note = "No fever. Cough for 3 days."
    assert _assert(note, "Cough").label() == "affirmed"
    assert _assert(note, "Cough").affirmed_current is True


def test_historical_mentions():
    assert _assert("History of MI in 2015.", "MI").label() == "historical"
    assert _assert("Hx of breast cancer.", "breast cancer").label() == "historical"


def test_family_history_mentions():
    assert _assert("Mother had breast cancer.", "breast cancer").label() == "family"
    assert _assert("Family history of colon cancer.", "colon cancer").label() == "family"


def test_uncertain_mentions():
    assert _assert("Rule out pneumonia.", "pneumonia").label() == "uncertain"
    assert _assert("Possible appendicitis.", "appendicitis").label() == "uncertain"
    assert _assert("Suspected pneumonia.", "pneumonia").label() == "uncertain"


def test_spans_keep_their_order_and_may_overlap():
    # given overlapping spans / when asserted together / then one answer per span, in order
    note = "Denies chest pain."
    result = assert_spans(note, [(7, 17), (13, 17)])
    assert [a.negated for a in result] == [True, True]
    assert assert_spans(note, []) == []


def test_without_complications_is_part_of_the_diagnosis_not_a_negation():
    # given a diagnosis worded as its ICD-10-CM title, and a real "without" negation
    note = "Type 2 diabetes mellitus without complications, well controlled. Seen without fever."
    # when asserted / then the diagnosis stands and the fever is negated
    assert _assert(note, "Type 2 diabetes mellitus without complications").label() == "affirmed"
    assert _assert(note, "fever").label() == "negated"
