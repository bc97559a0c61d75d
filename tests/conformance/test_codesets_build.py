"""`python -m revcycle.codesets.build` reproduces the committed store from its sources.

Every compiled artefact is recompiled (about 10 s in all: the two Tabular List XML files are
most of it) and compared, uncompressed, with the file shipped in the package (the gzip bytes
themselves depend on the zlib build, so they are not compared)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from revcycle.codesets.compilers import steps
from revcycle.codesets.packaged_data import DATA_DIR


def _shipped(name: str) -> bytes:
    raw = (DATA_DIR / name).read_bytes()
    return gzip.decompress(raw) if name.endswith(".gz") else raw


@pytest.mark.parametrize("step", sorted(steps.COMPILE_STEPS))
def test_rebuild_reproduces_the_committed_store(step: str, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch):
    # given
    monkeypatch.setenv("REVCYCLE_CORPUS_DIR", str(corpus_dir))
    # when
    compiled = steps.COMPILE_STEPS[step]()
    # then
    assert compiled
    for name, content in compiled.items():
        assert content == _shipped(name), f"{name} differs from its rebuild: run `make data` and commit"

