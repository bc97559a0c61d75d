"""The learned ranker: which candidate ICD-10-CM codes a professional coder would assign.

Candidates are the codes the index links to phrases of the note (`mentions`) and the codes the
text model proposes. Each candidate gets the features in `FEATURES`; a boosted tree ensemble
trained on CodiEsp train (`python tools/train_ranker.py`) turns them into a probability.

Learned parts (all in `data/ranker.npz`, rebuilt by the training script):
- a tf-idf vectoriser and the tf-idf vectors of the training cases (stored by term);
- kernel ridge regression in dual form (`alpha`: one weight per training case and code), and
  a nearest-neighbour vote over the same similarities;
- a one-vs-rest logistic classifier over the same tf-idf vectors for every code assigned in at
  least two training cases, in dual form (`beta`, `beta_bias`: its weight vector is a weighted
  sum of the training cases' vectors, so it is scored from the same similarities); its
  probability and rank are features and its top codes are candidates;
- per (code, phrase of the note): how often the index linked them in a training case and how
  often the coders then assigned the code (the phrase's learned precision);
- per code: how often it was assigned in training, how often the index proposed it, and how
  often it was right when proposed (the index's learned precision for that code);
- the tree ensemble over the features.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from revcycle.coding.mentions import Mention
from revcycle.coding.ngrams import NEAR_FEATURES, NGRAM_FEATURES, NO_EVIDENCE, NgramTable, note_grams
from revcycle.coding.textvec import TfIdf
from revcycle.coding.trees import TreeEnsemble
from revcycle.kernel import ErrorCode, RevcycleError

MODEL_FILE = Path(__file__).with_name("data") / "ranker.npz"  # `suggest` (primary-care notes)
CASE_REPORT_MODEL = Path(__file__).with_name("data") / "ranker_case_reports.npz"  # rank-dir / CodiEsp
NEIGHBOURS = 20
RIDGE_CANDIDATES = 60
CLASSIFIER_CANDIDATES = 30
# a code whose best n-gram in the note is this precise is a candidate (CodiEsp-D train 5-fold MAP with
# candidates from 0.08 / 0.15 / 0.3: 0.519 / 0.521 / 0.523; 0.3 gives the fewest candidates)
NGRAM_CANDIDATE_PRECISION = 0.3
NO_RANK = 5.0
FEATURES = (
    "ridge",
    "knn",
    "log_prior",
    "affirmed_mentions",
    "affirmed_best_score",
    "affirmed_best_rank",
    "other_mentions",
    "best_score",
    "index_precision",
    "log_index_seen",
    "symptom_chapter",
    "unseen_in_training",
    "distinct_phrases",
    "category_ridge",
    "ridge_rank",
    "top_hit_mentions",
    "classifier",
    "classifier_rank",
    "chapter",
    "code_length",
    "block",
    "phrase_precision",
    "log_phrase_seen",
    *NGRAM_FEATURES,
    *NEAR_FEATURES,
)
# The model `suggest` uses (`MODEL_FILE`) is trained on these only, without the classifier and the
# phrase statistics: the full set ranks case reports better (CodiEsp-D dev MAP 0.432 -> 0.450) but
# lowered the primary-care gold set's diagnosis F1 (0.893 -> 0.883).
BASE_FEATURES = FEATURES[:16]


def canonical(code: str) -> str:
    return code.strip().upper()


@dataclass
class TextModel:
    """Everything learned from the training cases except the trees."""

    vectoriser: TfIdf
    term_offsets: np.ndarray  # CSC by term: cases holding term t are case_ids[offsets[t]:offsets[t+1]]
    case_ids: np.ndarray
    case_weights: np.ndarray
    case_codes: list[list[int]]
    alpha: np.ndarray  # (cases x codes)
    codes: list[str]
    index_seen: dict[str, int]
    index_hit: dict[str, int]
    beta: np.ndarray  # (cases x classified codes): the logistic classifier in dual form
    beta_bias: np.ndarray  # (classified codes,)
    classified: np.ndarray  # positions in `codes` of the classified codes (those seen in >= 2 cases)
    phrase_seen: dict[str, int]  # "CODE<TAB>phrase": training cases whose phrase the index linked to CODE
    phrase_hit: dict[str, int]  # ... of which the coders assigned CODE
    ngrams: NgramTable | None = None  # the case-report model's n-gram statistics (`ngrams`)
    near: NgramTable | None = None  # ... counting only the n-grams near where the coders read each code
    code_position: dict[str, int] = field(init=False)
    prior: np.ndarray = field(init=False)
    category_members: dict[str, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.code_position = {code: position for position, code in enumerate(self.codes)}
        self.prior = np.zeros(len(self.codes))
        for codes in self.case_codes:
            self.prior[codes] += 1
        self.category_members = defaultdict(list)
        for position, code in enumerate(self.codes):
            self.category_members[code[:3]].append(position)

    def similarities(self, text: str) -> np.ndarray:
        indices, weights = self.vectoriser.vector(text)
        sims = np.zeros(len(self.case_codes))
        for term, weight in zip(indices, weights, strict=True):
            start, end = self.term_offsets[term], self.term_offsets[term + 1]
            sims[self.case_ids[start:end]] += weight * self.case_weights[start:end]
        return sims


@dataclass(frozen=True, slots=True)
class Candidate:
    code: str
    features: dict[str, float]
    mentions: tuple[Mention, ...]


def candidates(model: TextModel, text: str, mentions: Sequence[Mention]) -> list[Candidate]:
    """Every candidate code with its feature values (mentions of the same code grouped). The classifier's, the
    phrase statistics' and the n-gram statistics' features are computed only for a model that has them (the
    case-report model): `suggest`'s base model neither stores nor uses them."""
    sims = model.similarities(text)
    ridge = sims @ model.alpha
    ridge_rank = np.empty(len(model.codes))
    ridge_rank[np.argsort(-ridge)] = np.arange(len(model.codes))
    knn = np.zeros(len(model.codes))
    for case in np.argsort(-sims)[:NEIGHBOURS]:
        knn[model.case_codes[case]] += sims[case] ** 2
    by_code: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_code[canonical(mention.code)].append(mention)
    proposed = {model.codes[position] for position in np.argsort(-ridge)[:RIDGE_CANDIDATES]}
    classifier = _Classifier.of(model, sims) if model.classified.size else None
    if classifier is not None:
        proposed |= classifier.top_codes(model)
    grams = note_grams(text) if model.ngrams is not None or model.near is not None else set()
    evidence = model.ngrams.evidence_of(grams) if model.ngrams is not None else {}
    near = model.near.evidence_of(grams) if model.near is not None else {}
    proposed |= {code for code, values in evidence.items() if values["ng_prec"] >= NGRAM_CANDIDATE_PRECISION}
    out = []
    for code in sorted(set(by_code) | proposed):
        found = by_code.get(code, [])
        features = _features(model, code, ridge, knn, found)
        position = model.code_position.get(code)
        features["ridge_rank"] = (
            float(ridge_rank[position]) if position is not None else float(len(model.codes))
        )
        features["top_hit_mentions"] = float(
            sum(1 for m in found if m.rank == 0 and m.assertion.affirmed_current)
        )
        if classifier is not None:
            features.update(classifier.features(position))
            features.update(_phrase_features(model, code, found))
        if model.ngrams is not None:
            features.update(evidence.get(code, NO_EVIDENCE))
        if model.near is not None:
            best = near.get(code, NO_EVIDENCE)
            features.update(near_prec=best["ng_prec"], near_co=best["ng_co"])
        out.append(Candidate(code, features, tuple(found)))
    return out


