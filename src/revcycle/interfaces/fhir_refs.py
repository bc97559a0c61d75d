"""A FHIR Bundle's resources, each with the path it was read at, and its references resolved inside the Bundle.

    index = BundleIndex(bundle_dict)
    for found in index.of_type("Coverage"): found.resource, found.path   # 'Bundle.entry[2].resource(Coverage)'
    payer = index.resolve(found, found.resource["payor"][0], "payor[0]")   # a Found, or a located error

A reference is resolved the way EHR exports write them: `urn:uuid:...` / `urn:oid:...` (an entry's fullUrl),
`Patient/123` (an entry's type and id, or a fullUrl ending so), an absolute URL (a fullUrl), `#id` (a resource
contained in the one that refers to it). A reference that names nothing in the Bundle is an error at its path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from revcycle.kernel.errors import ErrorCode, RevcycleError

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Found:
    """A resource of the Bundle (or contained in one) and where it is."""

    resource: Json
    path: str  # Bundle.entry[3].resource(Coverage), ...contained[0](Organization)
    container: Json | None = None  # the resource it is contained in

    @property
    def type(self) -> str:
        return str(self.resource.get("resourceType"))

    def at(self, element: str = "") -> str:
        return f"{self.path}.{element}" if element else self.path


def problem(where: str, words: str) -> RevcycleError:
    return RevcycleError(ErrorCode.VALIDATION, f"{where}: {words}")


class BundleIndex:
    """The entries of a (validated) Bundle, by fullUrl and by type/id, in their order."""

    def __init__(self, bundle: Json) -> None:
        self.entries: list[Found] = []
        self._by_url: dict[str, Found] = {}
        self._by_type_id: dict[str, Found] = {}
        for number, entry in enumerate(bundle.get("entry") or []):
            resource = entry.get("resource")
            if not isinstance(resource, dict):
                continue
            found = Found(resource, f"Bundle.entry[{number}].resource({resource.get('resourceType')})")
            self.entries.append(found)
            if url := entry.get("fullUrl"):
                self._by_url[str(url)] = found
            if resource.get("id"):
                self._by_type_id.setdefault(f"{resource['resourceType']}/{resource['id']}", found)

    def of_type(self, resource_type: str) -> Iterator[Found]:
        return (found for found in self.entries if found.type == resource_type)

    def resolve(self, owner: Found, reference: Any, element: str, *types: str) -> Found:
        """The resource `reference` (a Reference element of `owner`, at `element`) names, of one of `types`."""
        where = owner.at(element)
        text = reference.get("reference") if isinstance(reference, dict) else None
        if not text:
            raise problem(where, "a reference to a resource in the Bundle is required")
        found = self._find(owner, str(text))
        if found is None:
            raise problem(where, f"{str(text)[:80]!r} names no resource in the Bundle")
        if types and found.type not in types:
            raise problem(where, f"{str(text)[:80]!r} is a {found.type}, not a {' or '.join(types)}")
        return found

    def resolve_optional(self, owner: Found, reference: Any, element: str, *types: str) -> Found | None:
        """As `resolve`, None when the element is absent or carries no `reference` (an identifier or display)."""
        if not isinstance(reference, dict) or not reference.get("reference"):
            return None
        return self.resolve(owner, reference, element, *types)

    def _find(self, owner: Found, text: str) -> Found | None:
        if text.startswith("#"):
            return self._contained(owner.container or owner.resource, owner, text[1:])
        if text in self._by_url:
            return self._by_url[text]
        if text in self._by_type_id:
            return self._by_type_id[text]
        tail = "/".join(text.rstrip("/").split("/")[-2:])  # http://host/fhir/Patient/12 -> Patient/12
        if "/_history/" in text:
            tail = "/".join(text.split("/_history/")[0].split("/")[-2:])
        return self._by_type_id.get(tail) or next(
            (found for url, found in self._by_url.items() if url.endswith("/" + tail)), None
        )

    def _contained(self, container: Json, owner: Found, local_id: str) -> Found | None:
        base = owner.path if owner.container is None else owner.path.rsplit(".contained[", 1)[0]
        for number, resource in enumerate(container.get("contained") or []):
            if isinstance(resource, dict) and resource.get("id") == local_id:
                return Found(
                    resource, f"{base}.contained[{number}]({resource.get('resourceType')})", container
                )
        return None


def codes_of(concept: Any, systems: frozenset[str] | set[str]) -> list[str]:
    """The codes of a CodeableConcept in one of `systems`, in their order."""
    if not isinstance(concept, dict):
        return []
    return [str(c["code"]).strip() for c in concept.get("coding") or []
            if isinstance(c, dict) and c.get("system") in systems and c.get("code")]  # fmt: skip


def any_codes(concept: Any) -> list[str]:
    """Every code of a CodeableConcept, whatever its system."""
    if not isinstance(concept, dict):
        return []
    return [
        str(c["code"]).strip() for c in concept.get("coding") or [] if isinstance(c, dict) and c.get("code")
    ]
