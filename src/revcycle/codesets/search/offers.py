"""What an indexed code becomes for a date of service: the codes a coder may pick.

Given the ICD-10-CM release in force, a code written by an index entry is offered as:

- itself, when the release has it and it is billable;
- its 7th-character stem, when it needs a 7th character (`T36.0X1`, `S02.0XX`: padded with
  the placeholder X), with the allowed 7th characters; offered only when the release has
  the billable form (stem + a 7th character);
- when it is a header (the index wrote `E11.1-`, or the code became a header in a later
  release): its billable descendants (and 7th-character stems) in tabular order, at most
  `DESCENDANT_LIMIT`, followed by the header itself flagged non-billable when more exist —
  if the caller asks to expand (index and table entries); else (a tabular title or
  inclusion term of a header, which names the whole category) the header alone, flagged;
- nothing, when the release does not have it (deleted, or not yet created).
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.codesets.code_refs import dotted
from revcycle.codesets.icd10cm import Icd10Code, Icd10Release

DESCENDANT_LIMIT = 8


@dataclass(frozen=True, slots=True)
class Offer:
    code: str
    title: str
    billable: bool
    seventh_characters: tuple[tuple[str, str], ...] = ()
    via: str = ""  # the header this code was reached through
    codes_under_header: int = 0  # a flagged header: how many codes lie under it


class ReleaseOffers:
    """Offers for one release, cached per indexed code."""

    def __init__(self, release: Icd10Release) -> None:
        self.release = release
        self._cache: dict[tuple[str, bool], tuple[Offer, ...]] = {}

    def offers(self, code: str, expand: bool = True) -> tuple[Offer, ...]:
        cached = self._cache.get((code, expand))
        if cached is None:
            cached = self._cache[code, expand] = tuple(self._offers(code, expand))
        return cached

    def _offers(self, code: str, expand: bool) -> list[Offer]:
        found = self.release.get(code)
        if found is None:
            return []
        if not found.children:
            offer = self._leaf_offer(found)
            return [offer] if offer is not None else []
        under = self._descendants(found, found.code)
        if not expand:
            return [Offer(found.code, found.title, False, via=found.code, codes_under_header=len(under))]
        if len(under) <= DESCENDANT_LIMIT:
            return under
        header = Offer(found.code, found.title, False, via=found.code, codes_under_header=len(under))
        return [*under[:DESCENDANT_LIMIT], header]

    def _leaf_offer(self, found: Icd10Code, via: str = "") -> Offer | None:
        if found.billable:
            return Offer(found.code, found.title, True, via=via)
        if found.seven_chr_required and found.placeholder_stem and found.seven_chr_definitions:
            first_char = found.seven_chr_definitions[0][0]
            if self.release.get(found.placeholder_stem + first_char) is None:
                return None
            stem = dotted(found.placeholder_stem)
            return Offer(stem, found.title, False, found.seven_chr_definitions, via=via)
        return None

    def _descendants(self, header: Icd10Code, via: str) -> list[Offer]:
        offers: list[Offer] = []
        for child_code in header.children:
            child = self.release.get(child_code)
            if child is None:
                continue
            if child.children:
                offers.extend(self._descendants(child, via))
            else:
                offer = self._leaf_offer(child, via)
                if offer is not None:
                    offers.append(offer)
        return offers
