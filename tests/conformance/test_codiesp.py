"""CodiEsp-D (dev): the shipped ranker on a sample of dev cases, scored by the shared official metric."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from revcycle.coding.batch import rank_directory, write_predictions

SAMPLE = 8

pytestmark = pytest.mark.corpus


def test_rank_dir_writes_the_submission_format_and_scores_on_dev(corpus_dir: Path, tmp_path: Path):
    # given a sample of dev cases and their gold codes
    source = corpus_dir / "codiesp" / "dev" / "text_files_en"
    sample = tmp_path / "notes"
    sample.mkdir()
    cases = sorted(source.glob("*.txt"))[:SAMPLE]
    for path in cases:
        (sample / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    ids = {path.stem for path in cases}
    gold = tmp_path / "gold.tsv"
    rows = (corpus_dir / "codiesp" / "dev" / "devD.tsv").read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join(row for row in rows if row.split("\t")[0] in ids) + "\n", encoding="utf-8")
    # when ranked
    predictions = tmp_path / "pred.tsv"
    ranked = write_predictions(rank_directory(sample, date(2025, 6, 1)), predictions)
    # then: one block per case, at most 30 dotted codes, best first, no duplicates
    assert [case.case_id for case in ranked] == sorted(ids)
    for case in ranked:
        assert 0 < len(case.codes) <= 30
        assert len(set(case.codes)) == len(case.codes)
        assert all(len(code) == 3 or code[3] == "." for code in case.codes)
    lines = predictions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == sum(len(case.codes) for case in ranked)
    # and the official scorer reads it (lower-cases both sides) and finds real hits
    scorer = corpus_dir.parent / "tools" / "codiesp_map.py"
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(predictions)], capture_output=True, text=True, check=True).stdout
    score = float(out.strip().splitlines()[-1].split("=")[1])
    assert f"cases={SAMPLE} predicted_cases={SAMPLE}" in out
    assert score > 0.2  # dev MAP of the whole split is 0.529 (benchmarks/codiesp.py); a broken model scores ~0
