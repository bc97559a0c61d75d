"""Shared fixtures: where the shared corpus lies (tests that need it skip cleanly without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_corpus import CORPUS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); conformance tests need ../shared/corpus")
    return CORPUS
