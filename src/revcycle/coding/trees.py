"""Evaluate a boosted tree ensemble exported as flat arrays (no scikit-learn at run time).

The training script exports scikit-learn's HistGradientBoostingClassifier trees to arrays:
for every node `feature`, `threshold`, `left`, `right` (absolute node numbers), `is_leaf`,
`value` and `missing_left`; `roots` holds the first node of each tree. The raw score is
`baseline + sum of the leaf values`, the probability its logistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TreeEnsemble:
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    is_leaf: np.ndarray
    value: np.ndarray
    missing_left: np.ndarray
    baseline: float

    def raw_scores(self, features: np.ndarray) -> np.ndarray:
        """Raw (log-odds) score of each row of `features`: every (row, tree) pair walks down at once,
        one step per tree level; leaf values are added tree by tree (the same sum, in the same order)."""
        rows = features.shape[0]
        node = np.broadcast_to(self.roots, (rows, len(self.roots))).astype(np.int64)
        row, tree = np.nonzero(~self.is_leaf[node])
        while row.size:
            current = node[row, tree]
            values = features[row, self.feature[current]]
            go_left = np.where(
                np.isnan(values), self.missing_left[current], values <= self.threshold[current]
            )
            following = np.where(go_left, self.left[current], self.right[current])
            node[row, tree] = following
            inner = ~self.is_leaf[following]
            row, tree = row[inner], tree[inner]
        leaf_values = self.value[node]
        total = np.full(rows, self.baseline)
        for column in range(leaf_values.shape[1]):
            total += leaf_values[:, column]
        return total

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw_scores(features)))

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "tree_roots": self.roots,
            "tree_feature": self.feature,
            "tree_threshold": self.threshold,
            "tree_left": self.left,
            "tree_right": self.right,
            "tree_is_leaf": self.is_leaf.astype(np.uint8),
            "tree_value": self.value,
            "tree_missing_left": self.missing_left.astype(np.uint8),
            "tree_baseline": np.array([self.baseline]),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> TreeEnsemble:
        return cls(
            roots=arrays["tree_roots"],
            feature=arrays["tree_feature"].astype(np.int64),
            threshold=arrays["tree_threshold"],
            left=arrays["tree_left"].astype(np.int64),
            right=arrays["tree_right"].astype(np.int64),
            is_leaf=arrays["tree_is_leaf"].astype(bool),
            value=arrays["tree_value"],
            missing_left=arrays["tree_missing_left"].astype(bool),
            baseline=float(arrays["tree_baseline"][0]),
        )