@dataclass(frozen=True, slots=True)
class _Classifier:
    """The logistic classifier's scores for one note: probability and rank per code (unclassified codes: 0 and
    the number of classified codes)."""

    logits: np.ndarray
    probability: np.ndarray
    rank: np.ndarray

    @classmethod
    def of(cls, model: TextModel, sims: np.ndarray) -> _Classifier:
        logits = sims @ model.beta + model.beta_bias
        probability = np.zeros(len(model.codes))
        probability[model.classified] = 1.0 / (1.0 + np.exp(-logits))
        rank = np.full(len(model.codes), float(len(model.classified)))
        rank[model.classified[np.argsort(-logits)]] = np.arange(len(model.classified))
        return cls(logits, probability, rank)

    def top_codes(self, model: TextModel) -> set[str]:
        return {model.codes[model.classified[i]] for i in np.argsort(-self.logits)[:CLASSIFIER_CANDIDATES]}

    def features(self, position: int | None) -> dict[str, float]:
        if position is None:
            return {"classifier": 0.0, "classifier_rank": float(len(self.logits))}
        return {
            "classifier": float(self.probability[position]),
            "classifier_rank": float(self.rank[position]),
        }


def phrase_key(code: str, mention: Mention) -> str:
    return f"{code}\t{mention.phrase.lookup.lower()}"


