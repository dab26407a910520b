"""bm25s's BM25, indexed from a document-term count matrix in one vectorised pass.

``bm25s.BM25.index`` scores its documents in a per-document Python loop (a
``Counter`` and a few small arrays per document): 1.7 s of a 20,000-entry
build, for 120,000 variants whose term counts the feature space has already
made. bm25s names ``build_index_from_ids`` as the method to override for
building an index another way; this class goes one step further up and fills
the same score matrix from the counts, with bm25s's own IDF and
term-frequency functions. Queries are scored by bm25s unchanged
(``get_scores``). A test pins the index to the one ``bm25s.BM25.index``
builds for the bundled corpus, array for array.
"""

from __future__ import annotations

import bm25s
import numpy as np
import scipy.sparse as sp
from bm25s import scoring


class CountsBM25(bm25s.BM25):
    """A ``bm25s.BM25`` whose index is built by :meth:`index_counts`."""

    def index_counts(self, counts: sp.csr_matrix, vocabulary: dict[str, int]) -> None:
        """Index documents given as term counts (documents x terms, columns as ``vocabulary``).

        Equivalent to ``index(Tokenized(ids, vocabulary))`` where document d
        repeats term t ``counts[d, t]`` times.
        """
        if self.method in self.methods_requiring_nonoccurrence:
            raise NotImplementedError(f"{self.method} needs a non-occurrence array")
        counts = sp.csr_matrix(counts)
        counts.sum_duplicates()
        n_docs, n_terms = counts.shape
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        frequencies = np.bincount(counts.indices, minlength=n_terms)
        # bm25s's IDF function takes one document frequency at a time; there
        # are few distinct ones.
        idf_of = scoring._select_idf_scorer(self.idf_method)
        seen, position = np.unique(frequencies, return_inverse=True)
        idf = np.asarray([idf_of(int(f), N=n_docs) if f else 0.0 for f in seen], dtype=self.dtype)
        rows = np.repeat(np.arange(n_docs), np.diff(counts.indptr))
        term_frequency = scoring._select_tfc_scorer(self.method)(
            tf_array=counts.data.astype(self.dtype),
            l_d=lengths[rows],
            l_avg=lengths.mean() if n_docs else 0.0,
            k1=self.k1,
            b=self.b,
            delta=self.delta,
        )
        values = (idf[position][counts.indices] * term_frequency).astype(self.dtype)
        scores = sp.csc_matrix(
            (values, (rows, counts.indices)), shape=(n_docs, n_terms), dtype=self.dtype
        )
        self.nonoccurrence_array = None
        self.scores = {
            "data": scores.data,
            "indices": scores.indices,
            "indptr": scores.indptr,
            "num_docs": n_docs,
        }
        # As ``index`` does: an empty token at the end of the vocabulary.
        self.vocab_dict = dict(vocabulary)
        if "" not in self.vocab_dict:
            self.vocab_dict[""] = max(self.vocab_dict.values(), default=-1) + 1
        self.unique_token_ids_set = set(self.vocab_dict.values())
