"""Index docstrings state their zero rule and reference; the package never imports its peers."""

import pathlib

import ftzlink.indices


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
