from datetime import date

import numpy as np
import pytest

from revcycle.codesets.ncci import OPEN_END, load_ptp_file

pytestmark = pytest.mark.corpus


def test_full_hospital_outpatient_ptp_table_loads_with_the_published_counts(corpus_dir):
    # given the CMS I/OCE v27.1.0 PTP table (1,594,456 rows; docs/benchmarks.md)
    table = load_ptp_file(corpus_dir / "cms" / "ncci_ptp_hospital_outpatient_ioce_v27.1.0_2026Q2.csv.gz")
    # then every row is held and the active ones split by modifier indicator as published
    active = table.ends == OPEN_END
    assert len(table) == 1_594_456
    assert int(active.sum()) == 1_401_094
    assert int((active & (table.indicators == 1)).sum()) == 1_352_096
    assert int((active & (table.indicators == 0)).sum()) == 48_998
    assert int(np.unique(table.keys).size) == 1_525_043
    assert table.nbytes < 30_000_000
    # and the README's spot checks hold
    assert table.edit_for("93000", "93010", date(2026, 4, 1)).modifier_indicator == 1
    assert table.edit_for("G0008", "99211", date(2020, 3, 1)) is None  # the 2020-01..2020-09 gap
    assert table.edit_for("G0008", "99211", date(2019, 12, 1)) is not None
