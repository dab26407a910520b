"""Dot products straight from CSR arrays, for the per-question hot paths.

scipy's row indexing and sparse products build a matrix object per call,
which costs more than the arithmetic on a question's few dozen features
and a hundred candidates. These helpers gather the values they need from
the raw ``indptr`` / ``indices`` / ``data`` arrays and sum them with
``np.bincount``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """The concatenation of ``range(start, start + length)`` for each pair."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    result: IntArray = offsets + np.arange(total)
    return result


def row_dots(matrix: sp.csr_matrix, rows: IntArray, dense: FloatArray) -> FloatArray:
    """``matrix[rows] @ dense`` for a dense vector, one value per row in ``rows``."""
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    positions = ranges(starts, lengths)
    products = np.bincount(
        np.repeat(np.arange(len(rows)), lengths),
        weights=matrix.data[positions] * dense[matrix.indices[positions]],
        minlength=len(rows),
    )
    return np.asarray(products, dtype=np.float64)


def best_column(matrix: sp.csr_matrix, columns: IntArray, values: FloatArray) -> float:
    """The largest entry of ``v @ matrix`` for the sparse row ``v`` (``columns``, ``values``).

    Only the rows of ``matrix`` that ``v`` touches are read; 0 when it
    touches none.
    """
    if not matrix.shape[1]:
        return 0.0
    starts = matrix.indptr[columns]
    lengths = matrix.indptr[columns + 1] - starts
    if not lengths.sum():
        return 0.0
    positions = ranges(starts, lengths)
    products = np.bincount(
        matrix.indices[positions],
        weights=matrix.data[positions] * np.repeat(values, lengths),
        minlength=matrix.shape[1],
    )
    return float(products.max())
