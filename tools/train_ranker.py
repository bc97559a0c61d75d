"""Train the code ranker on CodiEsp train and write `data/ranker.npz` (reproducible: fixed seeds).

usage: python tools/train_ranker.py [--corpus DIR] [--base] [--out FILE] [--cv]

Without `--base` it writes the case-report model `data/ranker_case_reports.npz` (every feature:
the logistic classifier and the phrase statistics too; used by rank-dir and the CodiEsp
benchmark); with `--base` the model `suggest` uses, `data/ranker.npz` (the first 16 features).

DIR is the CodiEsp folder (default ../shared/corpus/codiesp beside the repository); only its
`train` split is read (English texts in `text_files_en`, gold diagnoses in `trainD.tsv`, where the
coders read them in `trainX.tsv`).
The tree ensemble learns from out-of-fold features (5 folds), so that the text-model features
it sees at training time are as noisy as on unseen notes. Needs scikit-learn (the `dev` extra);
run time needs only numpy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from revcycle.coding.mentions import Mention, find_mentions
from revcycle.coding.ngrams import NgramTable
from revcycle.coding.ranker import (
    BASE_FEATURES,
    CASE_REPORT_MODEL,
    FEATURES,
    MODEL_FILE,
    TextModel,
    candidates,
    canonical,
    feature_matrix,
    phrase_key,
    save_ranker,
)
from revcycle.coding.textvec import TfIdf
from revcycle.coding.trees import TreeEnsemble

TRAIN_DOS = date(2025, 6, 1)  # the index release the candidates are drawn from (FY2025)
RIDGE_LAMBDA = (
    0.1  # chosen on a train-only hold-out (100 of the 500 cases): 1.0 -> 0.351, 0.3 -> 0.355, 0.1 -> 0.356
)
# the logistic classifier's L2 weight; 5-fold MAP of its ranking alone on train (minimum 2 cases per
# code): 0.1 -> 0.172, 0.03 -> 0.189, 0.01 -> 0.197
CLASSIFIER_LAMBDA = 0.01
CLASSIFIER_MIN_CASES = 2
CLASSIFIER_ITERATIONS = 300
FOLDS = 5
# the near n-grams: the lines within NEAR_WIDTH lines of where the coders read a code (CodiEsp-X). Train
# 5-fold CV MAP with width 0 / 1 / 2 (experiment, before the final fit): 0.5315 / 0.5322 / 0.5306
EN_PER_ES = 0.9
NEAR_WIDTH = 1
SEED = 20
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "codiesp"


def load_split(corpus: Path, split: str) -> tuple[list[str], list[str], list[list[str]]]:
    """(case ids, English texts, gold diagnosis codes in file order, upper case) of one split."""
    folder = corpus / split
    files = sorted((folder / "text_files_en").glob("*.txt"))
    gold: dict[str, list[str]] = defaultdict(list)
    for line in (folder / f"{split}D.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip() and canonical(parts[1]) not in gold[parts[0]]:
            gold[parts[0]].append(canonical(parts[1]))
    ids = [path.stem for path in files]
    return ids, [path.read_text(encoding="utf-8") for path in files], [gold[case] for case in ids]


def evidence_places(corpus: Path, split: str, ids: Sequence[str]) -> list[list[tuple[str, int]]]:
    """Per case, each diagnosis the coders assigned and where in the English text they read it: CodiEsp-X
    (`<split>X.tsv`) gives the character offset in the Spanish original, and an English position is
    `EN_PER_ES` times it (the median ratio of the offsets of the gold codes' index mentions in train)."""
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for line in (corpus / split / f"{split}X.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 5 and parts[1] == "DIAGNOSTICO":
            start = int(parts[4].split(";")[0].split()[0])
            places[parts[0]].append((canonical(parts[2]), int(start * EN_PER_ES)))
    return [places[case] for case in ids]


def build_text_model(
    texts: Sequence[str],
    labels: Sequence[list[str]],
    mentions: Sequence[list[Mention]],
    base: bool = False,
    places: Sequence[list[tuple[str, int]]] | None = None,
) -> TextModel:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vectoriser = TfIdf.fit(texts, ENGLISH_STOP_WORDS)
    matrix = vectoriser.matrix(texts)
    codes = sorted({code for codes in labels for code in codes})
    position = {code: i for i, code in enumerate(codes)}
    targets = np.zeros((len(texts), len(codes)))
    for row, gold in enumerate(labels):
        targets[row, [position[c] for c in gold]] = 1
    kernel = matrix @ matrix.T
    alpha = np.linalg.solve(kernel + RIDGE_LAMBDA * np.eye(len(texts)), targets)
    classified = (
        np.nonzero(targets.sum(axis=0) >= CLASSIFIER_MIN_CASES)[0]
        if not base
        else np.zeros(0, dtype=np.int64)
    )
    beta, beta_bias = fit_logistic(kernel, targets[:, classified], CLASSIFIER_LAMBDA)
    by_term = matrix.T
    nonzero = [np.nonzero(by_term[t])[0] for t in range(by_term.shape[0])]
    seen: dict[str, int] = defaultdict(int)
    hit: dict[str, int] = defaultdict(int)
    phrase_seen: dict[str, int] = defaultdict(int)
    phrase_hit: dict[str, int] = defaultdict(int)
    for gold, found in zip(labels, mentions, strict=True):
        for code in {canonical(m.code) for m in found}:
            seen[code] += 1
            hit[code] += code in gold
        for key in set() if base else {phrase_key(canonical(m.code), m) for m in found}:
            phrase_seen[key] += 1
            phrase_hit[key] += key.split("\t", 1)[0] in gold
    return TextModel(
        vectoriser=vectoriser,
        term_offsets=np.cumsum([0] + [len(ids) for ids in nonzero]),
        case_ids=np.concatenate(nonzero) if nonzero else np.zeros(0, dtype=np.int64),
        case_weights=np.concatenate([by_term[t, ids] for t, ids in enumerate(nonzero)]),
        case_codes=[[position[c] for c in gold] for gold in labels],
        alpha=alpha,
        codes=codes,
        index_seen=dict(seen),
        index_hit=dict(hit),
        beta=beta,
        beta_bias=beta_bias,
        classified=classified,
        phrase_seen=dict(phrase_seen),
        phrase_hit={key: count for key, count in phrase_hit.items() if count},
        ngrams=None if base else NgramTable.fit(texts, labels),
        near=None if base or places is None else NgramTable.fit(texts, labels, places, NEAR_WIDTH),
    )


def fit_logistic(kernel: np.ndarray, targets: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest L2 logistic regression over the tf-idf vectors, every code at once, in dual form:
    the weights are `X.T @ beta` (the representer theorem), so the scores are `kernel @ beta + bias`
    and the penalty `lam / 2 * beta.T @ kernel @ beta`. L-BFGS from the codes' prior log-odds."""
    from scipy.optimize import minimize

    n, m = targets.shape

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        beta, bias = theta[: n * m].reshape(n, m), theta[n * m :]
        scores = kernel @ beta + bias
        residual = 1.0 / (1.0 + np.exp(-scores)) - targets
        loss = np.sum(np.logaddexp(0.0, scores) - targets * scores) + 0.5 * lam * np.sum(
            beta * (kernel @ beta)
        )
        gradient = np.concatenate([(kernel @ (residual + lam * beta)).ravel(), residual.sum(axis=0)])
        return float(loss), gradient

    prior = targets.mean(axis=0).clip(1e-3, 1 - 1e-3)
    start = np.concatenate([np.zeros(n * m), np.log(prior / (1 - prior))])
    found = minimize(
        loss_and_gradient, start, jac=True, method="L-BFGS-B", options={"maxiter": CLASSIFIER_ITERATIONS}
    )
    return found.x[: n * m].reshape(n, m), found.x[n * m :]


@dataclass
class OutOfFold:
    """Every training case's candidates scored by text models that did not see it (5 folds): the tree
    ensemble learns from these rows, and they give the cross-validated MAP."""

    features: np.ndarray
    targets: np.ndarray
    fold: np.ndarray  # each row's fold
    case: np.ndarray  # each row's case (position in the split)
    codes: list[str]  # each row's code


def out_of_fold(
    texts: Sequence[str],
    labels: Sequence[list[str]],
    mentions: Sequence[list[Mention]],
    base: bool = False,
    places: Sequence[list[tuple[str, int]]] | None = None,
) -> OutOfFold:
    rows, targets, folds, cases, codes = [], [], [], [], []
    order = np.random.default_rng(SEED).permutation(len(texts))
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS].tolist())
        kept = [i for i in range(len(texts)) if i not in held]
        model = build_text_model(
            [texts[i] for i in kept],
            [labels[i] for i in kept],
            [mentions[i] for i in kept],
            base,
            [places[i] for i in kept] if places is not None else None,
        )
        for i in sorted(held):
            cands = candidates(model, texts[i], mentions[i])
            rows.append(feature_matrix(cands, BASE_FEATURES if base else FEATURES))
            targets.extend(c.code in labels[i] for c in cands)
            folds.extend([fold] * len(cands))
            cases.extend([i] * len(cands))
            codes.extend(c.code for c in cands)
    return OutOfFold(np.vstack(rows), np.array(targets), np.array(folds), np.array(cases), codes)


def average_precision(ranked: Sequence[str], gold: Sequence[str], k: int = 30) -> float:
    """CodiEsp's AP of one case: the precision at each rank (within the first k) holding a gold code,
    summed and divided by the number of gold codes (the official scorer's definition)."""
    hits, total = 0, 0.0
    for rank, code in enumerate(ranked[:k], 1):
        if code in gold:
            hits += 1
            total += hits / rank
    return total / len(gold) if gold else 0.0


def cross_validated_map(rows: OutOfFold, labels: Sequence[list[str]]) -> float:
    """MAP over the training cases, each ranked by trees fitted on the other folds' rows (the text-model
    features of every row are already out of fold)."""
    scores = np.zeros(len(rows.targets))
    for fold in range(FOLDS):
        held = rows.fold == fold
        trees = fit_trees(rows.features[~held], rows.targets[~held])
        scores[held] = trees.probabilities(rows.features[held])
    aps = []
    for case, gold in enumerate(labels):
        if not gold:
            continue
        at = np.nonzero(rows.case == case)[0]
        ranked = [rows.codes[i] for i in sorted(at, key=lambda i: (-scores[i], rows.codes[i]))]
        aps.append(average_precision(ranked, gold))
    return float(np.mean(aps))


def fit_trees(features: np.ndarray, targets: np.ndarray) -> TreeEnsemble:
    from sklearn.ensemble import HistGradientBoostingClassifier

    classifier = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, max_leaf_nodes=31, random_state=SEED, early_stopping=False
    ).fit(features, targets)
    return export_trees(classifier)


