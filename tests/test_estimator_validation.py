"""The estimators' hyperparameter constraints: declared as data, checked in one place."""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import pkgutil
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

import tutor.demos.estimators as estimators
from tutor.demos.estimators.base import BaseEstimator
from tutor.demos.estimators.validation import (
    Constraint,
    Integer,
    IntegerSequence,
    OneOf,
    Real,
    validate,
)

MODULES = [
    importlib.import_module(f"{estimators.__name__}.{info.name}")
    for info in pkgutil.iter_modules(estimators.__path__)
]
ESTIMATORS = sorted(
    {
        cls
        for module in MODULES
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, BaseEstimator)
        and cls is not BaseEstimator
        and not cls.__name__.startswith("_")
    },
    key=lambda cls: cls.__name__,
)


def test_the_families_hold_every_model_the_lab_had() -> None:
    names = {cls.__name__ for cls in ESTIMATORS}
    assert names == {
        "DecisionTreeClassifier",
        "GaussianNB",
        "GradientBoostingRegressor",
        "KMeans",
        "KNeighborsClassifier",
        "LassoRegression",
        "LinearRegressionGD",
        "LinearSVC",
        "LogisticRegressionGD",
        "MLPClassifier",
        "PCA",
        "PolynomialRegressionGD",
        "RandomForestClassifier",
        "RidgeRegression",
        "SGDRegressor",
    }


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda cls: cls.__name__)
def test_every_hyperparameter_has_exactly_one_declared_constraint(cls: type) -> None:
    assert set(cls.constraints) == set(cls._param_names())
    validate(cls.__name__, cls().get_params(), cls.constraints)  # the defaults are valid


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda cls: cls.__name__)
def test_fit_signature_is_fit_X_y_with_anything_else_keyword_only(cls: type) -> None:
    parameters = list(inspect.signature(cls.fit).parameters.values())
    assert [p.name for p in parameters[:3]] == ["self", "X", "y"]
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[3:]), cls


def test_a_model_without_a_declared_constraint_is_refused_at_fit() -> None:
    class Forgetful(BaseEstimator):
        constraints: ClassVar[dict[str, Constraint]] = {"rate": Real()}

        def __init__(self, rate: float = 0.1, depth: int = 2) -> None:
            self.rate = rate
            self.depth = depth

    with pytest.raises(TypeError, match="no constraint for its hyperparameter 'depth'"):
        Forgetful()._validate_params()


def test_the_error_names_the_model_the_hyperparameter_the_rule_and_the_value() -> None:
    from tutor.demos.estimators.linear_model import SGDRegressor

    with pytest.raises(ValueError) as caught:
        SGDRegressor(momentum=1.0).fit(np.zeros((4, 1)), np.zeros(4))
    assert str(caught.value) == (
        "SGDRegressor: momentum must be a finite number >= 0 and < 1, got 1.0"
    )


@pytest.mark.parametrize(
    ("constraint", "good", "bad"),
    [
        (Integer(low=1), [1, 7, np.int64(3)], [0, -1, 2.0, 1.5, True, None, "3"]),
        (Integer(low=0, none_ok=True), [0, 5, None], [-1, False, 0.5]),
        (Real(low=0.0), [1e-9, 3, np.float64(2.5)], [0.0, -1.0, math.nan, math.inf, True, "1"]),
        (Real(low=0.0, low_inclusive=True), [0.0, 1.0], [-1e-9, math.nan, None]),
        (Real(low=0.0, low_inclusive=True, high=1.0), [0.0, 0.99], [1.0, 1.5]),
        (Real(low=1.0, low_inclusive=True, inf_ok=True), [1, 2.5, math.inf], [0.5, math.nan]),
        (OneOf(("a", "b")), ["a", "b"], ["c", None, 1]),
        (OneOf(("a",), array_ok=True), ["a", [[0.0]], np.zeros((2, 2))], ["z"]),
        (IntegerSequence(low=1), [(8,), [4, 4], (), 3], [(4, 0), "8", (1.5,), 0, None]),
    ],
    ids=repr,
)
def test_constraints_accept_and_refuse(constraint: object, good: list, bad: list) -> None:
    for value in good:
        assert constraint.accepts(value), value  # type: ignore[attr-defined]
    for value in bad:
        assert not constraint.accepts(value), value  # type: ignore[attr-defined]


def test_no_module_level_helper_is_defined_in_two_families() -> None:
    """One fact in one place: a helper two families need lives in one module."""
    seen: dict[str, str] = {}
    for path in sorted(Path(estimators.__path__[0]).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                assert node.name not in seen, f"{node.name} in {seen.get(node.name)} and {path}"
                seen[node.name] = path.name
