"""The transaction guides we model, one folder per implementation guide (TR3): `x835`, `x270_271`, …

A guide names the transaction set id and the implementation versions (GS08/ST03) it reads,
its spec (JSON loop/segment/element tree, see `revcycle.x12.spec`) in its folder's
`data/spec_<key>.json` and, when typed models exist, the function that builds them from a loop
tree (as "module:function", imported lazily so reading one type never imports the others). The
two transaction sets of one TR3 (270/271, 276/277, 999 and 997) share a folder. Add a guide by
adding one `Guide(...)` line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from revcycle.x12.spec import LoopSpec, load_spec_file

GUIDES_DIR = Path(__file__).resolve().parent
# GS01 functional identifier code each transaction set travels under (X12 data element 479)
FUNCTIONAL_IDS = {
    "270": "HS",
    "271": "HB",
    "276": "HR",
    "277": "HN",
    "278": "HI",
    "820": "RA",
    "834": "BE",
    "835": "HP",
    "837": "HC",
    "997": "FA",
    "999": "FA",
}


@dataclass(frozen=True, slots=True)
class Guide:
    key: str  # short name: "835", "837p"
    set_id: str  # ST01
    versions: tuple[str, ...]  # GS08 / ST03 values this guide reads (prefix match)
    folder: str  # folder under guides/ holding data/spec_<key>.json and the models
    title: str
    typed_reader: str = ""  # "module:function" taking (loop tree, TypedContext) -> model

    @property
    def spec_file(self) -> Path:
        return GUIDES_DIR / self.folder / "data" / f"spec_{self.key}.json"

    @property
    def spec(self) -> LoopSpec:
        return load_spec_file(str(self.spec_file))

    def reader(self) -> Callable | None:
        if not self.typed_reader:
            return None
        module, function = self.typed_reader.split(":")
        return getattr(importlib.import_module(module), function)


GUIDES: tuple[Guide, ...] = (
    Guide(
        "835",
        "835",
        ("005010X221", "004010X091"),  # 4010 remittances share the loop layout: typed read, 5010 checks
        "x835",
        "Health Care Claim Payment/Advice 005010X221A1",
        "revcycle.x12.guides.x835.read:read_remittance",
    ),
    Guide(
        "837p",
        "837",
        ("005010X222",),
        "x837p",
        "Health Care Claim: Professional 005010X222A1",
        "revcycle.x12.guides.x837p.read:read_claims",
    ),
    Guide(
        "837i",
        "837",
        ("005010X223",),
        "x837i",
        "Health Care Claim: Institutional 005010X223A2",
        "revcycle.x12.guides.x837i.read:read_institutional_claims",
    ),
    Guide(
        "270",
        "270",
        ("005010X279", "004010X092"),
        "x270_271",
        "Eligibility Inquiry 005010X279A1",
        "revcycle.x12.guides.x270_271.read:read_inquiry",
    ),
    Guide(
        "271",
        "271",
        ("005010X279", "004010X092"),
        "x270_271",
        "Eligibility Response 005010X279A1",
        "revcycle.x12.guides.x270_271.read:read_response",
    ),
    Guide(
        "276",
        "276",
        ("005010X212", "004010X093"),
        "x276_277",
        "Claim Status Request 005010X212",
        "revcycle.x12.guides.x276_277.read:read_status_request",
    ),
    Guide(
        "277",
        "277",
        ("005010X212", "004010X093"),
        "x276_277",
        "Claim Status Response 005010X212",
        "revcycle.x12.guides.x276_277.read:read_status_response",
    ),
    Guide(
        "277ca",
        "277",
        ("005010X214", "005010X364"),
        "x277ca",
        "Claim Acknowledgment 005010X214",
        "revcycle.x12.guides.x277ca.read:read_claim_acknowledgment",
    ),
    Guide(
        "999",
        "999",
        ("005010X231",),
        "x999",
        "Implementation Acknowledgment 005010X231A1",
        "revcycle.x12.guides.x999.read:read_implementation_ack",
    ),
    Guide(
        "997",
        "997",
        ("005010X230", "004010"),
        "x999",
        "Functional Acknowledgment 004010/005010X230",
        "revcycle.x12.guides.x999.read:read_functional_ack",
    ),
)


def guide_for(set_id: str, version: str) -> Guide | None:
    """The guide for ST01 and the implementation version (ST03, else GS08); None if not modelled.

    Without a version (a bare transaction set), the set id decides when one guide has it."""
    for guide in GUIDES:
        if guide.set_id == set_id and any(version.startswith(prefix) for prefix in guide.versions):
            return guide
    candidates = [guide for guide in GUIDES if guide.set_id == set_id]
    return candidates[0] if not version and len(candidates) == 1 else None
