"""Is the question closer to an example of its best entries, or to an off-topic one?

The scope classifier is linear over n-grams: it weighs every n-gram of a
question on its own, so an off-topic question made mostly of covered words
("杭州的公积金比我们这边高吗", "注册商标需要什么材料") can score as in
scope. Nearest examples judge the question as a whole instead: the most
similar in-scope example among the first entries' own (their canonical
questions and the questions written for them) against the most similar out-of-scope
message of ``negatives.yaml``. A real question usually has a close sibling
among its entry's examples; an off-topic one that borrows the words has a
closer sibling among the negatives.

Similarity is the cosine over a feature space of its own, fitted on the
examples and the negatives together: the ranker's space is fitted on the
question variants alone and drops every word they lack, but a word no entry uses
("上证指数", "商标") is what most sets an off-topic question apart.

The decision step multiplies the scope probability by
``sigmoid(NEIGHBOUR_SHARPNESS * margin)``, where ``margin`` is the first
similarity minus the second. Fitting the space on the negatives as well,
against the ranker's space, raised out-of-scope rejection at equal false
rejection on every validation split (see the README).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._config import NEIGHBOUR_SHARPNESS
from ._features import Analyzed, FeatureSpace
from ._sparse import best_column, row_dots

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# FeatureSpace rows are two unit-length halves (characters and words), so
# their squared norm is 2 and a dot product over 2 is a cosine.
_HALVES = 2.0


class NearestExamples:
    """Similarity of a question to its candidates' examples versus the negatives."""

    def __init__(
        self,
        examples: Sequence[Analyzed],
        owners: IntArray,
        n_entries: int,
        negatives: Sequence[Analyzed],
    ) -> None:
        """Fit the space on all texts; group the ``examples`` (``owners[i]`` owns i) by entry."""
        self._space = FeatureSpace([*examples, *negatives])
        rows = self._space.matrix
        order = np.argsort(owners, kind="stable")
        # Entry e's examples are rows starts[e]:starts[e + 1] of this matrix.
        self._examples = rows[: len(examples)][order].tocsr()
        self._starts = np.searchsorted(owners[order], np.arange(n_entries + 1))
        # Kept transposed (features x negatives): the question's features are
        # gathered straight from its rows, without a sparse product.
        self._negatives = rows[len(examples) :].T.tocsr()

    def margin(self, text: Analyzed, entries: IntArray, variants: Sequence[Analyzed] = ()) -> float:
        """Best cosine to an example of ``entries`` minus the best to a negative.

        ``entries`` are the entry positions whose examples count (the first
        ranked ones); ``variants`` are more examples of theirs, the variants
        the question matched best. A short question often repeats one of its
        entry's similar questions, and those are not kept here: 120,000 of
        them at 20,000 entries would add a second to every build.
        """
        columns, values = self._space.weights_one(text)
        if not len(columns):
            return 0.0
        dense = np.zeros(self._space.size)
        dense[columns] = values
        own = max(self._best_example(dense, entries), self._best_variant(dense, variants))
        return own - best_column(self._negatives, columns, values) / _HALVES

    def factor(self, text: Analyzed, entries: IntArray, variants: Sequence[Analyzed] = ()) -> float:
        """``sigmoid(NEIGHBOUR_SHARPNESS * margin)``: 0.5 when both sides are as close."""
        margin = self.margin(text, entries, variants)
        return float(1.0 / (1.0 + np.exp(-NEIGHBOUR_SHARPNESS * margin)))

    def _best_example(self, dense_query: FloatArray, entries: IntArray) -> float:
        """The highest cosine between the question and a kept example of ``entries``."""
        rows = np.concatenate(
            [np.arange(self._starts[e], self._starts[e + 1]) for e in entries.tolist()]
            or [np.zeros(0, dtype=np.int64)]
        )
        if not len(rows):
            return 0.0
        return float(row_dots(self._examples, rows, dense_query).max()) / _HALVES

    def _best_variant(self, dense_query: FloatArray, variants: Sequence[Analyzed]) -> float:
        """The highest cosine between the question and one of ``variants``."""
        best = 0.0
        for variant in variants:
            columns, values = self._space.weights_one(variant)
            best = max(best, float(values @ dense_query[columns]) / _HALVES)
        return best
