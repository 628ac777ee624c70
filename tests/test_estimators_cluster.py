"""k-means against the centres it should recover and the inertia of its own labels."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.demos.datasets import blobs
from tutor.demos.estimators.cluster import KMeans

# ---------------------------------------------------------------- k-means

TRUE_CENTRES = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]])


def _blobs(seed: int = 0) -> np.ndarray:
    X, _ = blobs(np.random.default_rng(seed), TRUE_CENTRES, n_per=40, spread=0.5)
    return X


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_kmeans_recovers_well_separated_centres(init: str) -> None:
    X = _blobs()
    model = KMeans(n_clusters=4, init=init, random_state=0).fit(X)
    found = model.cluster_centers_[np.argsort(model.cluster_centers_ @ [1.0, 3.0])]
    expected = TRUE_CENTRES[np.argsort(TRUE_CENTRES @ [1.0, 3.0])]
    np.testing.assert_allclose(found, expected, atol=0.25)
    assert 1 <= model.n_iter_ <= model.max_iter


def test_kmeans_inertia_equals_the_inertia_of_its_own_labels() -> None:
    X = _blobs(3)
    model = KMeans(n_clusters=3, random_state=5).fit(X)
    recomputed = sum(
        float(((X[model.labels_ == k] - centre) ** 2).sum())
        for k, centre in enumerate(model.cluster_centers_)
    )
    assert model.inertia_ == pytest.approx(recomputed, rel=1e-12)
    distances = ((X[:, None, :] - model.cluster_centers_[None]) ** 2).sum(axis=2)
    assert np.array_equal(model.labels_, distances.argmin(axis=1))
    assert np.array_equal(model.predict(X), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_)


def test_kmeans_refills_an_empty_cluster() -> None:
    X = _blobs()
    start = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [500.0, 500.0]])
    model = KMeans(n_clusters=4, init=start).fit(X)
    assert np.all(np.isfinite(model.cluster_centers_))
    assert len(np.unique(model.labels_)) == 4


def test_kmeans_is_seeded() -> None:
    X = np.random.default_rng(4).normal(size=(60, 2))
    first = KMeans(n_clusters=5, random_state=1).fit(X)
    again = KMeans(n_clusters=5, random_state=1).fit(X)
    assert np.array_equal(first.cluster_centers_, again.cluster_centers_)


def test_kmeans_rejects_more_clusters_than_points() -> None:
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(n_clusters=5).fit(np.zeros((3, 2)))
