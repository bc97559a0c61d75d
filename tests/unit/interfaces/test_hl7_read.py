"""Reading HL7 v2 as EHRs send it, without a database: separators, escapes, batches, located errors, the mapping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from revcycle.interfaces.hl7_fields import read_whole
from revcycle.interfaces.hl7_mapping import load_mapping
from revcycle.interfaces.hl7_read import read_hl7
from revcycle.interfaces.hl7_segments import split_messages
from revcycle.interfaces.intake import IntakeReadError
from revcycle.kernel.errors import RevcycleError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hl7"
A04 = (FIXTURES / "epic_adt_a04.hl7").read_bytes().decode()


@pytest.mark.parametrize("separator", ["\r", "\n", "\r\n"])
def test_cr_lf_and_crlf_separators_and_trailing_blank_lines_read_alike(separator):
    # given the registration with its segments joined by CR, LF or CRLF and blank lines after it
    text = separator.join(A04.strip().split("\r")) + separator * 3
    # when it is read
    patient = read_hl7(text).actions[0]
    # then the same values come out
    assert (patient.ref.identifier, patient.last_name, patient.birth_date, len(patient.coverages)) == (
        "E1001",
        "O'Brien&Reyes",
        date(1985, 2, 14),
        2,
    )


def test_escapes_are_undone_and_an_empty_field_is_not_sent_while_a_null_clears():
    # given a name with \F\ \S\ \E\, a phone sent as "" (HL7 null) and no e-mail
    text = A04.replace("O'Brien\\T\\Reyes^Mary^Kate", "A\\F\\B\\S\\C\\E\\D^Mary").replace(
        "^PRN^PH^^1^217^5550147~^NET^Internet^mary.obrien@example.org", '""'
    )
    # when it is read
    patient = read_hl7(text).actions[0]
    # then the name is unescaped, the phone cleared and the e-mail not sent
    assert (patient.last_name, patient.phone, patient.email) == ("A|B^C\\D", "", None)


def test_a_batch_file_splits_into_its_messages_without_the_batch_segments():
    # given the batch fixture (FHS, BHS, three messages, BTS, FTS)
    text = (FIXTURES / "epic_batch_a28.hl7").read_text()
    # when it is split
    messages = split_messages(text)
    # then three messages, each starting at MSH
    assert [m.split("\r")[0].split("|")[9] for m in messages] == ["NCB001", "NCB002", "NCB001"]


def test_an_error_names_its_segment_field_and_the_header_survives():
    # given a coverage sent with an expiration date that is no date
    text = A04.replace("|20260101||||O'Brien^Sean", "|20260101|2026-13-01|||O'Brien^Sean")
    # when it is read
    with pytest.raises(IntakeReadError) as refused:
        read_hl7(text)
    # then the error names IN1[2]-13 and the message's identity is known (it will be queued)
    assert (refused.value.message, refused.value.header.control_id, refused.value.kept) == (
        "IN1[2]-13: plan expiration date '2026-13-01' is not a date (YYYYMMDD)",
        "NC100001",
        True,
    )


def test_a_message_without_a_control_id_cannot_be_identified():
    # given a message whose MSH-10 is empty
    text = A04.replace("|NC100001|", "||")
    # when it is read
    with pytest.raises(IntakeReadError) as refused:
        read_hl7(text)
    # then it is not kept (no identity)
    assert (refused.value.message, refused.value.header, refused.value.kept) == (
        "MSH-10: the message control id is required",
        None,
        False,
    )


def test_the_mapping_file_names_what_is_wrong():
    # given a mapping whose provider table maps to a number that is no NPI
    text = '[senders."EPIC^NORTHCLINIC".providers]\n"4455" = "1234567890"\n'
    # when it is loaded
    with pytest.raises(RevcycleError) as refused:
        load_mapping(text, "map.toml")
    # then the sender and key are named
    assert (
        refused.value.message
        == "map.toml: senders.EPIC^NORTHCLINIC.providers.4455: '1234567890' is not a valid NPI"
    )


class _Sent:
    def __init__(self, text: str) -> None:
        self.text = text

    def value(self, *_args: object) -> str:
        return self.text


@pytest.mark.parametrize("text", ["inf", "-inf", "nan"])
def test_a_quantity_of_inf_or_nan_is_refused_as_not_a_number(text):
    # given an FT1 quantity that float() reads but int() cannot; then it is refused, not a crash
    with pytest.raises(RevcycleError, match="is not a number"):
        read_whole(_Sent(text), None, 10, "quantity (units)", 1)  # type: ignore[arg-type]