def _phrase_features(model: TextModel, code: str, mentions: list[Mention]) -> dict[str, float]:
    """Where the code sits in the classification (chapter letter, length, block) and the learned
    precision of the note's own phrases for it: how often, in training, a case whose phrase the
    index linked to the code was coded with it (the best of the code's phrases)."""
    best, seen_of_best = 0.0, 0
    for key in {phrase_key(code, m) for m in mentions}:
        seen = model.phrase_seen.get(key, 0)
        precision = (model.phrase_hit.get(key, 0) + 0.1) / (seen + 1)
        if precision > best:
            best, seen_of_best = precision, seen
    letter = float(ord(code[0]) - ord("A")) if code[:1].isalpha() else -1.0
    return {
        "chapter": letter,
        "code_length": float(len(code.replace(".", ""))),
        "block": letter * 100 + (int(code[1:3]) if code[1:3].isdecimal() else 0),
        "phrase_precision": best,
        "log_phrase_seen": float(np.log1p(seen_of_best)),
    }


def _features(
    model: TextModel, code: str, ridge: np.ndarray, knn: np.ndarray, mentions: list[Mention]
) -> dict[str, float]:
    position = model.code_position.get(code)
    affirmed = [m for m in mentions if m.assertion.affirmed_current]
    members = model.category_members.get(code[:3], [])
    seen, hit = model.index_seen.get(code, 0), model.index_hit.get(code, 0)
    return {
        "ridge": float(ridge[position]) if position is not None else 0.0,
        "knn": float(knn[position]) if position is not None else 0.0,
        "log_prior": float(np.log1p(model.prior[position])) if position is not None else 0.0,
        "affirmed_mentions": float(len(affirmed)),
        "affirmed_best_score": max((m.hit.score for m in affirmed), default=0.0),
        "affirmed_best_rank": float(min((m.rank for m in affirmed), default=NO_RANK)),
        "other_mentions": float(len(mentions) - len(affirmed)),
        "best_score": max((m.hit.score for m in mentions), default=0.0),
        "index_precision": (hit + 0.1) / (seen + 1),
        "log_index_seen": float(np.log1p(seen)),
        "symptom_chapter": 1.0 if code.startswith("R") else 0.0,
        "unseen_in_training": 0.0 if position is not None else 1.0,
        "distinct_phrases": float(len({(m.phrase.start, m.phrase.end) for m in mentions})),
        "category_ridge": float(ridge[members].max()) if members else 0.0,
    }


def feature_matrix(cands: Sequence[Candidate], names: Sequence[str] = FEATURES) -> np.ndarray:
    return np.array([[c.features[name] for name in names] for c in cands], dtype=np.float64).reshape(
        -1, len(names)
    )


@dataclass(frozen=True)
class CodeRanker:
    model: TextModel
    trees: TreeEnsemble
    about: dict[str, object]
    features: tuple[str, ...] = FEATURES

    def rank(self, text: str, mentions: Sequence[Mention]) -> list[tuple[Candidate, float]]:
        """Candidates with their probability, best first (ties by code)."""
        cands = candidates(self.model, text, mentions)
        if not cands:
            return []
        probabilities = self.trees.probabilities(feature_matrix(cands, self.features))
        order = sorted(range(len(cands)), key=lambda i: (-probabilities[i], cands[i].code))
        return [(cands[i], float(probabilities[i])) for i in order]


def save_ranker(
    path: Path,
    model: TextModel,
    trees: TreeEnsemble,
    about: dict[str, object],
    features: Sequence[str] = FEATURES,
) -> None:
    flat_codes = np.array([c for codes in model.case_codes for c in codes], dtype=np.int32)
    code_offsets = np.cumsum([0] + [len(codes) for codes in model.case_codes]).astype(np.int32)
    meta = {
        "about": about,
        "vocabulary": model.vectoriser.vocabulary,
        "stop_words": sorted(model.vectoriser.stop_words),
        "codes": model.codes,
        "index_seen": model.index_seen,
        "index_hit": model.index_hit,
        "phrase_seen": model.phrase_seen,
        "phrase_hit": model.phrase_hit,
        "features": list(features),
        "ngram": sorted(model.ngrams.pairs) if model.ngrams is not None else None,
        "near": sorted(model.near.pairs) if model.near is not None else None,
    }
    np.savez_compressed(
        path,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        idf=model.vectoriser.idf.astype(np.float32),
        term_offsets=model.term_offsets.astype(np.int32),
        case_ids=model.case_ids.astype(np.int16),
        case_weights=model.case_weights.astype(np.float16),
        flat_codes=flat_codes,
        code_offsets=code_offsets,
        alpha=model.alpha.astype(np.float16),
        beta=model.beta.astype(np.float16),
        beta_bias=model.beta_bias.astype(np.float32),
        classified=model.classified.astype(np.int32),
        **_ngram_arrays(model, model.ngrams, "ngram"),
        **_ngram_arrays(model, model.near, "near"),
        **trees.arrays(),
    )


