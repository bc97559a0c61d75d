"""Shared fixtures: where the shared corpus lies (tests that need it skip cleanly without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REVCYCLE_SHARED_DIR", REPO_ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); conformance tests need ../shared/corpus")
    return CORPUS
