"""What the small demo run of the scenario tests reports (seed 3, 60 encounters over 90 days, 15 patients):
the same on SQLite and PostgreSQL. Chosen so every kind of work shows: an inactive coverage (271), claims
the scrubber holds, secondary claims, claims still open (276/277) and a denial appealed."""

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
    "statements",
    "CMS-1500 sample",
    "AR aging and KPIs",
)
EXPECTED_FACTS = {
    "encounters": 60,
    "patients": 15,
    "eligibility_checks": 60,
    "eligibility_inactive": 1,
    "diagnoses_suggested": 125,
    "encounters_auto_coded": 24,
    "encounters_in_coder_queue": 36,
    "coder_queue_reasons": {"a diagnosis to review": 11, "no confident diagnosis": 25},
    "claims_built": 24,
    "claims_scrubbed": 24,
    "claims_clean": 22,
    "claims_held_by_scrubber": 2,
    "batches_837p": 10,
    "batches_accepted": 10,
    "claims_rejected_277ca": 0,
    "remittances_posted": 10,
    "claims_posted": 19,
    "remit_exceptions": 0,
    "secondary_claims_built": 2,
    "secondary_batches_837p": 2,
    "claim_status_asked": 5,
    "claim_status_answers": {"F1": 2, "F4": 3},
    "claims_moved_by_277": 5,
    "denied_lines_in_queue": 1,
    "denied_lines_by_category": {"medical_necessity": 1},
    "appeal_letters": 1,
    "statements_written": 9,
    "cms1500_printed": 20,
    "aging": {"insurance_cents": [89000, 0, 15000, 0, 0], "patient_cents": [0, 52290, 49790, 3064, 0]},
}
EXPECTED_KPIS = {
    "period": {
        "start": "2026-01-16",
        "end": "2026-04-15",
        "days": 90,
        "charges_cents": 372400,
        "contractual_cents": 77340,
        "payments_cents": 107616,
    },
    "claims_scrubbed": 26,
    "clean_claim_rate": "92.3",
    "claims_adjudicated": 19,
    "first_pass_resolution_rate": "57.9",
    "denial_rate": "5.3",
    "denial_rate_by_category": {"medical_necessity": "5.3"},
    "ar_cents": 209144,
    "days_in_ar": "50.5",
    "net_collection_rate": "36.5",
    "percent_ar_over_90": "1.5",
}


def expected_x12_files() -> list[str]:
    """Ten weekly batches to Acme (the tenth paid after the as-of day: no 835 yet), two to Second Health
    (the second's 835 not yet arrived either), and the real-time exchanges."""
    answers = ("837P", "999", "277CA")
    names = [f"batch-{n:03d}-{word}.x12" for n in range(1, 11) for word in answers]
    names += [f"batch-{n:03d}-835.x12" for n in range(1, 10)]
    names += [f"secondary-{n:03d}-{word}.x12" for n in (1, 2) for word in answers] + ["secondary-001-835.x12"]
    names += ["eligibility-270.x12", "eligibility-271.x12", "claim-status-276.x12", "claim-status-277.x12"]
    return sorted(names)