def export_trees(classifier: object) -> TreeEnsemble:
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    roots, offset = [], 0
    for (predictor,) in classifier._predictors:  # type: ignore[attr-defined]
        nodes = predictor.nodes
        roots.append(offset)
        parts["feature"].append(nodes["feature_idx"].astype(np.int16))
        parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
        parts["left"].append((nodes["left"] + offset).astype(np.int32))
        parts["right"].append((nodes["right"] + offset).astype(np.int32))
        parts["is_leaf"].append(nodes["is_leaf"].astype(bool))
        parts["value"].append(nodes["value"].astype(np.float64))
        parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
        offset += len(nodes)
    joined = {name: np.concatenate(chunks) for name, chunks in parts.items()}
    return TreeEnsemble(
        roots=np.array(roots, dtype=np.int32),
        baseline=float(np.ravel(classifier._baseline_prediction)[0]),  # type: ignore[attr-defined]
        **joined,
    )


def train(corpus: Path, out: Path, base: bool = False, cv: bool = False) -> dict[str, object]:
    started = time.perf_counter()
    ids, texts, labels = load_split(corpus, "train")
    mentions = [find_mentions(text, TRAIN_DOS) for text in texts]
    places = None if base else evidence_places(corpus, "train", ids)
    rows = out_of_fold(texts, labels, mentions, base, places)
    trees = fit_trees(rows.features, rows.targets)
    model = build_text_model(texts, labels, mentions, base, places)
    about = {
        "trained_on": "CodiEsp train (English), diagnoses",
        "cases": len(ids),
        "codes": len(model.codes),
        "candidate_rows": int(rows.features.shape[0]),
        "positive_rows": int(rows.targets.sum()),
        "cv_map": round(cross_validated_map(rows, labels), 4) if cv else None,
        "index_release_dos": TRAIN_DOS.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    save_ranker(out, model, trees, about, BASE_FEATURES if base else FEATURES)
    return about


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--base", action="store_true", help="the model suggest uses (data/ranker.npz)")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--cv", action="store_true", help="also report the 5-fold cross-validated MAP on train"
    )
    args = parser.parse_args(argv)
    out = args.out or (MODEL_FILE if args.base else CASE_REPORT_MODEL)
    about = train(args.corpus, out, args.base, args.cv)
    print(f"wrote {out} ({out.stat().st_size:,} bytes): {about}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
