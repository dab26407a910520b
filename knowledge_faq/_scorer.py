"""Second stage: which of the recalled entries does the question belong to?

Each entry is a class whose training examples are its own question variants
(canonical question, similar questions, keywords) and the questions written
for it in citizens' words (``scope_positives.yaml`` and the ``answered``
lists of ``ask_pairs.yaml``), and the question is scored by multinomial
naive Bayes over the shared TF-IDF features. Naive Bayes pools the evidence
of *all* of an entry's paraphrases, where matching the single best variant
rewards whichever paraphrase happens to share the most filler; on the
validation set it lifted top-1 by several points over the lexical blend it
replaced, and the written questions lifted it again (long, colloquial
questions now have long, colloquial examples to match).

It is also cheap at any corpus size: fitting is one sparse sum per entry, and
scoring touches only the features the question contains, because the
log-likelihood splits into a sparse part and a per-entry constant::

    log P(q | c) = sum_f q_f * log((N_cf + a) / (N_c + a V))
                 = q . log1p(N_c / a)  +  |q| * (log a - log(N_c + a V))
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._config import NB_SMOOTHING
from ._sparse import row_dots

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class NaiveBayesScorer:
    """Per-entry log-likelihoods of a question's features."""

    def __init__(self, variant_features: sp.csr_matrix, owners: IntArray, n_entries: int) -> None:
        """Pool the example rows of each entry (``owners[i]`` owns row i) into its counts."""
        n_variants, n_features = variant_features.shape
        membership = sp.csr_matrix(
            (np.ones(n_variants), (owners, np.arange(n_variants))), shape=(n_entries, n_variants)
        )
        counts = (membership @ variant_features).tocsr()
        totals = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        self._log_gain = counts.copy()
        self._log_gain.data = np.log1p(self._log_gain.data / NB_SMOOTHING)
        self._log_floor = np.log(NB_SMOOTHING) - np.log(totals + NB_SMOOTHING * n_features)

    def log_likelihood(self, query: sp.csr_matrix, entries: IntArray) -> FloatArray:
        """``log P(question | entry)`` (up to a shared constant) for ``entries``.

        Args:
            query: one feature row (see ``FeatureSpace.transform``).
            entries: entry positions to score, usually stage one's candidates.
        """
        dense = np.zeros(query.shape[1])
        dense[query.indices] = query.data
        gain = row_dots(self._log_gain, entries, dense)
        result: FloatArray = gain + float(query.data.sum()) * self._log_floor[entries]
        return result

    def log_likelihoods(self, queries: sp.csr_matrix, entries: IntArray) -> FloatArray:
        """:meth:`log_likelihood` of several questions for ``entries``, one row each.

        One sparse product for the block: used where many questions are
        ranked at once (pairing the negatives at every build, over all the
        entries any of them recalls).
        """
        gain = np.asarray((self._log_gain[entries] @ queries.T).toarray(), dtype=np.float64).T
        mass = np.asarray(queries.sum(axis=1), dtype=np.float64)
        result: FloatArray = gain + mass * self._log_floor[np.newaxis, entries]
        return result
