"""Every docstring example in the package runs under the plain ``doctest`` module.

No globals are injected: each example builds its own input, with the names its module
imports (``pd``, ``np``). Floats are printed rounded, so no example depends on the last bit of
a BLAS sum.
"""

import doctest
import importlib
import importlib.util
from pathlib import Path

import pytest


def package_modules(package: str) -> list[str]:
    """Every module and subpackage of ``package``, found from its files (as ``pkgutil.walk_packages``
    finds them, but without importing the package at collection)."""
    root = Path(importlib.util.find_spec(package).origin).parent
    names = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if all((root.parent.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(parts))):
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(n for n in names if n != package)


MODULES = package_modules("ftzlink")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_public_function_has_an_example():
    missing = []
    for module_name in ("ftzlink", "ftzlink.stats", "ftzlink.io_tables", "ftzlink.pairs", "ftzlink.plot"):
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type) and ">>>" not in (obj.__doc__ or ""):
                missing.append(f"{module_name}.{name}")
    assert not missing, missing
