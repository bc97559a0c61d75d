"""What the small demo run of the scenario tests reports (seed 3, 60 encounters over 90 days, 15 patients):
the same on SQLite and PostgreSQL. Chosen so every kind of work shows: an inactive coverage (271), claims
the scrubber holds, secondary claims, claims still open (276/277), a denial appealed and lines Acme paid under the contract."""

SEED = 3
ENCOUNTERS = 60
EXPECTED_STAGES = (
    "practice",
    "eligibility 270/271",
    "suggest codes",
    "coder decisions",
    "claims",
    "scrub",
    "837P batches",
    "payer simulator",
    "999/277CA",
    "835 posting",
    "secondary claims",
    "claim status 276/277",
    "denials and appeals",
    "underpayments",
    "statements",
    "CMS-1500 sample",
    "AR aging and KPIs",
    "hospital 837I",
    "hospital 835 posting",
)
EXPECTED_FACTS = {
    "encounters": 60,
    "patients": 15,
    "eligibility_checks": 60,
    "eligibility_inactive": 1,
    "diagnoses_suggested": 130,
    "encounters_auto_coded": 31,
    "encounters_in_coder_queue": 29,
    "coder_queue_reasons": {
        "a diagnosis to review": 14,
        "a service without its diagnosis": 6,
        "no confident diagnosis": 9,
    },
    "claims_built": 31,
    "claims_scrubbed": 31,
    "claims_clean": 28,
    "claims_held_by_scrubber": 3,
    "batches_837p": 12,
    "batches_accepted": 12,
    "claims_rejected_277ca": 0,
    "remittances_posted": 12,
    "claims_posted": 27,
    "remit_exceptions": 0,
    "secondary_claims_built": 3,
    "secondary_batches_837p": 3,
    "claim_status_asked": 3,
    "claim_status_answers": {"F4": 3},
    "claims_moved_by_277": 3,
    "denied_lines_in_queue": 3,
    "denied_lines_by_category": {"authorization": 1, "non_covered": 2},
    "appeal_letters": 1,
    "underpayment_lines_checked": 46,
    "underpaid_lines": 27,
    "underpaid_cents": 5664,
    "statements_written": 9,
    "cms1500_printed": 20,
    "aging": {"insurance_cents": [59502, 0, 110000, 0, 0], "patient_cents": [15955, 47722, 63467, 3003, 0]},
}
EXPECTED_KPIS = {
    "period": {
        "start": "2026-01-16",
        "end": "2026-04-15",
        "days": 90,
        "charges_cents": 517100,
        "contractual_cents": 85936,
        "payments_cents": 153215,
    },
    "claims_scrubbed": 34,
    "clean_claim_rate": "91.2",
    "claims_adjudicated": 27,
    "first_pass_resolution_rate": "59.3",
    "denial_rate": "11.1",
    "denial_rate_by_category": {"authorization": "3.7", "non_covered": "7.4"},
    "ar_cents": 299649,
    "days_in_ar": "52.2",
    "net_collection_rate": "35.5",
    "percent_ar_over_90": "1.0",
}


HOSPITAL_BATCHES = (
    7  # Springfield General's weekly 837I files, each answered (999, 277CA, 835) by the as-of day
)


def expected_x12_files() -> list[str]:
    """Twelve weekly batches to Acme (the twelfth paid after the as-of day: no 835 yet), three to Second
    Health (only the first one's 835 arrived by then), the real-time exchanges, and the hospital's batches."""
    answers = ("837P", "999", "277CA")
    names = [f"batch-{n:03d}-{word}.x12" for n in range(1, 13) for word in answers]
    names += [f"batch-{n:03d}-835.x12" for n in range(1, 12)]
    names += [f"secondary-{n:03d}-{word}.x12" for n in (1, 2, 3) for word in answers] + [
        "secondary-001-835.x12"
    ]
    names += ["eligibility-270.x12", "eligibility-271.x12", "claim-status-276.x12", "claim-status-277.x12"]
    names += [
        f"hospital-{n:03d}-{word}.x12"
        for n in range(1, HOSPITAL_BATCHES + 1)
        for word in (*answers[1:], "835")
    ]
    names += [f"hospital-{n:03d}-837I.x12" for n in range(1, HOSPITAL_BATCHES + 1)]
    return sorted(names)


EXPECTED_HOSPITAL = {  # Springfield General: every stay kind once (no woman of 18-45 among the eligible patients)
    "facility": "Springfield General Hospital",
    "stays": 11,
    "outpatient_visits": 3,
    "claims_built": 14,
    "claims_clean": 14,
    "clean_claim_rate": "100.0",
    "batches_837i": 7,
    "claims_posted": 14,
    "remit_exceptions": 0,
    "files_not_applied": [],
    "drgs": {
        "190": 1,
        "192": 1,
        "193": 1,
        "194": 1,
        "195": 1,
        "291": 1,
        "292": 1,
        "293": 1,
        "470": 1,
        "871": 1,
        "872": 1,
    },  # fmt: skip
    "case_mix_index": "1.0993",
    "charges_cents": 11688100,
    "paid_cents": 6537185,
    "contractual_cents": 3810470,
    "patient_cents": 1340445,
    "insurance_open_cents": 0,
    "ledger_balanced": True,
    "ub04": "ub04/ub04-SGH0002.pdf",
}
