"""The worked examples in the index docstrings run and give the values they show."""

import doctest
import importlib
import pathlib

import pandas as pd
import pytest

import ftzlink.indices

MODULES = ["specialisation", "similarity", "complementarity", "relatedness", "complexity"]
# The example matrices the module docstrings introduce ("Examples below use …").
GLOBS = {
    "mat": pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd")),
    "m": pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd")),
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"ftzlink.indices.{name}")
    result = doctest.testmod(module, extraglobs=GLOBS, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_every_public_function_documents_zero_handling_and_a_reference():
    for name in ftzlink.indices.__all__:
        obj = getattr(ftzlink.indices, name)
        if callable(obj) and name != "Complexity":
            doc = obj.__doc__ or ""
            assert "Zeros" in doc and "Reference" in doc and ">>>" in doc, name


def test_the_package_never_imports_the_peer_package():
    root = pathlib.Path(ftzlink.indices.__file__).parent.parent
    for path in root.rglob("*.py"):
        assert "import ecomplexity" not in path.read_text(encoding="utf-8"), path
        assert "from ecomplexity" not in path.read_text(encoding="utf-8"), path
