/**
 * Compressed sparse rows: the document–term matrix. Row `i` holds the features
 * `indices[indptr[i] .. indptr[i + 1])` (ascending) with their `values`.
 */
export interface SparseRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Builds a matrix from per-row (ascending feature, value) lists. */
export function sparseFromRows(
  cols: number,
  rowEntries: readonly { indices: readonly number[]; values: readonly number[] }[],
): SparseRows {
  const nnz = rowEntries.reduce((sum, r) => sum + r.indices.length, 0);
  const indptr = new Int32Array(rowEntries.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  rowEntries.forEach((row, i) => {
    for (let k = 0; k < row.indices.length; k++) {
      indices[at] = row.indices[k]!;
      values[at] = row.values[k]!;
      at++;
    }
    indptr[i + 1] = at;
  });
  return { rows: rowEntries.length, cols, indptr, indices, values };
}

/** The rows `which` of `m`, in that order. */
export function selectRows(m: SparseRows, which: readonly number[]): SparseRows {
  let nnz = 0;
  for (const r of which) nnz += m.indptr[r + 1]! - m.indptr[r]!;
  const indptr = new Int32Array(which.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  which.forEach((r, i) => {
    const start = m.indptr[r]!;
    const end = m.indptr[r + 1]!;
    indices.set(m.indices.subarray(start, end), at);
    values.set(m.values.subarray(start, end), at);
    at += end - start;
    indptr[i + 1] = at;
  });
  return { rows: which.length, cols: m.cols, indptr, indices, values };
}

/**
 * `bias + X·W` for a feature-major weight matrix (`weights[feature * k + column]`, k columns):
 * one pass over the non-zeros, each adding a contiguous row of W. Returns rows × k, row-major.
 */
export function multiplyDense(x: SparseRows, weights: Float64Array, bias: Float64Array): Float64Array {
  const k = bias.length;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    const base = i * k;
    for (let c = 0; c < k; c++) out[base + c] = bias[c]!;
    for (let p = x.indptr[i]!, end = x.indptr[i + 1]!; p < end; p++) {
      const v = x.values[p]!;
      const w = x.indices[p]! * k;
      for (let c = 0; c < k; c++) out[base + c]! += v * weights[w + c]!;
    }
  }
  return out;
}
