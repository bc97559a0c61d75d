"""Medical decision making (MDM) by the AMA 2021 office/outpatient E/M table (revised 2023).

Three elements, each leveled on the same four-step scale:

    straightforward < low < moderate < high

- problems addressed (number and complexity),
- data reviewed and analyzed (amount and complexity, counted by category),
- risk of complications and/or morbidity or mortality of patient management.

The MDM level is the highest level that at least two of the three elements meet or exceed.
Each function returns the level together with the sentence that explains it, so that a
coder can see why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import IntEnum


class MdmLevel(IntEnum):
    NONE = 0
    STRAIGHTFORWARD = 1
    LOW = 2
    MODERATE = 3
    HIGH = 4

    @property
    def label(self) -> str:
        return self.name.lower()


# problem kinds (AMA table, "Number and Complexity of Problems Addressed") and the level one of them reaches
PROBLEM_LEVEL: dict[str, MdmLevel] = {
    "self_limited": MdmLevel.STRAIGHTFORWARD,  # self-limited or minor problem (2+ of them: low)
    "stable_chronic": MdmLevel.LOW,  # 2+ of them: moderate
    "acute_uncomplicated": MdmLevel.LOW,
    "stable_acute": MdmLevel.LOW,
    "acute_uncomplicated_observation": MdmLevel.LOW,  # requiring hospital inpatient or observation care
    "chronic_exacerbation": MdmLevel.MODERATE,  # with exacerbation, progression or side effects
    "undiagnosed_uncertain": MdmLevel.MODERATE,  # undiagnosed new problem with uncertain prognosis
    "acute_systemic": MdmLevel.MODERATE,  # acute illness with systemic symptoms
    "acute_complicated_injury": MdmLevel.MODERATE,
    "chronic_severe_exacerbation": MdmLevel.HIGH,
    "threat_to_life": MdmLevel.HIGH,  # acute or chronic illness or injury posing a threat to life or bodily function
}

# risk of patient management: examples from the AMA table mapped to their level
RISK_LEVEL: dict[str, MdmLevel] = {
    "minimal": MdmLevel.STRAIGHTFORWARD,  # e.g. rest, gargles, elastic bandages
    "otc_drugs": MdmLevel.LOW,
    "minor_surgery_no_risk_factors": MdmLevel.LOW,
    "physical_therapy": MdmLevel.LOW,
    "low": MdmLevel.LOW,
    "prescription_drug_management": MdmLevel.MODERATE,
    "minor_surgery_with_risk_factors": MdmLevel.MODERATE,
    "elective_major_surgery_no_risk_factors": MdmLevel.MODERATE,
    "social_determinants_limit_care": MdmLevel.MODERATE,
    "moderate": MdmLevel.MODERATE,
    "drug_therapy_intensive_toxicity_monitoring": MdmLevel.HIGH,
    "elective_major_surgery_with_risk_factors": MdmLevel.HIGH,
    "emergency_major_surgery": MdmLevel.HIGH,
    "hospitalization_or_escalation": MdmLevel.HIGH,
    "dnr_or_deescalation_poor_prognosis": MdmLevel.HIGH,
    "parenteral_controlled_substances": MdmLevel.HIGH,
    "high": MdmLevel.HIGH,
}


@dataclass(frozen=True, slots=True)
class ElementLevel:
    element: str  # problems | data | risk
    level: MdmLevel
    why: str

    def to_dict(self) -> dict[str, str]:
        return {"element": self.element, "level": self.level.label, "why": self.why}


@dataclass(frozen=True, slots=True)
class DataReviewed:
    """Data reviewed and analyzed, as the AMA counts it.

    `tests_ordered`: unique tests ordered at this encounter (ordering includes reviewing the result,
    so a test ordered here is not counted again when its result comes back).
    `tests_reviewed`: results of unique tests reviewed that were not ordered at this encounter.
    `external_note_sources`: unique external sources whose prior notes were reviewed.
    """

    tests_ordered: int = 0
    tests_reviewed: int = 0
    external_note_sources: int = 0
    independent_historian: bool = False
    independent_interpretation: bool = False
    discussion_with_external: bool = False

    def category1_items(self) -> int:
        """Category 1 count: each unique test, document and (for moderate/high) the historian."""
        return self.tests_ordered + self.tests_reviewed + self.external_note_sources

    def is_empty(self) -> bool:
        return self.category1_items() == 0 and not (
            self.independent_historian or self.independent_interpretation or self.discussion_with_external
        )


def level_problems(problems: list[str]) -> ElementLevel:
    """Level of the problems addressed; unknown kinds are refused by the caller (see `visit`)."""
    counts = Counter(problems)
    if not problems:
        return ElementLevel("problems", MdmLevel.NONE, "no problem addressed")
    best = max(PROBLEM_LEVEL[kind] for kind in problems)
    reasons = [f"{count} x {kind}" for kind, count in sorted(counts.items())]
    if best < MdmLevel.MODERATE and counts["stable_chronic"] >= 2:
        return ElementLevel("problems", MdmLevel.MODERATE, "2 or more stable chronic illnesses: moderate")
    if best < MdmLevel.LOW and counts["self_limited"] >= 2:
        return ElementLevel("problems", MdmLevel.LOW, "2 or more self-limited or minor problems: low")
    return ElementLevel("problems", best, f"{', '.join(reasons)}: {best.label}")


def level_data(data: DataReviewed) -> ElementLevel:
    """Level of the data element by the AMA category rules (limited, moderate, extensive)."""
    cat1_low = data.category1_items()
    cat1_mod = cat1_low + (1 if data.independent_historian else 0)
    met_mod = [
        cat1_mod >= 3,
        data.independent_interpretation,
        data.discussion_with_external,
    ]
    if sum(met_mod) >= 2:
        return ElementLevel("data", MdmLevel.HIGH, _data_reason("extensive: 2 of 3 categories met", data))
    if any(met_mod):
        return ElementLevel("data", MdmLevel.MODERATE, _data_reason("moderate: 1 of 3 categories met", data))
    if cat1_low >= 2 or data.independent_historian:
        return ElementLevel("data", MdmLevel.LOW, _data_reason("limited: 1 of 2 categories met", data))
    return ElementLevel("data", MdmLevel.STRAIGHTFORWARD, _data_reason("minimal or none", data))


def _data_reason(verdict: str, data: DataReviewed) -> str:
    parts = [
        f"tests ordered {data.tests_ordered}",
        f"tests reviewed {data.tests_reviewed}",
        f"external note sources {data.external_note_sources}",
        f"independent historian {'yes' if data.independent_historian else 'no'}",
        f"independent interpretation {'yes' if data.independent_interpretation else 'no'}",
        f"discussion with external physician {'yes' if data.discussion_with_external else 'no'}",
    ]
    return f"{verdict} ({'; '.join(parts)})"


def level_risk(risks: list[str]) -> ElementLevel:
    if not risks:
        return ElementLevel("risk", MdmLevel.STRAIGHTFORWARD, "minimal risk (no management risk documented)")
    best = max(RISK_LEVEL[kind] for kind in risks)
    drivers = sorted(kind for kind in set(risks) if RISK_LEVEL[kind] == best)
    return ElementLevel("risk", best, f"{', '.join(drivers)}: {best.label}")


def level_mdm(elements: list[ElementLevel]) -> MdmLevel:
    """The highest level that at least two of the three elements meet or exceed.

    No problem addressed means no medical decision was made: NONE (for an established patient
    that leaves 99211 or time).
    """
    if any(element.element == "problems" and element.level is MdmLevel.NONE for element in elements):
        return MdmLevel.NONE
    ordered = sorted((element.level for element in elements), reverse=True)
    return ordered[1]
