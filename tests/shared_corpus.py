"""Where the shared corpus lies: `$REVCYCLE_SHARED_DIR`, else `../shared` beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REVCYCLE_SHARED_DIR", REPO_ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
