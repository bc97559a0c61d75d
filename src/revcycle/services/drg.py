"""Inpatient coding as use cases: MS-DRG grouping of a stay (with the inpatient rules' findings and
the what-if), and the ICD-10-PCS look-up, builder and search a coder uses to get there.

No patient is read and nothing is stored: the stay comes in as values (age, sex, codes), so there
is no transaction and nothing to audit. Grouping needs `edit_encounters` (coders code); the code-set
look-ups need only a signed-in user.
"""

from __future__ import annotations

from datetime import date

from revcycle.codesets import icd10pcs, icd10pcs_search
from revcycle.drg.grouping import DrgResult, group
from revcycle.drg.stay import Stay
from revcycle.practice.users import Permission, User

SEARCH_LIMIT_MAX = 100


def group_stay(user: User, stay: Stay, what_if: bool = False) -> DrgResult:
    """The MS-DRG of the stay on its discharge date, what drove it, the findings, and (on request)
    the DRG without each secondary diagnosis."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return group(stay, what_if=what_if)


def pcs_lookup(code: str, dos: date) -> icd10pcs.PcsLookup:
    return icd10pcs.pcs_code(code, dos)


def pcs_build(prefix: str, dos: date) -> icd10pcs.PcsBuildStep:
    return icd10pcs.build(prefix, dos)


def pcs_search(text: str, dos: date | None = None, limit: int = 20) -> list[icd10pcs_search.PcsSearchHit]:
    return icd10pcs_search.search(text, dos, max(1, min(limit, SEARCH_LIMIT_MAX)))
