"""A hospital stay described in YAML (`examples/hospital/stay_inpatient.yaml`) read into a `StayFile`.

    stay_file = read_stay_file(text)     # every problem named by its path: "charges[2].revenue_code: ..."
    stay = filled(stay_file, patient, subscriber, relationship, payer, responsibility, claim_id)

The file names the patient (and optionally the coverage) by their ids in the database, the billing facility
(name, NPI, TIN, taxonomy, address, phone), the type of bill (its frequency digit is the claim's), the
statement period, admission and discharge, diagnoses with POA (principal first), PCS procedures, NUBC codes,
physicians and the revenue-code charges (a charge without `charge` is priced by the charge master).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import yaml

from revcycle.claims.institutional import Stay, StayCharge, StayDiagnosis
from revcycle.claims.institutional_model import Occurrence, OccurrenceSpan, PcsProcedure, ValueAmount
from revcycle.claims.model import Frequency
from revcycle.claims.nubc import check_type_of_bill
from revcycle.claims.parties import ClaimPayer, ClaimPerson, ClaimProvider, ClaimSubscriber, PostalAddress
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice import Relationship

_PLACEHOLDER_PERSON = ClaimPerson("", "")


@dataclass(frozen=True, slots=True)
class StayFile:
    patient_id: int
    coverage_id: int | None  # None: the patient's primary coverage in force on the statement's first day
    template: Stay  # the stay with placeholder parties until `filled(...)` fills them from the database


def read_stay_file(text: str) -> StayFile:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"the stay file is not YAML: {error}") from None
    if not isinstance(data, dict):
        raise RevcycleError(ErrorCode.VALIDATION, "the stay file must be a mapping of fields")
    reader = _Reader(data)
    return reader.read()


def filled(stay_file: StayFile, patient: ClaimPerson, subscriber: ClaimSubscriber, relationship: Relationship,
           payer: ClaimPayer, responsibility: str, claim_id: str) -> Stay:  # fmt: skip
    """The stay with its parties, as the database knows them."""
    return replace(stay_file.template, patient=patient, subscriber=subscriber, relationship=relationship,
                   payer=payer, payer_responsibility=responsibility, claim_id=stay_file.template.claim_id or claim_id)  # fmt: skip


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> StayFile:
        d = self.data
        tob = self._text(d, "type_of_bill", "type_of_bill", required=True)
        self._check("type_of_bill", lambda: check_type_of_bill(tob))
        statement = self._mapping(d, "statement", "statement", required=True)
        admission = self._mapping(d, "admission", "admission")
        discharge = self._mapping(d, "discharge", "discharge")
        template = self._check("stay", lambda: Stay(
            claim_id=self._text(d, "claim_number", "claim_number"), facility=self._facility(),
            patient=_PLACEHOLDER_PERSON, subscriber=ClaimSubscriber("", _PLACEHOLDER_PERSON),
            relationship=Relationship.SELF, payer=ClaimPayer("", "", "CI"), bill_type=tob[1:3],
            statement_from=self._date(statement, "from", "statement.from", required=True),
            statement_to=self._date(statement, "through", "statement.through", required=True),
            patient_status=self._text(discharge, "status", "discharge.status"),
            diagnoses=tuple(StayDiagnosis(self._text(item, "code", f"diagnoses[{n}].code", required=True),
                                          self._text(item, "poa", f"diagnoses[{n}].poa"))
                            for n, item in self._items("diagnoses")),
            charges=tuple(self._charge(item, n) for n, item in self._items("charges")),
            admission_date=self._date(admission, "date", "admission.date"),
            admission_hour=self._hour(admission, "hour", "admission.hour"),
            discharge_hour=self._hour(discharge, "hour", "discharge.hour"),
            admission_type=self._text(admission, "type", "admission.type"),
            admission_source=self._text(admission, "source", "admission.source"),
            admitting_diagnosis=self._text(d, "admitting_diagnosis", "admitting_diagnosis"),
            reasons_for_visit=tuple(str(code) for code in d.get("reasons_for_visit") or ()),
            procedures=tuple(self._check(f"procedures[{n}]", lambda item=item, n=n: PcsProcedure(
                self._text(item, "code", f"procedures[{n}].code", required=True).upper(),
                self._date(item, "date", f"procedures[{n}].date", required=True))) for n, item in self._items("procedures")),
            condition_codes=tuple(str(code) for code in d.get("condition_codes") or ()),
            occurrences=tuple(self._check(f"occurrences[{n}]", lambda item=item, n=n: Occurrence(
                self._text(item, "code", f"occurrences[{n}].code", required=True),
                self._date(item, "date", f"occurrences[{n}].date", required=True))) for n, item in self._items("occurrences")),
            occurrence_spans=tuple(self._check(f"occurrence_spans[{n}]", lambda item=item, n=n: OccurrenceSpan(
                self._text(item, "code", f"occurrence_spans[{n}].code", required=True),
                self._date(item, "from", f"occurrence_spans[{n}].from", required=True),
                self._date(item, "through", f"occurrence_spans[{n}].through", required=True)))
                for n, item in self._items("occurrence_spans")),
            value_amounts=tuple(self._check(f"value_codes[{n}]", lambda item=item, n=n: ValueAmount(
                self._text(item, "code", f"value_codes[{n}].code", required=True),
                self._cents(item, "amount", f"value_codes[{n}].amount") or 0)) for n, item in self._items("value_codes")),
            drg=self._text(d, "drg", "drg"), attending=self._physician("attending"),
            operating=self._physician("operating"), other_operating=self._physician("other_operating"),
            medical_record_number=self._text(d, "medical_record_number", "medical_record_number"),
            frequency=Frequency(tob[3]), prior_authorization=self._text(d, "prior_authorization", "prior_authorization"),
        ))  # fmt: skip
        patient_id = d.get("patient_id")
        if not isinstance(patient_id, int):
            raise RevcycleError(
                ErrorCode.VALIDATION, "patient_id: the patient's id (a whole number) is required"
            )
        coverage_id = d.get("coverage_id")
        if coverage_id is not None and not isinstance(coverage_id, int):
            raise RevcycleError(ErrorCode.VALIDATION, "coverage_id: a whole number when given")
        return StayFile(patient_id, coverage_id, template)

    def _facility(self) -> ClaimProvider:
        f = self._mapping(self.data, "facility", "facility", required=True)
        address = self._mapping(f, "address", "facility.address", required=True)
        return ClaimProvider(
            self._text(f, "npi", "facility.npi", required=True), self._text(f, "name", "facility.name", required=True),
            "", self._text(f, "taxonomy", "facility.taxonomy"), self._text(f, "tin", "facility.tin", required=True),
            PostalAddress(self._text(address, "line1", "facility.address.line1", required=True),
                          self._text(address, "city", "facility.address.city", required=True),
                          self._text(address, "state", "facility.address.state", required=True),
                          self._text(address, "zip", "facility.address.zip", required=True),
                          self._text(address, "line2", "facility.address.line2")),
            self._text(f, "phone", "facility.phone"),
        )  # fmt: skip

    def _physician(self, key: str) -> ClaimProvider | None:
        p = self._mapping(self.data, key, key)
        if not p:
            return None
        return ClaimProvider(self._text(p, "npi", f"{key}.npi", required=True),
                             self._text(p, "last_name", f"{key}.last_name", required=True),
                             self._text(p, "first_name", f"{key}.first_name"), self._text(p, "taxonomy", f"{key}.taxonomy"))  # fmt: skip

    def _charge(self, item: dict[str, Any], n: int) -> StayCharge:
        where = f"charges[{n}]"
        units = item.get("units", 1)
        if not isinstance(units, int) or units < 1:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{where}.units: a whole number of at least 1, got {units!r}"
            )
        return StayCharge(
            self._text(item, "revenue_code", f"{where}.revenue_code", required=True),
            self._date(item, "date", f"{where}.date", required=True), units, self._text(item, "hcpcs", f"{where}.hcpcs"),
            tuple(str(m) for m in item.get("modifiers") or ()), self._cents(item, "charge", f"{where}.charge"),
            self._cents(item, "non_covered", f"{where}.non_covered") or 0, self._date(item, "through", f"{where}.through"),
        )  # fmt: skip

    def _items(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        items = self.data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise RevcycleError(ErrorCode.VALIDATION, f"{key}: a list of mappings")
        return list(enumerate(items))

    @staticmethod
    def _check(where: str, build):  # noqa: ANN001, ANN205
        try:
            return build()
        except RevcycleError as error:
            if (
                error.message.startswith(tuple("abcdefghijklmnopqrstuvwxyz_"))
                and ":" in error.message.split(" ")[0]
            ):
                raise  # already located
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {error.message}") from None

    @staticmethod
    def _mapping(data: dict[str, Any], key: str, where: str, required: bool = False) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}: a mapping of fields is required")
        return value

    @staticmethod
    def _text(data: dict[str, Any], key: str, where: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise RevcycleError(ErrorCode.VALIDATION, f"{where}: required")
            return ""
        if isinstance(value, bool | dict | list):
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}: text expected, got {value!r}")
        return str(value).strip()

    @staticmethod
    def _date(data: dict[str, Any], key: str, where: str, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                raise RevcycleError(ErrorCode.VALIDATION, f"{where}: a date (YYYY-MM-DD) is required")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{where}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None

    @staticmethod
    def _hour(data: dict[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or not 0 <= value <= 23:
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}: an hour 0-23, got {value!r}")
        return value

    @staticmethod
    def _cents(data: dict[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return Money.from_decimal(str(value)).cents
        except RevcycleError:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{where}: {value!r} is not an amount (e.g. 185.00)"
            ) from None
