"""The demo's small hospital: Springfield General's stays and emergency visits billed on the 837I.

After the practice's cycle (its KPIs and aging already measured, so the hospital's money never enters
them), the hospital's cases (`hospital_gen`) go through the same services a hospital biller uses: each
stay grouped to its MS-DRG (`services.drg.group_stay`, the DRG sent in HI*DR), built from its stay file
and the example charge master (`services.institutional_claims`), scrubbed (MCE / I/OCE: institutional
claims form their own batch) on the Monday after discharge, sent as one 837I a week to a clearinghouse of
the hospital's own, adjudicated by the payer simulator with the example hospital terms
(examples/hospital/payer.json: DRG base rate x FY2026 weight, outpatient per HCPCS fee or percent of
charges), the 999/277CA applied and each 835 posted on its payment date. One UB-04 is printed.

Its summary block (`hospital` in summary.json) holds the counts, the DRGs and the case-mix index (the
mean FY2026 weight of the stays' DRGs), and the money the hospital's 835s posted (the ledger's movement
over the hospital's run: cash, contractual adjustments, patient AR).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from revcycle.claims.institutional import ChargeMaster
from revcycle.claims.stay_file import read_stay_file
from revcycle.demo import billing
from revcycle.demo.hospital_gen import HospitalCase, make_cases
from revcycle.demo.partners import DemoClearinghouse, DemoClock
from revcycle.demo.practice_gen import PRIMARY_ID, SyntheticPatient, primary_payer
from revcycle.demo.setup import Practice
from revcycle.drg.stay import Diagnosis, Stay
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.practice.organization import Submitter
from revcycle.services import drg, institutional_claims, ledger
from revcycle.simulator.config import FacilityTerms
from revcycle.simulator.config_file import payer_config_from_dict
from revcycle.simulator.engine import PayerEngine
from revcycle.store import UnitOfWork

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "hospital"
SUBMITTER = Submitter("Springfield General Hospital", "HOSP01", "Patient Financial Services", "2175550100")
STAYS_PER_ENCOUNTER, VISITS_PER_ENCOUNTER = 50, 60  # 2,000 encounters: 40 stays and 33 visits
HOSPITAL_SEED = 18_000_000
Uow = Callable[[], UnitOfWork]


@dataclass
class Hospital:
    cases: list[HospitalCase] = field(default_factory=list)
    claim_ids: dict[int, HospitalCase] = field(default_factory=dict)  # claim id -> its case
    drgs: dict[int, tuple[str, Decimal | None]] = field(default_factory=dict)  # claim id -> (DRG, weight)
    bill: billing.Billing = field(default_factory=billing.Billing)
    money: dict[str, int] = field(default_factory=dict)
    ledger_findings: int = 0
    ub04: str = ""
    skipped: str = ""

    def facts(self) -> dict[str, object]:
        scrubbed = sum(count for _d, _b, count, _c in self.bill.scrub_batches)
        clean = sum(clean for _d, _b, _n, clean in self.bill.scrub_batches)
        weights = [weight for _drg, weight in self.drgs.values() if weight is not None]
        return {
            "facility": SUBMITTER.name, "stays": sum(case.inpatient for case in self.cases),
            "outpatient_visits": sum(not case.inpatient for case in self.cases),
            "claims_built": len(self.claim_ids), "claims_clean": clean,
            "clean_claim_rate": f"{Decimal(100 * clean) / scrubbed:.1f}" if scrubbed else "0.0",
            "batches_837i": len(self.bill.submitted), "claims_posted": sum(r["claims_posted"] for r in self.bill.remittances),
            "remit_exceptions": sum(r["exceptions"] for r in self.bill.remittances), "files_not_applied": self.bill.failed,
            "drgs": dict(sorted(Counter(code for code, _w in self.drgs.values()).items())),
            "case_mix_index": f"{sum(weights, Decimal(0)) / len(weights):.4f}" if weights else None,
            **self.money, "ledger_balanced": self.ledger_findings == 0, "ub04": self.ub04,
            **({"skipped": self.skipped} if self.skipped else {}),
        }  # fmt: skip


def hospital_payer(people: list[SyntheticPatient], seed: int) -> PayerEngine:
    """Acme Health as the hospital's payer: the demo's members and plans, the example hospital terms; an
    engine of its own (its accumulators are the hospital claims', the practice's payer is not touched)."""
    terms = FacilityTerms()  # no examples folder (an installed package): no hospital cases either
    if EXAMPLES.is_dir():
        terms = payer_config_from_dict(
            json.loads((EXAMPLES / "payer.json").read_text(encoding="utf-8"))
        ).facility
    config = primary_payer(people, seed)  # its own seed: trace numbers (TRN02) apart from the practice's 835s
    return PayerEngine(
        replace(
            config, facility=terms, seed=config.seed + HOSPITAL_SEED, pays_percent_of_contract=Decimal(100)
        )
    )


def hospital_partner(out: Path, people: list[SyntheticPatient], seed: int) -> DemoClearinghouse:
    settings = EnvelopeSettings("hospital", "HOSP01", PRIMARY_ID, usage="T")
    return DemoClearinghouse(settings, out / "clearinghouse" / "hospital", hospital_payer(people, seed))


def case_count(encounters: int) -> tuple[int, int]:
    """(stays, outpatient visits) for a practice of `encounters`: at least 11 stays (every kind once)."""
    return max(11, encounters // STAYS_PER_ENCOUNTER), max(3, encounters // VISITS_PER_ENCOUNTER)


def make_hospital(seed: int, people: list[SyntheticPatient], encounters: int) -> Hospital:
    """The hospital's cases; none when the example charge master and payer terms are not there (the demo run
    from an installed package rather than a checkout: the hospital block then says so)."""
    if not EXAMPLES.is_dir():
        return Hospital(
            skipped=f"{EXAMPLES} not found: the hospital needs the repository's examples/hospital"
        )
    stays, visits = case_count(encounters)
    return Hospital(make_cases(random.Random(seed * 1000 + 18), people, stays, visits))


def build(
    uow: Uow, clinic: Practice, hospital: Hospital, clock: DemoClock, tick: billing.Tick
) -> dict[date, list[int]]:
    """Each case grouped (stays), built two days after discharge; by the Monday it is billed."""
    by_day: dict[date, list[int]] = {}
    if not hospital.cases:
        return by_day
    charge_master = ChargeMaster.from_csv(EXAMPLES / "charge_master.csv")
    for case in hospital.cases:
        clock.move_to(case.discharged + timedelta(days=2), 15)
        person = clinic.people[case.person_index]
        document = {"patient_id": clinic.patient_ids[case.person_index], **case.document}
        grouped = _group(clinic, person, document) if case.inpatient else None
        if grouped is not None:
            document["drg"] = grouped[0]
        text = yaml.safe_dump(document, sort_keys=False)
        claim = institutional_claims.build_institutional_claim(
            uow(), clinic.biller, read_stay_file(text), charge_master
        )
        hospital.claim_ids[claim.id or 0] = case
        if grouped is not None:
            hospital.drgs[claim.id or 0] = grouped
        by_day.setdefault(billing.bill_day(case.discharged), []).append(claim.id or 0)
        tick(1)
    return dict(sorted(by_day.items()))


def _group(
    clinic: Practice, person: SyntheticPatient, document: dict[str, Any]
) -> tuple[str, Decimal | None]:
    """The stay's MS-DRG on its discharge day, as the hospital's coder groups it, and its FY2026 weight."""
    admitted, discharged = document["statement"]["from"], document["statement"]["through"]
    age = (
        discharged.year
        - person.birth_date.year
        - ((discharged.month, discharged.day) < (person.birth_date.month, person.birth_date.day))
    )
    diagnoses = [Diagnosis(d["code"], d.get("poa")) for d in document["diagnoses"]]
    stay = Stay(age, person.sex, document["discharge"]["status"], discharged, diagnoses[0], tuple(diagnoses[1:]),
                tuple(p["code"] for p in document.get("procedures", ())), admitted)  # fmt: skip
    final = drg.group_stay(clinic.coder, stay).final
    return f"{final.drg:03d}", final.weight.relative_weight if final.weight else None


def bill(uow: Uow, clinic: Practice, partner: DemoClearinghouse, by_day: dict[date, list[int]], as_of: date,
         clock: DemoClock, hospital: Hospital, tick: billing.Tick) -> None:  # fmt: skip
    """Scrub, one 837I a week, the payer's answers, the 835s posted by `as_of`; the ledger's movement kept."""
    before = ledger.trial_balance(uow(), clinic.biller)
    if by_day:
        batches = billing.scrub(uow, clinic, by_day, clock, hospital.bill, billing.no_tick)
        billing.submit(uow, clinic, partner, batches, clock, hospital.bill.submitted, tick, SUBMITTER)
        billing.adjudicate(partner, hospital.bill.submitted, billing.no_tick)
        billing.acknowledge(uow, clinic, partner, hospital.bill)
        billing.post_due(uow, clinic, partner, as_of, clock, hospital.bill, billing.no_tick)
    after = ledger.trial_balance(uow(), clinic.biller)

    def moved(*accounts: str) -> int:
        return sum(after.get(a, 0) - before.get(a, 0) for a in after if a.split(":")[0] in accounts)

    hospital.money = {"charges_cents": -moved("revenue"), "paid_cents": moved("cash"),
                      "contractual_cents": moved("contractual_adjustment"), "patient_cents": moved("patient_ar"),
                      "insurance_open_cents": moved("insurance_ar")}  # fmt: skip
    hospital.ledger_findings = len(ledger.verify_ledger(uow(), clinic.biller))


def print_ub04(uow: Uow, clinic: Practice, hospital: Hospital, folder: Path) -> None:
    """The first stay's claim on the UB-04 (with the form's background)."""
    stay_claims = [claim_id for claim_id, case in hospital.claim_ids.items() if case.inpatient]
    if not stay_claims:
        return
    folder.mkdir(parents=True, exist_ok=True)
    claim_id = min(stay_claims)
    target = folder / f"ub04-{hospital.claim_ids[claim_id].document['claim_number']}.pdf"
    institutional_claims.print_ub04(uow(), clinic.biller, claim_id, target)
    hospital.ub04 = f"{folder.name}/{target.name}"
