"""The documentation that is generated from the code is up to date."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_reference_is_regenerated():
    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "docs" / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == module.main(), "run .venv/bin/python docs/make_reference.py"


def test_glossary_covers_the_vocabulary_arguments():
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for name in ("`mat`", "`pairs`", "`rel`", "`basis`", "`alternative`", "`seed`", "`estimate`"):
        assert name in text, name
