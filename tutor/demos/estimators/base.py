"""Estimator rules shared by every demo model (the scikit-learn conventions).

Hyperparameters are ``__init__`` keyword arguments stored unmodified; ``fit(X, y)`` validates
them and its input, learns attributes whose names end in ``_`` and returns ``self``.
``get_params()`` is therefore exactly "what was set before training", and the ``_``-suffixed
attributes are exactly "what the data decided" -- which is the lesson this tutor teaches.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from tutor.demos.estimators.validation import Constraint, validate

# A loss this many times its starting value (or inf/nan) counts as diverged: one rule for
# every gradient-trained model, so sweeps read them all alike.
DIVERGENCE_FACTOR = 1e12


class NotFittedError(RuntimeError):
    """Raised when a model is used before ``fit``."""


class BaseEstimator:
    # Every hyperparameter's constraint, keyed by its __init__ name; checked by fit.
    constraints: ClassVar[Mapping[str, Constraint]] = {}

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [
            name
            for name, parameter in signature.parameters.items()
            if name != "self"
            and parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ]

    def get_params(self) -> dict[str, Any]:
        """The hyperparameters: everything set before training."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> BaseEstimator:
        valid = set(self._param_names())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"{type(self).__name__} has no hyperparameter {name!r}; "
                    f"valid: {', '.join(sorted(valid))}"
                )
            setattr(self, name, value)
        return self

    def learned_attributes(self) -> dict[str, Any]:
        """The parameters: attributes that ``fit`` learned (names ending in ``_``)."""
        return {
            name: value
            for name, value in vars(self).items()
            if name.endswith("_") and not name.startswith("_")
        }

    def _validate_params(self) -> None:
        """Check every hyperparameter against its declared constraint (fit calls this first)."""
        validate(type(self).__name__, self.get_params(), self.constraints)

    def _check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call fit(X, y) before using it."
            )

    def _check_features(self, X: Any, n_features: int) -> np.ndarray:
        """``check_X`` plus the number of features the model was fitted with."""
        array = check_X(X)
        if array.shape[1] != n_features:
            raise ValueError(
                f"X has {array.shape[1]} features but {type(self).__name__} was fitted with "
                f"{n_features}"
            )
        return array

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def check_X(X: Any) -> np.ndarray:
    """A 2-D float array with at least one row and no NaN/inf; 1-D input becomes one column."""
    array = np.asarray(X, dtype=float)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"X must be 1-D or 2-D, got {array.ndim}-D")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError("X must have at least one row and one column")
    if not np.all(np.isfinite(array)):
        raise ValueError("X contains NaN or infinity")
    return array


def check_X_y(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X_checked = check_X(X)
    y_array = np.asarray(y, dtype=float).ravel()
    if y_array.shape[0] != X_checked.shape[0]:
        raise ValueError(f"X has {X_checked.shape[0]} rows but y has {y_array.shape[0]} values")
    if not np.all(np.isfinite(y_array)):
        raise ValueError("y contains NaN or infinity")
    return X_checked, y_array


def r2_score(y: np.ndarray, predicted: np.ndarray) -> float:
    """Coefficient of determination; a constant target scores 1 only when hit exactly."""
    residual = float(np.sum((y - predicted) ** 2))
    total = float(np.sum((y - y.mean()) ** 2))
    if total == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / total


def accuracy_score(y: np.ndarray, predicted: np.ndarray) -> float:
    """The share of rows whose label is predicted exactly."""
    return float(np.mean(predicted == y))
