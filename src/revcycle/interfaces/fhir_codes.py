"""The code systems and identifier systems revcycle's FHIR R4 resources use, in one place, for export and import.

External systems are the ones US payers and EHRs use (CMS Blue Button, CARIN, HL7 terminology). The `urn:revcycle:`
identifier systems name revcycle's own numbers (a patient's account number, a claim's patient control number).
"""

from __future__ import annotations

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"

# codes
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
CARC = "https://x12.org/codes/claim-adjustment-reason-codes"
RARC = "https://x12.org/codes/remittance-advice-remark-codes"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
CARIN_ADJUDICATION = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
CARIN_DISCRIMINATOR = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority"
DIAGNOSIS_TYPE = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype"
PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/ex-paymenttype"
SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
ENCOUNTER_CLASS = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"

# identifiers
NPI = "http://hl7.org/fhir/sid/us-npi"
TIN = "urn:oid:2.16.840.1.113883.4.4"
ACCOUNT_NUMBER = "urn:revcycle:account-number"
CLAIM_NUMBER = "urn:revcycle:claim-number"
PAYER_ID = "urn:revcycle:payer-id"  # the payer's electronic payer id (87726), as on the 837P NM1*PR
PAYER_CLAIM_NUMBER = "urn:revcycle:payer-claim-number"  # CLP07
PAYMENT_TRACE = "urn:revcycle:payment-trace"  # TRN02: the check or EFT number

# systems an EHR may send a procedure or a diagnosis in (import); HCPCS also by its CMS and HL7 names
PROCEDURE_SYSTEMS = frozenset({CPT, HCPCS, "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
                               "urn:oid:2.16.840.1.113883.6.12", "urn:oid:2.16.840.1.113883.6.285"})  # fmt: skip
DIAGNOSIS_SYSTEMS = frozenset({ICD10CM, "urn:oid:2.16.840.1.113883.6.90"})

GENDER_OF_SEX = {"F": "female", "M": "male", "U": "unknown"}
SEX_OF_GENDER = {"female": "F", "male": "M", "unknown": "U", "other": "U"}

# the patient's relationship to the subscriber (revcycle's Relationship value -> subscriber-relationship code)
SUBSCRIBER_CODE = {"self": "self", "spouse": "spouse", "child": "child", "parent": "parent", "other": "other"}
RELATIONSHIP_OF_CODE = {"self": "self", "spouse": "spouse", "common": "spouse", "child": "child",
                        "parent": "parent", "other": "other", "injured": "other"}  # fmt: skip
# a RelatedPerson's relationship (v3-RoleCode) as seen from the patient
ROLE_OF_RELATIONSHIP = {"spouse": "SPS", "child": "CHILD", "parent": "PRN", "other": "O"}
RELATIONSHIP_OF_ROLE = {"SPS": "spouse", "HUSB": "spouse", "WIFE": "spouse", "DOMPART": "spouse",
                        "CHILD": "child", "SON": "child", "DAU": "child", "NCHILD": "child", "SONC": "child",
                        "DAUC": "child", "STPCHLD": "child", "PRN": "parent", "MTH": "parent", "FTH": "parent",
                        "NPRN": "parent", "STPPRN": "parent", "GUARD": "other", "O": "other",
                        "ONESELF": "self", "SELF": "self"}  # fmt: skip

CLAIM_STATUS_WORDS = {"1": "processed as primary", "2": "processed as secondary", "3": "processed as tertiary",
                      "4": "denied", "19": "processed as primary, forwarded to additional payer(s)",
                      "20": "processed as secondary, forwarded to additional payer(s)",
                      "21": "processed as tertiary, forwarded to additional payer(s)",
                      "22": "reversal of previous payment", "23": "not our claim, forwarded to additional payer(s)",
                      "25": "predetermination pricing only, no payment"}  # fmt: skip


def procedure_system(code: str) -> str:
    """CPT for a code that starts with a digit (99213, 0001F), HCPCS Level II for one that starts with a letter
    (J1100, G0439); a modifier the same way (25 and 59 are CPT's, LT and GT HCPCS's)."""
    return HCPCS if code[:1].isalpha() else CPT
