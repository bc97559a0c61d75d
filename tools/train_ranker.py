"""Train the code ranker on CodiEsp train and write `data/ranker.npz` (reproducible: fixed seeds).

usage: python tools/train_ranker.py [--corpus DIR] [--out FILE]

DIR is the CodiEsp folder (default ../shared/corpus/codiesp beside the repository); only its
`train` split is read (English texts in `text_files_en`, gold diagnoses in `trainD.tsv`).
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
from datetime import date
from pathlib import Path

import numpy as np

from revcycle.coding.mentions import Mention, find_mentions
from revcycle.coding.ranker import MODEL_FILE, TextModel, candidates, canonical, feature_matrix, save_ranker
from revcycle.coding.textvec import TfIdf
from revcycle.coding.trees import TreeEnsemble

TRAIN_DOS = date(2025, 6, 1)  # the index release the candidates are drawn from (FY2025)
RIDGE_LAMBDA = 0.1  # chosen on a train-only hold-out (100 of the 500 cases): 1.0 -> 0.351, 0.3 -> 0.355, 0.1 -> 0.356
FOLDS = 5
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


def build_text_model(texts: Sequence[str], labels: Sequence[list[str]], mentions: Sequence[list[Mention]]) -> TextModel:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vectoriser = TfIdf.fit(texts, ENGLISH_STOP_WORDS)
    matrix = vectoriser.matrix(texts)
    codes = sorted({code for codes in labels for code in codes})
    position = {code: i for i, code in enumerate(codes)}
    targets = np.zeros((len(texts), len(codes)))
    for row, gold in enumerate(labels):
        targets[row, [position[c] for c in gold]] = 1
    alpha = np.linalg.solve(matrix @ matrix.T + RIDGE_LAMBDA * np.eye(len(texts)), targets)
    by_term = matrix.T
    nonzero = [np.nonzero(by_term[t])[0] for t in range(by_term.shape[0])]
    seen: dict[str, int] = defaultdict(int)
    hit: dict[str, int] = defaultdict(int)
    for gold, found in zip(labels, mentions, strict=True):
        for code in {canonical(m.code) for m in found}:
            seen[code] += 1
            hit[code] += code in gold
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
    )


def out_of_fold(texts: Sequence[str], labels: Sequence[list[str]], mentions: Sequence[list[Mention]]) -> tuple[np.ndarray, np.ndarray]:
    rows, targets = [], []
    order = np.random.default_rng(SEED).permutation(len(texts))
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS].tolist())
        kept = [i for i in range(len(texts)) if i not in held]
        model = build_text_model([texts[i] for i in kept], [labels[i] for i in kept], [mentions[i] for i in kept])
        for i in sorted(held):
            cands = candidates(model, texts[i], mentions[i])
            rows.append(feature_matrix(cands))
            targets.extend(c.code in labels[i] for c in cands)
    return np.vstack(rows), np.array(targets)


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


def train(corpus: Path, out: Path) -> dict[str, object]:
    started = time.perf_counter()
    ids, texts, labels = load_split(corpus, "train")
    mentions = [find_mentions(text, TRAIN_DOS) for text in texts]
    features, targets = out_of_fold(texts, labels, mentions)
    trees = fit_trees(features, targets)
    model = build_text_model(texts, labels, mentions)
    about = {
        "trained_on": "CodiEsp train (English), diagnoses",
        "cases": len(ids),
        "codes": len(model.codes),
        "candidate_rows": int(features.shape[0]),
        "positive_rows": int(targets.sum()),
        "index_release_dos": TRAIN_DOS.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    save_ranker(out, model, trees, about)
    return about


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    about = train(args.corpus, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {about}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
