"""E/M leveling for office/outpatient visits (99202-99205, 99211-99215) by the AMA 2021/2023 rules."""

from revcycle.coding.em.mdm import DataReviewed, ElementLevel, MdmLevel
from revcycle.coding.em.time import Prolonged, extract_total_time
from revcycle.coding.em.visit import EmInput, EmResult, em_input_from_dict, level_visit

__all__ = [
    "DataReviewed",
    "ElementLevel",
    "EmInput",
    "EmResult",
    "MdmLevel",
    "Prolonged",
    "em_input_from_dict",
    "extract_total_time",
    "level_visit",
]
