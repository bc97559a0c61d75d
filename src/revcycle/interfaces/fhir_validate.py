"""FHIR R4 resources checked with fhir.resources' R4B models, each problem named by its path.

    problems = resource_problems(bundle_dict)
    # ["entry[3].resource(Coverage).period.start: not a date", "entry[0].resource(Patient): unknown resource
    #  type 'Patients'"]

R4B is R4-compatible for every resource revcycle reads and writes (Patient, RelatedPerson, Coverage,
Organization, Practitioner, Encounter, Condition, Procedure, ChargeItem, Claim, ClaimResponse,
ExplanationOfBenefit, Bundle, OperationOutcome, CapabilityStatement): their R4 and R4B definitions differ in
none of the elements used here. A resource type the models do not know is a problem of its own (the models
would raise a KeyError for it); so is anything that is not a JSON object where a resource must be.
"""

from __future__ import annotations

from typing import Any

import pydantic
from fhir.resources.R4B import get_fhir_model_class

MAX_PROBLEMS = 50  # a hopeless file is named by its first fifty problems, not by thousands


def model_of(resource_type: object) -> type | None:
    """The R4B model class of a resource type, None when there is none."""
    if not isinstance(resource_type, str) or not resource_type.isalpha():
        return None
    try:
        return get_fhir_model_class(resource_type)
    except (KeyError, ValueError):
        return None


def resource_problems(resource: Any) -> list[str]:
    """Every problem of `resource` (a JSON value), by path; [] when the R4B model accepts it whole."""
    unknown = _unknown_types(resource, "")
    if unknown:
        return unknown[:MAX_PROBLEMS]
    model = model_of(resource.get("resourceType"))
    try:
        assert model is not None  # _unknown_types checked the root
        model.model_validate(resource)
    except pydantic.ValidationError as error:
        return [f"{located(resource, item['loc'])}: {_words(item)}" for item in error.errors()][:MAX_PROBLEMS]
    except (TypeError, ValueError, KeyError) as error:  # the models' own checks outside pydantic's
        return [f"{resource.get('resourceType')}: {type(error).__name__} {str(error)[:200]}"]
    return []


def _unknown_types(value: Any, path: str) -> list[str]:
    """Resources of a type the models do not know (or not objects at all), where a resource must be."""
    if not isinstance(value, dict):
        return [f"{path or 'the document'}: not a JSON object"]
    if model_of(value.get("resourceType")) is None:
        return [f"{path or 'the document'}: unknown resource type {str(value.get('resourceType'))[:40]!r}"]
    here = f"{path}({value['resourceType']})" if path else ""
    found: list[str] = []
    for index, contained in enumerate(_listed(value.get("contained"))):
        found += _unknown_types(contained, f"{here}{'.' if here else ''}contained[{index}]")
    for index, entry in enumerate(_listed(value.get("entry")) if value["resourceType"] == "Bundle" else []):
        if isinstance(entry, dict) and "resource" in entry:
            found += _unknown_types(entry["resource"], f"entry[{index}].resource")
    return found


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def located(document: Any, location: tuple[Any, ...] | list[Any]) -> str:
    """A pydantic location as a FHIR path: ('entry', 3, 'resource', 'period', 'start') ->
    'entry[3].resource(Coverage).period.start' (each resource met on the way named by its type); a lone
    resource's paths start with its type ('Coverage.period.start')."""
    root = document.get("resourceType") if isinstance(document, dict) else None
    path, node = ("" if root in (None, "Bundle") else str(root)), document
    for step in location:
        if isinstance(step, int):
            path += f"[{step}]"
        else:
            path += f"{'.' if path else ''}{step}"
        node = _step(node, step)
        if node is not document and isinstance(node, dict) and isinstance(node.get("resourceType"), str):
            path += f"({node['resourceType']})"
    return path or str(root or "resource")


def _step(node: Any, step: Any) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and 0 <= step < len(node) else None
    return node.get(step) if isinstance(node, dict) else None


def _words(item: dict[str, Any]) -> str:
    """pydantic's message in the words an interface analyst reads."""
    kind, message = str(item.get("type", "")), str(item.get("msg", ""))
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "not an element of this resource"
    if "date" in kind or "DateTime" in message or "Date value" in message or "Time value" in message:
        return f"not a date ({str(item.get('input'))[:40]!r})"
    if kind == "bool_parsing":
        return "not true or false"
    if (
        kind.startswith(("int_", "decimal_", "float_"))
        or "Decimal value" in message
        or "Integer value" in message
    ):
        return f"not a number ({str(item.get('input'))[:40]!r})"
    return message.removeprefix("Value error, ")[:200]
