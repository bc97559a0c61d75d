"""People in a FHIR Bundle (Patient, RelatedPerson) read into the intake values' pieces: the patient's
identifier and assigning authority, a person's name, birth date and address, phone and e-mail. Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

from revcycle.interfaces.fhir_refs import Found, any_codes, problem
from revcycle.interfaces.intake import PatientRef, PersonIntake
from revcycle.interfaces.locations import located
from revcycle.practice.organization import Address

Json = dict[str, Any]


def patient_ref(found: Found, sender: str) -> PatientRef:
    """The patient's identifier (type MR, else use usual/official, else the first) with its system as the
    assigning authority; the resource id under the sender when the Patient has no identifier."""
    identifiers = [(n, i) for n, i in enumerate(found.resource.get("identifier") or []) if i.get("value")]
    identifiers.sort(key=lambda ni: ("MR" not in any_codes(ni[1].get("type")),
                                     ni[1].get("use") not in ("usual", "official"), ni[0]))  # fmt: skip
    if identifiers:
        number, chosen = identifiers[0]
        assigner = chosen.get("system") or (chosen.get("assigner") or {}).get("display") or sender
        return PatientRef(
            str(chosen["value"]).strip(), str(assigner)[:120], found.at(f"identifier[{number}]")
        )
    if found.resource.get("id"):
        return PatientRef(str(found.resource["id"]), sender, found.at("id"))
    raise problem(found.at("identifier"), "the patient's identifier (MRN) is required")


def address_of(addresses: Any, where: str) -> Address | None:
    """The home (else current, else first) US address; None when none was sent."""
    usable = [(n, a) for n, a in enumerate(addresses or []) if isinstance(a, dict) and a.get("use") != "old"
              and not (a.get("period") or {}).get("end")]  # fmt: skip
    if not usable:
        return None
    usable.sort(key=lambda na: (na[1].get("use") not in ("home", None), na[0]))
    number, chosen = usable[0]
    lines = [str(line) for line in chosen.get("line") or []]
    zip_code = str(chosen.get("postalCode") or "").replace("-", "").replace(" ", "")
    with located(f"{where}[{number}]"):
        return Address(lines[0] if lines else "", str(chosen.get("city") or ""), str(chosen.get("state") or "").upper(),
                       zip_code, ", ".join(lines[1:]))  # fmt: skip


def _contact(telecom: Any, system: str) -> str | None:
    found = [t for t in telecom or [] if isinstance(t, dict) and t.get("system") == system and t.get("value")
             and not (t.get("period") or {}).get("end")]  # fmt: skip
    found.sort(key=lambda t: t.get("use") not in ("home", "mobile"))
    return str(found[0]["value"]).strip() if found else None


def phone_of(telecom: Any) -> str | None:
    return _contact(telecom, "phone")


def email_of(telecom: Any) -> str | None:
    return _contact(telecom, "email")


def person_of(found: Found) -> PersonIntake:
    """A RelatedPerson (a subscriber, a guarantor) as a person: name, birth date, address."""
    names = [n for n in found.resource.get("name") or [] if isinstance(n, dict)]
    name = next((n for n in names if n.get("use") in ("official", "usual")), names[0] if names else {})
    given = [str(g) for g in name.get("given") or []]
    if not name.get("family") or not given:
        raise problem(found.at("name"), "the person's family and given name are required")
    born = found.resource.get("birthDate")
    birth_date = date.fromisoformat(born) if isinstance(born, str) and len(born) == 10 else None
    return PersonIntake(str(name["family"]), given[0], birth_date, address_of(found.resource.get("address"),
                                                                              found.at("address")))  # fmt: skip
