"""The web package's pure pieces: evidence highlighting, money formatting, bar widths, ledger rows."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.accounts import AccountKind, AccountRef
from revcycle.ledger.entries import Entry, EntryKind, Line, PostedEntry
from revcycle.web.account_pages import ledger_rows
from revcycle.web.claim_fix_pages import parse_pointers
from revcycle.web.coding_desk import Span, highlighted_note
from revcycle.web.dashboard_pages import Segment, bar_percents, category_bars, stacked_segments
from revcycle.web.remittance_pages import forget_stale_uploads
from revcycle.web.rendering import dollars, parse_dollars


def test_highlighted_note_cuts_at_every_evidence_boundary_and_names_the_codes():
    # given a note with two overlapping evidence spans
    note = "Type 2 diabetes with neuropathy."
    spans = {"E11.40": [(0, 31)], "G62.9": [(21, 31)]}
    # when it is cut for highlighting
    pieces = highlighted_note(note, spans)
    # then each piece names exactly the codes whose evidence covers it, and the text is unchanged
    assert pieces == [
        Span("Type 2 diabetes with ", ("E11.40",)),
        Span("neuropathy", ("E11.40", "G62.9")),
        Span("."),
    ]
    assert "".join(piece.text for piece in pieces) == note


def test_highlighted_note_clamps_spans_past_the_end():
    # given a span beyond the note
    # when / then it is clamped to the note
    assert highlighted_note("abc", {"R51.9": [(1, 99)]}) == [Span("a"), Span("bc", ("R51.9",))]


def test_dollars_formats_integer_cents():
    # given cents / when formatted / then dollars with separators and the sign in front
    assert [dollars(v) for v in (0, 5, 123456, -100, None)] == ["$0.00", "$0.05", "$1,234.56", "-$1.00", ""]


def test_bar_percents_are_relative_to_the_largest_and_never_vanish_for_a_small_positive():
    # given bucket totals / when scaled / then the largest is 100 and a tiny positive still shows
    assert bar_percents((15000, 11000, 0, 1, -500)) == [100, 73, 0, 1, 0]
    assert bar_percents((0, 0)) == [0, 0]


def test_ledger_rows_keep_the_patients_receivable_lines_with_a_running_balance():
    # given a charge to insurance and a patient payment into unapplied cash for patient 7
    charge = PostedEntry(
        1,
        Entry(
            "c1",
            EntryKind.CHARGE,
            date(2026, 3, 4),
            (
                Line(AccountRef(AccountKind.INSURANCE_AR, payer_id=2), 11000, patient_id=7, claim_id=5),
                Line(AccountRef(AccountKind.REVENUE), -11000, patient_id=7, claim_id=5),
            ),
        ),
    )
    payment = PostedEntry(
        2,
        Entry(
            "p1",
            EntryKind.PATIENT_PAYMENT,
            date(2026, 3, 9),
            (
                Line(AccountRef(AccountKind.CASH), 2000),
                Line(AccountRef(AccountKind.UNAPPLIED_CASH, patient_id=7), -2000, patient_id=7),
            ),
        ),
    )
    # when the account rows are built (given newest first)
    rows = ledger_rows([payment, charge], 7)
    # then oldest first, each column moved, the running balance nets them
    assert [
        (r.entry_id, r.insurance_cents, r.unapplied_cents, r.balance_cents, r.claim_ids) for r in rows
    ] == [(1, 11000, 0, 11000, (5,)), (2, 0, -2000, 9000, ())]


def test_stacked_segments_lay_the_buckets_end_to_end_scaled_to_the_largest_row():
    # given a payer's buckets (cents) and the largest row total of the chart
    # when laid out
    segments = stacked_segments((11000, 0, 15000, 0, 4000), 60000)
    # then the positive buckets follow each other, each width its share of 600 chart units
    assert segments == [Segment(0, 0, 110, 11000), Segment(2, 110, 150, 15000), Segment(4, 260, 40, 4000)]
    assert stacked_segments((0, 0), 0) == []


def test_category_bars_are_ordered_by_rate_and_scaled_to_the_highest():
    # given denial rates by category / when charted / then highest first, the highest fills the chart
    bars = category_bars({"coding": Decimal("12.5"), "authorization": Decimal("50.0")})
    assert [(bar["category"], bar["width"]) for bar in bars] == [("authorization", 600), ("coding", 150)]
    assert category_bars({}) == []


def test_previewed_uploads_older_than_a_day_are_forgotten(tmp_path):
    # given two waiting uploads, one previewed 25 hours ago and one a minute ago
    old, new = tmp_path / "a.835", tmp_path / "b.835"
    old.write_bytes(b"ISA"), new.write_bytes(b"ISA")
    now = 1_800_000_000.0
    os.utime(old, (now - 25 * 3600, now - 25 * 3600))
    os.utime(new, (now - 60, now - 60))
    # when stale uploads are forgotten
    forget_stale_uploads(tmp_path, now)
    # then only the recent one waits
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.835"]


def test_parse_dollars_reads_whole_cents_and_refuses_the_rest():
    # given typed amounts / when read / then cents, or INVALID_AMOUNT for anything not positive whole cents
    assert [parse_dollars(text) for text in ("25", "$1,234.50", " 0.07 ")] == [2500, 123450, 7]
    for text in ("12.345", "0", "-5", "ten", "", "NaN", "Infinity"):
        with pytest.raises(RevcycleError) as refused:
            parse_dollars(text)
        assert refused.value.code is ErrorCode.INVALID_AMOUNT


def test_parse_pointers_reads_letters_or_numbers():
    # given pointers as the page shows them (letters) or as numbers / when read / then 1-based pointers
    assert [parse_pointers(text) for text in ("AB", "a c", "1,2", "D")] == [(1, 2), (1, 3), (1, 2), (4,)]
    with pytest.raises(RevcycleError):
        parse_pointers("AZ")
