"""List scikit-learn estimators' constructor arguments and fitted attributes, as JSON.

A development tool: it needs scikit-learn installed (the tutor itself never imports it).
Each estimator is built with its defaults, fitted on a tiny data set, and read back:
``get_params()`` gives what was set before training, and the public attributes ending in ``_``
that appear after ``fit`` give what the fit wrote.

    python scripts/gen_sklearn_vocabulary.py            # print the JSON
    python scripts/gen_sklearn_vocabulary.py --write    # refresh the shipped file
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import warnings
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "tutor/core/knowledge/data/sklearn.json"

# module -> (estimator class names, how to fit them: "classify" | "regress" | "cluster" | "text"
# | "labels" | "categories")
ESTIMATORS: dict[str, list[tuple[str, str]]] = {
    "linear_model": [
        ("LinearRegression", "regress"),
        ("Ridge", "regress"),
        ("RidgeClassifier", "classify"),
        ("Lasso", "regress"),
        ("ElasticNet", "regress"),
        ("LogisticRegression", "classify"),
        ("SGDClassifier", "classify"),
        ("SGDRegressor", "regress"),
        ("Perceptron", "classify"),
        ("HuberRegressor", "regress"),
        ("BayesianRidge", "regress"),
    ],
    "svm": [
        ("SVC", "classify"),
        ("SVR", "regress"),
        ("LinearSVC", "classify"),
        ("LinearSVR", "regress"),
        ("NuSVC", "classify"),
        ("OneClassSVM", "cluster"),
    ],
    "neighbors": [
        ("KNeighborsClassifier", "classify"),
        ("KNeighborsRegressor", "regress"),
        ("RadiusNeighborsClassifier", "classify"),
        ("NearestNeighbors", "cluster"),
        ("LocalOutlierFactor", "cluster"),
    ],
    "tree": [
        ("DecisionTreeClassifier", "classify"),
        ("DecisionTreeRegressor", "regress"),
    ],
    "ensemble": [
        ("RandomForestClassifier", "classify"),
        ("RandomForestRegressor", "regress"),
        ("ExtraTreesClassifier", "classify"),
        ("GradientBoostingClassifier", "classify"),
        ("GradientBoostingRegressor", "regress"),
        ("HistGradientBoostingClassifier", "classify"),
        ("HistGradientBoostingRegressor", "regress"),
        ("AdaBoostClassifier", "classify"),
        ("BaggingClassifier", "classify"),
        ("VotingClassifier", "classify"),
        ("StackingClassifier", "classify"),
        ("IsolationForest", "cluster"),
    ],
    "cluster": [
        ("KMeans", "cluster"),
        ("MiniBatchKMeans", "cluster"),
        ("DBSCAN", "cluster"),
        ("AgglomerativeClustering", "cluster"),
        ("MeanShift", "cluster"),
    ],
    "mixture": [
        ("GaussianMixture", "cluster"),
        ("BayesianGaussianMixture", "cluster"),
    ],
    "decomposition": [
        ("PCA", "cluster"),
        ("TruncatedSVD", "cluster"),
        ("NMF", "positive"),
        ("FastICA", "cluster"),
        ("KernelPCA", "cluster"),
        ("LatentDirichletAllocation", "positive"),
    ],
    "naive_bayes": [
        ("GaussianNB", "classify"),
        ("MultinomialNB", "counts"),
        ("BernoulliNB", "classify"),
        ("ComplementNB", "counts"),
    ],
    "neural_network": [
        ("MLPClassifier", "classify"),
        ("MLPRegressor", "regress"),
    ],
    "preprocessing": [
        ("StandardScaler", "cluster"),
        ("MinMaxScaler", "cluster"),
        ("RobustScaler", "cluster"),
        ("MaxAbsScaler", "cluster"),
        ("Normalizer", "cluster"),
        ("PolynomialFeatures", "cluster"),
        ("OneHotEncoder", "categories"),
        ("OrdinalEncoder", "categories"),
        ("LabelEncoder", "labels"),
    ],
    "feature_extraction.text": [
        ("CountVectorizer", "text"),
        ("TfidfVectorizer", "text"),
        ("TfidfTransformer", "counts"),
    ],
    "manifold": [("TSNE", "cluster")],
    "covariance": [("EllipticEnvelope", "cluster")],
    "impute": [("SimpleImputer", "cluster")],
    "discriminant_analysis": [("LinearDiscriminantAnalysis", "classify")],
}


def _base_estimators() -> dict[str, object]:
    """Constructor arguments of the ensembles built from other models (they have no default)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.tree import DecisionTreeClassifier

    return {"estimators": [("lr", LogisticRegression()), ("tree", DecisionTreeClassifier())]}


ARGUMENTS = {"VotingClassifier": _base_estimators, "StackingClassifier": _base_estimators}

DOCUMENTS = [
    "the cat sat on the mat",
    "the dog ate my homework",
    "a cat and a dog",
    "homework is due on monday",
    "the mat is red",
    "my dog likes the cat",
]


def _data(how: str):  # type: ignore[no-untyped-def]
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y_class = (X[:, 0] + 0.3 * X[:, 1] > 0).astype(int)
    if how == "classify":
        return (X, y_class)
    if how == "regress":
        return (X, X @ np.array([1.5, -2.0, 0.5]) + 0.1 * rng.normal(size=40))
    if how == "cluster":
        return (X,)
    if how == "positive":
        return (np.abs(X),)
    if how == "counts":
        return (rng.integers(0, 4, size=(40, 3)), y_class)
    if how == "text":
        return (DOCUMENTS,)
    if how == "labels":
        return (np.array(["red", "green", "blue", "green"]),)
    if how == "categories":
        rows = [["red", "s"], ["green", "m"], ["blue", "s"], ["red", "l"]]
        return (np.array(rows, dtype=object),)
    raise ValueError(how)


def _public_fitted(estimator: object, before: set[str]) -> list[str]:
    names = []
    for name in sorted(vars(estimator)):
        if name.endswith("_") and not name.startswith("_") and name not in before:
            names.append(name)
    return names


def describe() -> dict[str, dict[str, object]]:
    """Every listed estimator: its module, its get_params() names and its fitted attributes."""
    found: dict[str, dict[str, object]] = {}
    for module_name, entries in ESTIMATORS.items():
        module = importlib.import_module(f"sklearn.{module_name}")
        for class_name, how in entries:
            arguments = ARGUMENTS[class_name]() if class_name in ARGUMENTS else {}
            estimator = getattr(module, class_name)(**arguments)
            params = sorted(estimator.get_params(deep=False))
            before = set(vars(estimator))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                estimator.fit(*_data(how))
            found[class_name] = {
                "module": module_name,
                "params": params,
                "learned": _public_fitted(estimator, before),
            }
    return found


def render(found: dict[str, dict[str, object]]) -> str:
    import sklearn

    document = {
        "generated_by": "scripts/gen_sklearn_vocabulary.py",
        "sklearn_version": sklearn.__version__,
        "estimators": found,
    }
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {TARGET}")
    args = parser.parse_args(argv)
    text = render(describe())
    if args.write:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
