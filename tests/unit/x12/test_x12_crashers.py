"""Every input that once crashed the X12 reader or the 835 translator (tests/fixtures/x12_crashers/, found by
the issue's fuzzing and ours: tests/fuzz) now reads to located problems; and the reader's resources stay
bounded: the loop engine's tables do not grow with unknown ids, reporting problems is linear.

A new crasher goes in the folder with the problem it must now produce in CRASHERS.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from revcycle.edi.remit_read import read_835
from revcycle.x12 import AckHeader, X12Error, acknowledge, read_x12
from revcycle.x12.guides import guide_for
from revcycle.x12.loops import _guide

CRASHERS_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "x12_crashers"

# file -> (what it raised before, a located problem it must produce now)
CRASHERS = {
    "bare-st-closed-by-ge.x12": ("AttributeError", "segment 3 (GE): GE without a GS before it"),
    "bare-st-cut-short.x12": ("IndexError", "segment 1 (ST): the last segment has no segment terminator"),
    "se01-5000-digits.x12": ("ValueError", "segment 43 (SE): SE01 has 5000 digits, at most 10"),
    "se01-superscript-digit.x12": ("ValueError", "segment 43 (SE): SE01 '²' is not a number"),
    "ge01-5000-digits.x12": ("ValueError (999)", "segment 44 (GE): GE01 has 5000 digits, at most 10"),
    "svc05-29-digits.x12": (
        "decimal.InvalidOperation",
        "segment 16 (SVC): SVC05 has 29 characters, more than a number's 18 digits",
    ),
    "clp04-5000-digits.x12": (
        "decimal.Overflow",
        "segment 13 (CLP): CLP04 has 5000 characters, more than a number's 18 digits",
    ),
    "claim-date-among-line-dates.x12": (
        "claims with no error",
        "segment 16 (DTM): DTM01 '050' is not a valid code here",
    ),
}


def test_the_folder_holds_exactly_the_listed_crashers():
    assert sorted(path.name for path in CRASHERS_DIR.glob("*.x12")) == sorted(
        [*CRASHERS, "clp04-beyond-the-ledger.x12"]
    )


@pytest.mark.parametrize("name", sorted(CRASHERS))
def test_a_former_crasher_reads_to_its_located_problem(name):
    # given an input that once raised
    data = (CRASHERS_DIR / name).read_bytes()
    _raised_before, expected = CRASHERS[name]
    # when it is read every way a received file is read
    lenient = read_x12(data)
    validated = read_x12(data, validate=True)
    advices, problems = read_835(data)
    ack = acknowledge(validated, AckHeader("CLINIC01", "ACMECH", 1))
    # then the problem is located, found at the same place by every reader, and strict reading raises X12Error only
    assert expected in [str(problem) for problem in lenient.errors]
    assert expected in problems
    place = next((p.segment_number, p.segment_id, p.element) for p in lenient.errors if str(p) == expected)
    assert place in [(p.segment_number, p.segment_id, p.element) for p in validated.errors]
    assert ack.startswith("ISA") and "\nAK9*A*" not in ack  # the 999 does not accept the group as is
    with pytest.raises(X12Error):
        read_x12(data, strict=True)
    assert len(advices) == 1


def test_a_claim_amount_of_two_million_digits_is_a_located_problem():
    # given the CLP04 of 2,000,000 digits
    data = (CRASHERS_DIR / "clp04-5000-digits.x12").read_bytes().replace(b"9" * 5000, b"9" * 2_000_000)
    # when read / then one located problem, no exception, and quickly
    started = time.monotonic()
    advices, problems = read_835(data)
    assert "segment 13 (CLP): CLP04 has 2000000 characters, more than a number's 18 digits" in problems
    assert len(advices) == 1 and time.monotonic() - started < 2


def test_an_amount_beyond_the_ledger_makes_the_file_unreadable_for_preview_and_post_alike():
    # given an 835 whose CLP04 is $99,999,999,999,999,999.90 (18 digits: a valid X12 number)
    data = (CRASHERS_DIR / "clp04-beyond-the-ledger.x12").read_bytes()
    # when translated for posting
    advices, problems = read_835(data)
    # then the reader found nothing wrong, but the translator refuses the whole file, naming trace, claim, amount
    assert read_x12(data).errors == []
    assert advices == []
    assert problems == [
        "trace '144272509': claim 'F1' CLP04 $99,999,999,999,999,999.90 is beyond what the ledger can hold"
    ]


def test_unknown_segment_ids_do_not_grow_the_loop_engines_tables():
    # given the 835 guide's decision tables after one clean read
    base = (CRASHERS_DIR / "se01-superscript-digit.x12").read_bytes()
    read_x12(base)
    guide = _guide(guide_for("835", "005010X221A1").spec)
    before = (sum(len(table) for table in guide.tables), len(guide.multi), len(guide.states))
    # when 100 files each carry a unique 10 KB segment id and a unique 10 KB qualifier
    for number in range(100):
        odd = f"Z{number:03d}".encode() * 2500
        read_x12(base.replace(b"~\nREF*EV", b"~\n" + odd + b"*1~\nNM1*" + odd + b"*2~\nREF*EV", 1))
    # then the tables hold what they held (the guide's own ids and codes only)
    after = (sum(len(table) for table in guide.tables), len(guide.multi), len(guide.states))
    assert after == before


def test_reporting_thirty_thousand_bad_values_is_linear():
    # given an 835 whose one claim carries 32,000 adjustments with a bad amount each (the 11.7 s file)
    base = (CRASHERS_DIR / "se01-superscript-digit.x12").read_bytes().decode()
    bad = "".join(f"\nCAS*CO*45*A{n}~" for n in range(32_000))
    data = base.replace("~\nSVC*", "~" + bad + "\nSVC*", 1).encode()
    # when read / then each bad value is reported, located, within a couple of seconds (was quadratic)
    started = time.monotonic()
    result = read_x12(data)
    elapsed = time.monotonic() - started
    bad_amounts = [p for p in result.errors if p.segment_id == "CAS" and "is not a number" in p.message]
    assert len(bad_amounts) == 32_000
    assert str(bad_amounts[-1]) == "segment 32015 (CAS): CAS03 'A31999' is not a number"
    assert elapsed < 5, elapsed


def test_validate_checks_the_group_header_sender_receiver_date_and_time():
    # given an 835 whose GS says sender 'S' (too short), no receiver, date 2026-13-01 and time 25:99
    data = (CRASHERS_DIR / "se01-superscript-digit.x12").read_bytes()
    gs_start = data.index(b"GS*")
    gs_end = data.index(b"~", gs_start)
    elements = data[gs_start:gs_end].split(b"*")
    elements[2:6] = [b"S", b"", b"20261301", b"2599"]
    data = data[:gs_start] + b"*".join(elements) + data[gs_end:]
    # when validated / then each element is a located group problem; a lenient read does not check them
    problems = [str(p) for p in read_x12(data, validate=True).errors if p.segment_id == "GS"]
    assert problems == [
        "segment 2 (GS): GS02 'S' is shorter than 2 characters",
        "segment 2 (GS): GS03 is required",
        "segment 2 (GS): GS04 '20261301' is not a valid date (CCYYMMDD)",
        "segment 2 (GS): GS05 '2599' is not a valid time (HHMM)",
    ]
    assert [p for p in read_x12(data).errors if p.segment_id == "GS"] == []
