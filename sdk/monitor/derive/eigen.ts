// Eigenvalues of a predicted covariance matrix (ml-matrix's symmetric eigendecomposition), largest first.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/**
 * Eigenvalues of a symmetric N x N matrix, descending. The matrix is symmetrized ((A + A') / 2) first so tiny
 * asymmetries from serialization do not produce complex pairs.
 * @example covarianceEigenvalues([[2, 0], [0, 1]]) // [2, 1]
 */
export function covarianceEigenvalues(cov: readonly (readonly number[])[]): number[] {
  const a = new Matrix(cov.map((r) => [...r]));
  const sym = a.add(a.transpose()).mul(0.5);
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  return [...e.realEigenvalues].sort((x, y) => y - x);
}
