"""Synthetic clinic notes, written the way family-medicine clinicians write them (no real person).

A visit addresses one to three problems. Each problem has a few phrasings (so the coder's desk
reads varied text), the diagnosis the clinician ticked on the superbill (provisional: the coder
decides the final codes), and the services done for it (CPT/HCPCS with the practice's charge).
Some problems bring services the payer denies (skin-tag removal is cosmetic, not covered; a lumbar
MRI needs a prior authorization), so the denial queue and the appeal letters have real work. A
procedure billed with the visit needs modifier 25 on the E/M: the superbill mostly has it, and
the scrubber catches the rest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    phrasings: tuple[str, ...]
    superbill_code: str  # the clinician's provisional diagnosis
    services: tuple[tuple[str, int], ...] = ()  # (CPT/HCPCS, charge cents) besides the E/M visit
    plans: tuple[str, ...] = ("Return in three months.",)
    weight: float = 1.0  # how often the problem comes up, relative to the others


PROBLEMS = (
    Problem(
        (
            "Follow-up of type 2 diabetes with diabetic neuropathy. Numbness in both feet.",
            "Type 2 diabetes mellitus with diabetic polyneuropathy, burning pain in the feet at night.",
        ),
        "E11.40",
        (("83036", 4000),),
        ("A1c drawn today. Continue metformin.", "Gabapentin started at night."),
    ),
    Problem(
        (
            "Type 2 diabetes mellitus without complications, well controlled.",
            "Type 2 diabetes without complications; home glucose readings in range.",
        ),
        "E11.9",
        (("83036", 4000), ("36415", 1500)),
        ("Hemoglobin A1c run in the office, venipuncture performed.",),
    ),
    Problem(
        (
            "Essential hypertension, stable on lisinopril.",
            "Hypertension, blood pressure at goal on amlodipine.",
            "Essential hypertension; home readings in the 130s systolic.",
        ),
        "I10",
        (),
        ("Refilled medication.", "Continue current dose, low-salt diet reviewed."),
    ),
    Problem(
        (
            "Hyperlipidemia, on atorvastatin. Lipids reviewed.",
            "Mixed hyperlipidemia, tolerating statin.",
            "Hypercholesterolemia; LDL above goal.",
        ),
        "E78.5",
        (("80061", 3500),),
        ("Lipid panel drawn and run in the office.", "Increase atorvastatin to 40 mg."),
    ),
    Problem(
        (
            "Acute sinusitis for ten days with facial pain. No fever.",
            "Acute maxillary sinusitis, purulent drainage.",
        ),
        "J01.90",
        (),
        ("Amoxicillin prescribed.", "Saline rinses and amoxicillin-clavulanate."),
    ),
    Problem(
        (
            "Low back pain after lifting boxes, no radiation.",
            "Acute low back pain for three days, no red flags.",
        ),
        "M54.50",
        (),
        ("Physical therapy referral.", "Naproxen and heat; recheck in two weeks."),
    ),
    Problem(
        (
            "Chronic low back pain with left sciatica, failed six weeks of therapy.",
            "Lumbar radiculopathy with numbness down the left leg for two months.",
        ),
        "M54.16",
        (("72148", 95000),),
        ("MRI of the lumbar spine without contrast done today.",),
        0.4,
    ),
    Problem(
        (
            "Multiple skin tags on the neck, irritated by the collar; patient requests removal.",
            "Acrochordons in both axillae, catching on clothing.",
        ),
        "L91.8",
        (("11200", 15000),),
        ("Removal of twelve skin tags by scissor excision.",),
        0.4,
    ),
    Problem(
        ("Mild intermittent asthma, using albuterol twice a month.", "Asthma, mild persistent, night cough."),
        "J45.909",
        (),
        ("Inhaled steroid started.", "Asthma action plan reviewed."),
    ),
    Problem(
        (
            "Gastroesophageal reflux disease with heartburn after meals.",
            "GERD without esophagitis, on omeprazole.",
        ),
        "K21.9",
        (),
        ("Omeprazole continued.", "Avoid late meals; elevate head of bed."),
    ),
    Problem(
        ("Hypothyroidism on levothyroxine, fatigue improved.", "Primary hypothyroidism, TSH due."),
        "E03.9",
        (("84443", 3000),),
        ("TSH run in the office lab.",),
    ),
    Problem(
        (
            "Major depressive disorder, single episode, moderate. PHQ-9 of 14.",
            "Depression, mood improving on sertraline.",
        ),
        "F32.1",
        (("96127", 1000),),
        ("Sertraline continued; counseling referral.",),
    ),
    Problem(
        ("Generalized anxiety disorder with poor sleep.", "Anxiety disorder, worse with work stress."),
        "F41.1",
        (),
        ("Buspirone started.", "Cognitive behavioral therapy referral."),
    ),
    Problem(
        (
            "Dysuria and urinary frequency for two days; acute cystitis.",
            "Urinary tract infection, urinalysis positive.",
        ),
        "N39.0",
        (("81002", 1200),),
        ("Nitrofurantoin for five days.",),
    ),
    Problem(
        (
            "Sore throat and fever; rapid strep positive, streptococcal pharyngitis.",
            "Strep pharyngitis confirmed by rapid antigen test.",
        ),
        "J02.0",
        (("87880", 2500),),
        ("Penicillin prescribed.",),
    ),
    Problem(
        (
            "Osteoarthritis of the right knee with pain on stairs.",
            "Primary osteoarthritis of the left knee, swelling.",
        ),
        "M17.9",
        (("20610", 18000),),
        ("Corticosteroid injection of the knee joint performed.",),
    ),
    Problem(
        ("Chronic obstructive pulmonary disease, stable, no exacerbation.", "COPD with dyspnea on exertion."),
        "J44.9",
        (("94010", 6000),),
        ("Spirometry performed.",),
    ),
    Problem(
        ("Common warts on both hands.", "Plantar wart on the right foot, painful."),
        "B07.9",
        (("17110", 12000),),
        ("Cryotherapy destruction of the warts.",),
    ),
    Problem(
        ("Vitamin D deficiency on supplements.", "Low vitamin D level last month."),
        "E55.9",
        (("82306", 4500),),
        ("Vitamin D level run in the office lab.",),
    ),
    Problem(
        ("Acute otitis media of the left ear with ear pain.", "Right ear pain, bulging tympanic membrane."),
        "H66.90",
        (),
        ("Amoxicillin for ten days.",),
    ),
    Problem(
        ("Obesity, BMI 34, counseled on diet and exercise.", "Morbid obesity with a BMI of 41."),
        "E66.9",
        (),
        ("Nutrition referral.",),
    ),
    Problem(
        ("Influenza vaccine requested.", "Here for the flu shot."),
        "Z23",
        (("90686", 3500), ("90471", 2500)),
        ("Influenza vaccine given in the left deltoid.",),
    ),
)
WEIGHTS = tuple(problem.weight for problem in PROBLEMS)
NEEDS_25 = frozenset({"11200", "17110", "20610", "94010", "90471"})  # procedures that make the E/M need 25
MODIFIER_25_ON_SUPERBILL = 0.85
VISIT_CODES = {1: ("99213", 11000), 2: ("99214", 15000), 3: ("99214", 15000)}
NEW_PATIENT = ("99203", 13000)
OPENINGS = (
    "{age}-year-old {person} seen for",
    "Established patient, {age}, here for",
    "{age} y/o {person} presents for",
)
VITALS = ("Vital signs reviewed.", "Vitals stable today.", "No acute distress.")


@dataclass(frozen=True, slots=True)
class VisitNote:
    text: str
    superbill: tuple[str, ...]  # provisional diagnoses (the clinician's), one per problem
    lines: tuple[
        tuple[str, int, tuple[str, ...]], ...
    ]  # (code, charge cents, modifiers): the E/M visit first
    reasons: tuple[int | None, ...] = ()  # per line, the superbill diagnosis (index) it is for; None: the visit

    def pointers(self, line: int) -> tuple[int, ...]:
        """A line's diagnosis pointers (1-based): a service points to the problem it was done for; the
        visit to every problem addressed (up to four)."""
        reason = self.reasons[line] if line < len(self.reasons) else None
        if reason is None:
            return tuple(range(1, min(len(self.superbill), 4) + 1))
        return (reason + 1,)


def write_note(rng: random.Random, age: int, sex: str, new_patient: bool) -> VisitNote:
    """One visit: its note, the superbill diagnoses and the services (charges)."""
    count = rng.choices((1, 2, 3), weights=(5, 4, 1))[0]
    problems: list[Problem] = []
    while len(problems) < count:
        problem = rng.choices(PROBLEMS, weights=WEIGHTS)[0]
        if problem not in problems:
            problems.append(problem)
    person = "woman" if sex == "F" else "man"
    reason = "follow-up" if len(problems) > 1 else "a visit"
    parts = [rng.choice(OPENINGS).format(age=age, person=person) + f" {reason}."]
    parts += [rng.choice(problem.phrasings) for problem in problems]
    parts.append(rng.choice(VITALS))
    parts += [rng.choice(problem.plans) for problem in problems]
    if count > 1:
        parts.append(f"Total time {rng.randrange(25, 41)} minutes.")
    visit = NEW_PATIENT if new_patient else VISIT_CODES[count]
    services: dict[str, int] = {visit[0]: visit[1]}
    superbill = tuple(dict.fromkeys(problem.superbill_code for problem in problems))
    reason_of: dict[str, int | None] = {visit[0]: None}
    for problem in problems:
        for code, cents in problem.services:
            services.setdefault(code, cents)
            reason_of.setdefault(code, superbill.index(problem.superbill_code))
    visit_modifiers = ("25",) if NEEDS_25 & set(services) and rng.random() < MODIFIER_25_ON_SUPERBILL else ()
    lines = tuple(
        (code, cents, visit_modifiers if code == visit[0] else ()) for code, cents in services.items()
    )
    reasons = tuple(reason_of[code] for code, _, _ in lines)
    return VisitNote(" ".join(parts), superbill, lines, reasons)
