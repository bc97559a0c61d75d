"""What the working-day browser scenario needs that the pages cannot make: a fresh SQLite database with its
first admin, the clearinghouse on the other side (the payer simulator, which also answers 270s), and uvicorn
serving the web app on it. Everything else the people of the practice do on the pages.

The browser fixtures and helpers are the integration browser tests' (`tests/integration` on the path).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

INTEGRATION = Path(__file__).resolve().parents[1] / "integration"
if str(INTEGRATION) not in sys.path:
    sys.path.insert(0, str(INTEGRATION))

import pytest  # noqa: E402
from api_remit_setup import SETTINGS  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from argon2.profiles import CHEAPEST  # noqa: E402
from served_app import serving  # noqa: E402
from services_setup import NOW, PASSWORD  # noqa: E402
from test_web_browser import CHROMIUM, page, shoot, sign_in  # noqa: E402
from test_web_browser_front_desk import add_coverage, fill  # noqa: E402
from test_web_browser_setup import address  # noqa: E402
from test_web_browser_setup import fill as fill_labels  # noqa: E402

from revcycle.clearinghouse.directory import DirectoryClearinghouse  # noqa: E402
from revcycle.clearinghouse.simulated import SimulatorClearinghouse  # noqa: E402
from revcycle.kernel import FixedClock  # noqa: E402
from revcycle.services import users  # noqa: E402
from revcycle.simulator.examples import example_payer  # noqa: E402
from revcycle.store import UnitOfWork  # noqa: E402
from revcycle.store.database import make_engine  # noqa: E402
from revcycle.store.migrate import upgrade  # noqa: E402
from revcycle.web.app import create_web_app  # noqa: E402

__all__ = [
    "CHROMIUM",
    "NOW",
    "PASSWORD",
    "add_coverage",
    "address",
    "fill",
    "fill_labels",
    "page",
    "shoot",
    "sign_in",
    "working_day_site",
]
PAPER_PAYER = "*PI*00431"  # Second Health's payer id in an 837P's payer loop (NM1*PR)


class PaperForSecondHealth(SimulatorClearinghouse):
    """The clearinghouse: Acme Health's claims go to the payer simulator, which answers at once (999, 277CA,
    835); Second Health takes paper, so its claims are dropped to paper and its EOB comes back by mail."""

    def submit(self, file_name: str, text: str) -> str:
        # the claim's payer (loop 2010BB) is its first NM1*PR; a later one is another payer's (COB)
        payer = text[text.index("NM1*PR*") :].split("~", 1)[0]
        if payer.endswith(PAPER_PAYER):
            return DirectoryClearinghouse.submit(self, file_name, text)
        return SimulatorClearinghouse.submit(self, file_name, text)


@pytest.fixture
def working_day_site(tmp_path):
    """uvicorn serving the web app on an empty database: only the first admin (`admin`); Acme Health's
    simulator does not cover 82306 (vitamin D) and pays on the day it receives a claim."""
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))  # a test hashes a dozen
    engine = make_engine(f"sqlite:///{tmp_path / 'day.db'}")
    upgrade(engine)
    users.add_user(UnitOfWork(engine, FixedClock(NOW)), "admin", "admin", PASSWORD)
    payer = example_payer(non_covered_codes=frozenset({"97810", "S9981", "82306"}))
    partner = PaperForSecondHealth(SETTINGS, tmp_path / "clearinghouse", payer, days_to_pay=0,
                                   received_on=date(2026, 3, 10), clock=FixedClock(NOW))  # fmt: skip
    app = create_web_app(engine, FixedClock(NOW), secret_key="working-day", partner=partner)
    try:
        with serving(app) as base:
            yield base
    finally:
        users.use_password_hasher(previous)
