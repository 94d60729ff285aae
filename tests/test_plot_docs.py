"""The examples in the ftzlink.plot docstrings run and give the values they show."""

import doctest
import importlib

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

MODULES = ["fonts", "style", "labels", "heatmap", "network", "export", "bars", "positioning", "maps", "_draw"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"ftzlink.plot.{name}")
    result = doctest.testmod(module, extraglobs={"pd": pd}, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
