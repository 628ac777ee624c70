"""PCA against the eigenvectors of the covariance and the variance it discards."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimator_data import unsupervised_data
from tutor.demos.estimators.decomposition import PCA


def test_pca_components_are_the_top_eigenvectors_of_the_covariance() -> None:
    X, _ = unsupervised_data(90, d=5)
    eigenvalues, eigenvectors = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
    model = PCA(n_components=3).fit(X)
    assert np.allclose(model.components_ @ model.components_.T, np.eye(3), atol=1e-12)
    for component, eigenvector in zip(model.components_, eigenvectors.T, strict=False):
        assert abs(component @ eigenvector) == pytest.approx(1.0, abs=1e-10)
    assert np.allclose(model.explained_variance_, eigenvalues[:3], rtol=1e-10)
    assert np.allclose(model.explained_variance_ratio_, eigenvalues[:3] / eigenvalues.sum())
    assert np.allclose(model.mean_, X.mean(axis=0))


def test_pca_reconstruction_error_is_the_discarded_variance() -> None:
    X, _ = unsupervised_data(91, d=5)
    n = len(X)
    eigenvalues = np.sort(np.linalg.eigvalsh(np.cov(X, rowvar=False)))[::-1]
    for k in (1, 2, 4):
        model = PCA(n_components=k).fit(X)
        expected = eigenvalues[k:].sum() * (n - 1) / n
        assert model.reconstruction_error(X) == pytest.approx(expected, rel=1e-9)
        assert model.score(X) == -model.reconstruction_error(X)
    full = PCA(n_components=5).fit(X)
    assert np.allclose(full.inverse_transform(full.transform(X)), X, atol=1e-10)
    Z = full.transform(X)
    assert np.allclose(np.var(Z, axis=0, ddof=1), full.explained_variance_)


def test_pca_fixes_the_sign_of_each_component() -> None:
    X, _ = unsupervised_data(92, d=4)
    for data in (X, -X, X[::-1]):
        components = PCA(n_components=3).fit(data).components_
        largest = components[np.arange(3), np.abs(components).argmax(axis=1)]
        assert np.all(largest > 0)
    assert np.allclose(
        PCA(n_components=3).fit(X).components_, PCA(n_components=3).fit(-X).components_
    )


def test_pca_needs_two_samples() -> None:
    with pytest.raises(ValueError, match="at least 2 samples"):
        PCA(n_components=1).fit(np.ones((1, 3)))
