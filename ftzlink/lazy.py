"""Packages that import their public names on first use (PEP 562), from one list of imports.

A package's ``__init__.py`` writes its re-exports as ordinary imports inside an
``if TYPE_CHECKING:`` block, which type checkers and the API reference read, and attaches
:func:`lazy_attributes`: at run time each name is imported from its module when it is first
used, so importing the package (or one of its modules, such as ``ftzlink.plot.labels``) does
not import every module behind it (pyplot and geopandas for ``ftzlink.plot``, SciPy's
statistics for ``ftzlink.indices``).

>>> import ftzlink.indices as indices
>>> lazy_names(indices.__file__)["overlap"]
'ftzlink.indices.structural_similarity'
>>> indices.overlap.__module__
'ftzlink.indices.structural_similarity'
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any, Callable


def lazy_names(init_file: str | Path) -> dict[str, str]:
    """``{name: module}`` of the ``from module import name`` lines in the ``if TYPE_CHECKING:``
    block of the package file ``init_file``."""
    tree = ast.parse(Path(init_file).read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for block in tree.body:
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING":
            for node in block.body:
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.update((alias.name, node.module) for alias in node.names)
    return names


def lazy_attributes(package: str, init_file: str | Path) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package`` (PEP 562) for the names of :func:`lazy_names`.

    Usage, at the end of the package's ``__init__.py``::

        __getattr__, __dir__ = lazy_attributes(__name__, __file__)
    """
    names = lazy_names(init_file)

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(names[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        module = importlib.import_module(package)
        return sorted(set(vars(module)) | set(names))

    return __getattr__, __dir__