@cache
def load_ranker(path: Path = MODEL_FILE) -> CodeRanker:
    if not path.is_file():
        raise RevcycleError(
            ErrorCode.CODESET_DATA_MISSING,
            f"the ranker model is missing: {path} (python tools/train_ranker.py)",
        )
    with np.load(path) as stored:
        arrays = {name: stored[name] for name in stored.files}
    meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    features = tuple(meta["features"])
    if features not in (FEATURES, BASE_FEATURES):
        raise RevcycleError(
            ErrorCode.CODESET_DATA_MISSING, "the ranker model was trained on other features; retrain it"
        )
    offsets = arrays["code_offsets"]
    model = TextModel(
        vectoriser=TfIdf(meta["vocabulary"], arrays["idf"].astype(np.float64), meta["stop_words"]),
        term_offsets=arrays["term_offsets"].astype(np.int64),
        case_ids=arrays["case_ids"].astype(np.int64),
        case_weights=arrays["case_weights"].astype(np.float64),
        case_codes=[
            arrays["flat_codes"][offsets[i] : offsets[i + 1]].tolist() for i in range(len(offsets) - 1)
        ],
        alpha=arrays["alpha"].astype(np.float64),
        codes=meta["codes"],
        index_seen=meta["index_seen"],
        index_hit=meta["index_hit"],
        # a base-feature model has no classifier (no codes classified, so none proposed) and no phrase statistics
        beta=arrays.get("beta", np.zeros((len(offsets) - 1, 0))).astype(np.float64),
        beta_bias=arrays.get("beta_bias", np.zeros(0)).astype(np.float64),
        classified=arrays.get("classified", np.zeros(0)).astype(np.int64),
        phrase_seen=meta.get("phrase_seen", {}),
        phrase_hit=meta.get("phrase_hit", {}),
        ngrams=_ngram_table(meta, arrays, "ngram"),
        near=_ngram_table(meta, arrays, "near"),
    )
    return CodeRanker(model, TreeEnsemble.from_arrays(arrays), meta["about"], features)


def _ngram_arrays(model: TextModel, table: NgramTable | None, prefix: str) -> dict[str, np.ndarray]:
    """An n-gram table as arrays, n-grams in sorted order (their strings are in the meta under `prefix`): each
    one's case count, and its (code position, cases with both) pairs from `offsets[i]` to `offsets[i + 1]`."""
    if table is None:
        return {}
    grams = sorted(table.pairs)
    pairs = [table.pairs[gram] for gram in grams]
    return {
        f"{prefix}_df": np.array([table.df[gram] for gram in grams], dtype=np.int32),
        f"{prefix}_offsets": np.cumsum([0] + [len(kept) for kept in pairs]).astype(np.int32),
        f"{prefix}_codes": np.array(
            [model.code_position[code] for kept in pairs for code, _ in kept], dtype=np.int32
        ),
        f"{prefix}_counts": np.array([count for kept in pairs for _, count in kept], dtype=np.int32),
    }


def _ngram_table(meta: dict[str, object], arrays: dict[str, np.ndarray], prefix: str) -> NgramTable | None:
    grams = meta.get(prefix)
    if not isinstance(grams, list):
        return None
    codes: list[str] = meta["codes"]  # type: ignore[assignment]
    offsets = arrays[f"{prefix}_offsets"]
    positions, counts = arrays[f"{prefix}_codes"].tolist(), arrays[f"{prefix}_counts"].tolist()
    pairs = {
        gram: [(codes[positions[k]], counts[k]) for k in range(offsets[i], offsets[i + 1])]
        for i, gram in enumerate(grams)
    }
    code_cases = Counter(codes[c] for c in arrays["flat_codes"].tolist())
    return NgramTable(dict(zip(grams, arrays[f"{prefix}_df"].tolist(), strict=True)), pairs, dict(code_cases))
