"""The shipped scikit-learn vocabulary matches scikit-learn itself (when it is installed).

scikit-learn is not a dependency of the tutor nor of its tests: install it by hand to run this
(`pip install scikit-learn`), and refresh the data with
`python scripts/gen_sklearn_vocabulary.py --write` when it reports a difference.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT, load_script

sklearn = pytest.importorskip("sklearn")
SHIPPED = ROOT / "tutor" / "core" / "knowledge" / "data" / "sklearn.json"


def _generator():  # type: ignore[no-untyped-def]
    return load_script("gen_sklearn_vocabulary")


def test_the_shipped_vocabulary_is_what_scikit_learn_reports() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    if shipped["sklearn_version"] != sklearn.__version__:
        pytest.skip(
            f"data made with scikit-learn {shipped['sklearn_version']}, installed is "
            f"{sklearn.__version__}: regenerate with scripts/gen_sklearn_vocabulary.py --write"
        )
    found = _generator().describe()
    assert sorted(found) == sorted(shipped["estimators"])
    for name, entry in found.items():
        assert entry == shipped["estimators"][name], name


def test_constructor_arguments_and_fitted_names_are_told_apart() -> None:
    found = _generator().describe()
    ridge = found["Ridge"]
    assert "alpha" in ridge["params"] and "coef_" in ridge["learned"]
    assert not [name for name in ridge["params"] if name.endswith("_")]
    assert all(name.endswith("_") for entry in found.values() for name in entry["learned"])
