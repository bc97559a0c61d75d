"""Properties of the payer engine over random claims: every line and claim balances, the advice
balances, patient share never exceeds the allowed amount, and the 835 reads back into the same advice."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.edi.remit_read import read_835
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import RATES, example_claim, example_line, example_payer

CODES = sorted(RATES) + ["97810", "72148", "99215"]
lines = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(100, 500_000), st.sampled_from([(), ("25",), ("59",)]), st.integers(1, 3)),
    min_size=1,
    max_size=4,
)
claims = st.lists(st.tuples(st.sampled_from(["W100", "W200", "W300", "W400", "Z1"]), lines), min_size=1, max_size=5)


@settings(max_examples=40, deadline=None)
@given(claims)
def test_random_claims_always_balance_and_round_trip(drawn):
    # given random claims (codes with and without rates, units, modifiers, members of every plan)
    submitted = [
        example_claim(f"P{n}", member, tuple(example_line(i, code, charge, mods, units=units)
                                              for i, (code, charge, mods, units) in enumerate(items, start=1)))
        for n, (member, items) in enumerate(drawn)
    ]  # fmt: skip
    # when adjudicated
    advice = PayerEngine(example_payer()).adjudicate(submitted, dt.date(2026, 3, 20))
    # then everything balances and nobody is asked for more than the payer allowed
    assert advice.is_balanced and all(claim.problems() == [] for claim in advice.claims)
    for claim in advice.claims:
        for line in claim.lines:
            assert 0 <= line.responsibility_cents() <= (line.allowed_cents or 0)
            assert line.paid_cents >= 0
    text = write_835(advice, EnvelopeSettings("acme", "87726", "CLINIC01"), 1, dt.datetime(2026, 3, 20, 9))
    assert read_835(text) == ([advice], [])
