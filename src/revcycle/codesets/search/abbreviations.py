"""Abbreviations, lay phrases and synonyms coders and providers write, mapped to index wording.

Keys are matched as whole typed words (lower case, slashes kept: `r/o`, `n/v`, `w/o`).
An empty expansion drops the word: `r/o` (rule out) marks an uncertain diagnosis, which
outpatient coding does not code, so the search looks up what follows it; code the signs and
symptoms instead (ICD-10-CM guideline IV.H).
"""

from __future__ import annotations

import re

ABBREVIATIONS: dict[str, str] = {
    # injuries and musculoskeletal
    "fx": "fracture",
    "fxs": "fracture",
    "fx'd": "fracture",
    "disloc": "dislocation",
    "lac": "laceration",
    "abr": "abrasion",
    "oa": "osteoarthritis",
    "djd": "osteoarthritis",
    "ra": "rheumatoid arthritis",
    "lbp": "low back pain",
    "ddd": "degeneration intervertebral disc",
    "mva": "accident motor vehicle",
    "mvc": "accident motor vehicle",
    "gsw": "gunshot wound",
    # circulatory
    "htn": "hypertension",
    "hld": "hyperlipidemia",
    "chf": "heart failure congestive",
    "hf": "heart failure",
    "mi": "myocardial infarction",
    "ami": "acute myocardial infarction",
    "stemi": "st elevation myocardial infarction",
    "nstemi": "non st elevation myocardial infarction",
    "cad": "coronary artery disease",
    "ashd": "atherosclerotic heart disease",
    "afib": "atrial fibrillation",
    "a-fib": "atrial fibrillation",
    "af": "atrial fibrillation",
    "dvt": "deep vein thrombosis",
    "pe": "pulmonary embolism",
    "pvd": "peripheral vascular disease",
    "pad": "peripheral arterial disease",
    "cva": "cerebral infarction",
    "tia": "transient ischemic attack",
    "svt": "supraventricular tachycardia",
    "cp": "chest pain",
    # endocrine
    "dm": "diabetes",
    "dm1": "diabetes type 1",
    "t1dm": "diabetes type 1",
    "iddm": "diabetes type 1",
    "dm2": "diabetes type 2",
    "t2dm": "diabetes type 2",
    "niddm": "diabetes type 2",
    "dmii": "diabetes type 2",
    "dmi": "diabetes type 1",
    "dka": "diabetic ketoacidosis",
    "hypothyroid": "hypothyroidism",
    "hyperthyroid": "hyperthyroidism",
    # respiratory
    "copd": "chronic obstructive pulmonary disease",
    "uri": "upper respiratory infection",
    "sob": "shortness of breath",
    "doe": "dyspnea on exertion",
    "osa": "obstructive sleep apnea",
    "pna": "pneumonia",
    "cap": "pneumonia",
    "ards": "acute respiratory distress syndrome",
    "rsv": "respiratory syncytial virus",
    "urti": "upper respiratory infection",
    # digestive, renal, genitourinary
    "gerd": "gastroesophageal reflux disease",
    "gi": "gastrointestinal",
    "n/v": "nausea vomiting",
    "n/v/d": "nausea vomiting diarrhea",
    "abd": "abdominal",
    "ibs": "irritable bowel syndrome",
    "uti": "urinary tract infection",
    "ckd": "chronic kidney disease",
    "aki": "acute kidney failure",
    "arf": "acute kidney failure",
    "esrd": "end stage renal disease",
    "bph": "benign prostatic hyperplasia",
    # mental, neuro
    "mdd": "major depressive disorder",
    "gad": "generalized anxiety disorder",
    "adhd": "attention deficit hyperactivity disorder",
    "ptsd": "post traumatic stress disorder",
    "ha": "headache",
    "ms": "multiple sclerosis",
    "sz": "seizure",
    "ams": "altered mental status",
    # other
    "hx": "history",
    "h/o": "history",
    "fh": "family history",
    "fhx": "family history",
    "s/p": "status",
    "w/": "with",
    "w": "with",
    "w/o": "without",
    "wo": "without",
    "r/o": "",
    "lt": "left",
    "rt": "right",
    "bilat": "bilateral",
    "b/l": "bilateral",
    "le": "lower limb",
    "ue": "upper limb",
    "ca": "cancer",
    "mets": "metastatic",
    "ob": "pregnancy",
    "preg": "pregnancy",
    "wk": "weeks",
    "wks": "weeks",
    "yo": "",
    "y/o": "",
    "c/o": "",
    "dx": "",
    "pt": "",
    "sx": "symptom",
    "f/u": "follow up",
    "fu": "follow up",
    "bmi": "body mass index",
    "etoh": "alcohol",
    "od": "overdose",
}

# lay phrases -> index wording, replaced before single words
PHRASES: dict[str, str] = {
    "flu shot": "encounter for vaccination",
    "flu vaccine": "encounter for vaccination",
    "high blood pressure": "hypertension",
    "high cholesterol": "hypercholesterolemia",
    "kidney stone": "calculus kidney",
    "heart attack": "myocardial infarction",
    "covid 19": "covid",
}
# a typed word also matches these index words (same slot: typing one covers the other)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "cancer": ("malignant",),
    "malignancy": ("malignant",),
    "carcinoma": ("malignant",),
    "tumor": ("neoplasm",),
    "vaccine": ("vaccination", "immunization"),
    "shot": ("vaccination", "immunization"),
}
# adjective and noun used interchangeably by the index and the tabular: both ways (not liver ~
# hepatic nor heart ~ cardiac: "hepatic flexure" is colon, "cardiac sphincter" stomach)
_INTERCHANGEABLE = [
    ("diabetic", "diabetes"), ("kidney", "renal"), ("urinary", "urine"), ("sacrum", "sacral"),
    ("lung", "pulmonary"), ("stomach", "gastric"),
    ("brain", "cerebral"), ("vaccination", "immunization"), ("abdomen", "abdominal"),
    ("spine", "spinal"), ("vertebra", "vertebral"), ("femur", "femoral"), ("pelvis", "pelvic"),
]
for _one, _other in _INTERCHANGEABLE:
    SYNONYMS[_one] = (*SYNONYMS.get(_one, ()), _other)
    SYNONYMS[_other] = (*SYNONYMS.get(_other, ()), _one)

_TYPED_WORD = re.compile(r"[a-z0-9][a-z0-9'/\-]*")
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in PHRASES) + r")\b")


def expand(text: str) -> str:
    """The query with each abbreviation replaced by its expansion (all else kept as typed)."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        return ABBREVIATIONS.get(word, ABBREVIATIONS.get(word.rstrip("/-'"), word))

    return _TYPED_WORD.sub(replace, _PHRASE.sub(lambda match: PHRASES[match.group(0)], text.lower()))
