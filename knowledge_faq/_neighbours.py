"""Is the question closer to an example of its best entries, or to an off-topic one?

The scope classifier is linear over n-grams: it weighs every n-gram of a
question on its own, so an off-topic question made mostly of covered words
("杭州的公积金比我们这边高吗", "注册商标需要什么材料") can score as in
scope. Nearest examples judge the question as a whole instead: the most
similar in-scope example among the first entries' own (their variants and
the questions written for them) against the most similar out-of-scope
message of ``negatives.yaml``. A real question usually has a close sibling
among its entry's examples; an off-topic one that borrows the words has a
closer sibling among the negatives.

Similarity is the cosine over a feature space of its own, fitted on the
examples and the negatives together: the ranker's space is fitted on the
variants alone and drops every word they lack, but a word no entry uses
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
import scipy.sparse as sp

from ._config import NEIGHBOUR_FIT_EXAMPLES, NEIGHBOUR_SHARPNESS
from ._features import Analyzed, FeatureSpace

IntArray = npt.NDArray[np.int64]

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
        """Fit the space and group the in-scope ``examples`` (``owners[i]`` owns i) by entry.

        The space is fitted on at most ``NEIGHBOUR_FIT_EXAMPLES`` examples
        (evenly spaced; all of them for the bundled corpus) and the
        negatives, and an entry's example rows are computed when a question
        first ranks it: fitting and transforming 120,000 variants of a
        20,000-entry corpus cost two seconds of every build.
        """
        self._texts = examples
        order = np.argsort(owners, kind="stable")
        self._order = order
        # Entry e's examples are self._texts[i] for i in order[starts[e]:starts[e + 1]].
        self._starts = np.searchsorted(owners[order], np.arange(n_entries + 1))
        fit = list(examples)
        if len(fit) > NEIGHBOUR_FIT_EXAMPLES:
            keep = np.linspace(0, len(fit) - 1, NEIGHBOUR_FIT_EXAMPLES).astype(np.int64)
            fit = [fit[i] for i in keep.tolist()]
        self._space = FeatureSpace([*fit, *negatives])
        self._negatives = self._space.matrix[len(fit) :].tocsr()
        self._rows: dict[int, sp.csr_matrix] = {}

    def _entry_rows(self, entry: int) -> sp.csr_matrix:
        """Entry ``entry``'s example rows (computed once; a race only computes them twice)."""
        rows = self._rows.get(entry)
        if rows is None:
            members = self._order[self._starts[entry] : self._starts[entry + 1]]
            rows = self._rows[entry] = self._space.transform([self._texts[i] for i in members])
        return rows

    def margin(self, text: Analyzed, entries: IntArray) -> float:
        """Best cosine to an example of ``entries`` minus the best to a negative.

        ``entries`` are the entry positions whose examples count (the first
        ranked ones).
        """
        query = self._space.transform_one(text)
        rows = [self._entry_rows(e) for e in entries.tolist()]
        own = max((_best_cosine(r, query) for r in rows if r.shape[0]), default=0.0)
        other = _best_cosine(self._negatives, query) if self._negatives.shape[0] else 0.0
        return own - other

    def factor(self, text: Analyzed, entries: IntArray) -> float:
        """``sigmoid(NEIGHBOUR_SHARPNESS * margin)``: 0.5 when both sides are as close."""
        return float(1.0 / (1.0 + np.exp(-NEIGHBOUR_SHARPNESS * self.margin(text, entries))))


def _best_cosine(rows: sp.csr_matrix, query: sp.csr_matrix) -> float:
    """The highest cosine between ``query`` and any of ``rows``."""
    products = rows @ query.T
    return float(products.max()) / _HALVES if products.nnz else 0.0
