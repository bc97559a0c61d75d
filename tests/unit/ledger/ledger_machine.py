"""A hypothesis state machine over a journal backend: random postings, transfers, reversals and
replays, checked against an independent model of what every account and receivable must hold.

The pure test runs it on `ledger.Journal`; tests/integration runs it through the database.
A backend offers: post(entry) -> PostedEntry, get(id), entries(), trial_balance(),
receivable(**dimension filters) and row_counts() -> (entries, lines).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.ledger import (
    AccountKind,
    ChargeRef,
    Journal,
    Receivable,
    accounts,
    postings,
    receivable,
    trial_balance,
)
from revcycle.ledger.accounts import RECEIVABLE_KINDS, AccountRef

ON = date(2026, 3, 4)
PATIENTS = st.sampled_from([1, 2, 3])
PAYERS = st.sampled_from([1, 2])
PAYER_OR_PATIENT = st.one_of(st.none(), PAYERS)
CLAIMS = st.sampled_from([None, 10, 11])
CENTS = st.integers(min_value=1, max_value=5_000_000)


class PureBackend:
    def __init__(self) -> None:
        self.journal = Journal()

    def post(self, entry):
        return self.journal.post(entry)

    def get(self, entry_id):
        return self.journal.get(entry_id)

    def entries(self):
        return self.journal.entries

    def trial_balance(self):
        return trial_balance(self.journal.lines())

    def receivable(self, **filters):
        return receivable(self.journal.lines(), **filters)

    def row_counts(self):
        return len(self.journal.entries), sum(len(e.lines) for e in self.journal.entries)


def responsible(patient_id, payer_id) -> AccountRef:
    return accounts.patient_ar(patient_id) if payer_id is None else accounts.insurance_ar(payer_id)


class LedgerMachine(RuleBasedStateMachine):
    """Subclasses set `make_backend`."""

    make_backend = PureBackend
    posted = Bundle("posted")

    def __init__(self) -> None:
        super().__init__()
        self.backend = self.make_backend()
        self.model: Counter = Counter()  # (account code, patient, payer, claim) -> cents
        self.entry_count = 0
        self.line_count = 0
        self.keys = 0
        self.reversed: set[int] = set()
        self.deltas_by_id: dict[int, list] = {}

    # --- helpers ---------------------------------------------------------------------------
    def _key(self) -> str:
        self.keys += 1
        return f"k-{self.keys}"

    def _post(self, entry, deltas):
        """Post and update the model with `deltas`: [(account, cents, patient, payer, claim)]."""
        posted = self.backend.post(entry)
        for account, cents, patient, payer, claim in deltas:
            self.model[(account.code, patient, payer, claim)] += cents
        self.entry_count += 1
        self.line_count += len(entry.lines)
        self.deltas_by_id[posted.id] = deltas
        return posted

    # --- rules -----------------------------------------------------------------------------
    @rule(target=posted, patient=PATIENTS, payer=PAYER_OR_PATIENT, claim=CLAIMS, cents=CENTS)
    def charge(self, patient, payer, claim, cents):
        entry = postings.charge(self._key(), ON, ChargeRef(patient, claim), cents, payer)
        deltas = [
            (responsible(patient, payer), cents, patient, payer, claim),
            (accounts.REVENUE, -cents, patient, payer, claim),
        ]
        return self._post(entry, deltas)

    @rule(target=posted, patient=PATIENTS, payer=PAYERS, claim=CLAIMS, cents=CENTS, contractual=st.booleans())
    def payer_settles(self, patient, payer, claim, cents, contractual):
        ref = ChargeRef(patient, claim)
        if contractual:
            entry = postings.contractual_adjustment(self._key(), ON, ref, payer, cents)
            other = accounts.CONTRACTUAL_ADJUSTMENT
        else:
            entry = postings.insurance_payment(self._key(), ON, ref, payer, cents)
            other = accounts.CASH
        deltas = [
            (other, cents, patient, payer, claim),
            (accounts.insurance_ar(payer), -cents, patient, payer, claim),
        ]
        return self._post(entry, deltas)

    @rule(
        target=posted,
        patient=PATIENTS,
        source=PAYER_OR_PATIENT,
        target_payer=PAYER_OR_PATIENT,
        claim=CLAIMS,
        cents=CENTS,
    )
    def transfer(self, patient, source, target_payer, claim, cents):
        if source == target_payer:
            return self.charge(patient, source, claim, cents)
        entry = postings.transfer(self._key(), ON, ChargeRef(patient, claim), cents, source, target_payer)
        deltas = [
            (responsible(patient, target_payer), cents, patient, target_payer, claim),
            (responsible(patient, source), -cents, patient, source, claim),
        ]
        return self._post(entry, deltas)

    @rule(target=posted, patient=PATIENTS, claim=CLAIMS, cents=CENTS, unapplied=st.integers(0, 100))
    def patient_pays(self, patient, claim, cents, unapplied):
        credit = cents * unapplied // 100
        entry = postings.patient_payment(self._key(), ON, ChargeRef(patient, claim), cents, credit)
        deltas = [(accounts.CASH, cents, patient, None, claim)]
        if cents - credit:
            deltas.append((accounts.patient_ar(patient), -(cents - credit), patient, None, claim))
        if credit:
            deltas.append((accounts.unapplied_cash(patient), -credit, patient, None, claim))
        return self._post(entry, deltas)

    @rule(
        target=posted,
        patient=PATIENTS,
        payer=PAYER_OR_PATIENT,
        claim=CLAIMS,
        cents=CENTS,
        refund=st.booleans(),
    )
    def refund_or_write_off(self, patient, payer, claim, cents, refund):
        ref = ChargeRef(patient, claim)
        if refund:
            entry = postings.refund(self._key(), ON, ref, cents, payer)
            other = (accounts.REFUNDS, -cents, patient, payer, claim)
            deltas = [(responsible(patient, payer), cents, patient, payer, claim), other]
        else:
            entry = postings.write_off(self._key(), ON, ref, cents, payer)
            deltas = [
                (accounts.WRITE_OFF, cents, patient, payer, claim),
                (responsible(patient, payer), -cents, patient, payer, claim),
            ]
        return self._post(entry, deltas)

    @rule(original=posted)
    def reverse(self, original):
        entry_id = original.id
        if original.kind.value == "reversal" or entry_id in self.reversed:
            try:
                self.backend.post(postings.reversal(self._key(), ON, self.backend.get(entry_id)))
            except RevcycleError as error:
                assert error.code is ErrorCode.CONFLICT
                return
            raise AssertionError(f"entry {entry_id} was reversed twice")
        entry = postings.reversal(self._key(), ON, self.backend.get(entry_id))
        deltas = [
            (account, -cents, patient, payer, claim)
            for account, cents, patient, payer, claim in self.deltas_by_id[entry_id]
        ]
        posted = self._post(entry, deltas)
        self.reversed.add(entry_id)
        assert posted.entry.reverses_entry_id == entry_id

    @rule(original=posted)
    def replay_same_key(self, original):
        # replaying the first entry verbatim returns it and writes nothing
        again = self.backend.post(original.entry)
        assert again.id == original.id
        assert again.entry.fingerprint() == original.entry.fingerprint()

    @rule(original=posted, extra=st.integers(1, 100))
    def replay_key_with_other_content(self, original, extra):
        # no rule posts interest, so this content always differs from what the key holds
        ref = ChargeRef(original.entry.lines[0].patient_id or 1)
        changed = postings.interest(original.idempotency_key, ON, ref, 1, extra)
        try:
            self.backend.post(changed)
        except RevcycleError as error:
            assert error.code is ErrorCode.IDEMPOTENCY_CONFLICT
            return
        raise AssertionError("a reused key with other content was accepted")

    # --- invariants ------------------------------------------------------------------------
    @invariant()
    def rows_match_what_was_posted(self):
        assert self.backend.row_counts() == (self.entry_count, self.line_count)

    @invariant()
    def every_entry_sums_to_zero(self):
        for posted in self.backend.entries():
            assert sum(line.amount_cents for line in posted.lines) == 0

    @invariant()
    def trial_balance_is_zero_and_matches_the_model(self):
        balances = self.backend.trial_balance()
        assert sum(balances.values()) == 0
        expected = Counter()
        for (code, *_), cents in self.model.items():
            expected[code] += cents
        assert {c: v for c, v in balances.items() if v} == {c: v for c, v in expected.items() if v}

    @invariant()
    def receivables_match_the_model(self):
        for dimension, values in (("patient_id", [1, 2, 3]), ("payer_id", [1, 2]), ("claim_id", [10, 11])):
            for value in values:
                assert self.backend.receivable(**{dimension: value}) == self._expected_receivable(
                    dimension, value
                )

    def _expected_receivable(self, dimension, value) -> Receivable:
        position = {"patient_id": 1, "payer_id": 2, "claim_id": 3}[dimension]
        sums: Counter = Counter()
        for key, cents in self.model.items():
            kind = AccountRef.from_code(key[0]).kind
            if kind in RECEIVABLE_KINDS and key[position] == value:
                sums[kind] += cents
        return Receivable(
            sums[AccountKind.INSURANCE_AR], sums[AccountKind.PATIENT_AR], sums[AccountKind.UNAPPLIED_CASH]
        )
