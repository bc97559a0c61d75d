import json
from pathlib import Path

from revcycle.coding.em import em_input_from_dict, level_visit

CASES = Path(__file__).resolve().parents[3] / "benchmarks" / "em_cases.json"


def test_the_em_case_table_has_at_least_twenty_cases_and_all_pass():
    # given the AMA-grid case table
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(cases) >= 20
    failures = []
    for case in cases:
        # when each is leveled
        result = level_visit(em_input_from_dict(case["input"]))
        got = {
            "code": result.code,
            "basis": result.basis,
            "mdm_level": result.mdm_level.label,
            "prolonged": {item.code: item.units for item in result.prolonged},
        }
        if got != case["expected"]:
            failures.append((case["id"], got, case["expected"]))
    # then every expected level is met
    assert failures == []
