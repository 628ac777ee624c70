"""Estimator rules shared by every demo model (the scikit-learn conventions).

Hyperparameters are ``__init__`` keyword arguments stored unmodified; ``fit`` validates its
input, learns attributes whose names end in ``_`` and returns ``self``. ``get_params()`` is
therefore exactly "what was set before training", and the ``_``-suffixed attributes are
exactly "what the data decided" -- which is the lesson this tutor teaches.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np


class NotFittedError(RuntimeError):
    """Raised when a model is used before ``fit``."""


class BaseEstimator:
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

    def _check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call fit(X, y) before using it."
            )

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
