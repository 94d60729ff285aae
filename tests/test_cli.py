"""The ftzlink console command: validate, indices, report --list-params, errors."""

import csv
import io
from pathlib import Path

import pytest

from ftzlink.report.cli import main

POSITIONING = Path(__file__).resolve().parents[1] / "data" / "raw" / "positioning.csv"


def industry_sets():
    sets = {}
    with open(POSITIONING, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sets.setdefault(row["zone_id"], set()).add(row["industry_id"])
    return sets


def test_indices_jaccard_on_positioning(capsys):
    assert main(["indices", "similarity", "--method", "jaccard"]) == 0
    rows = {r["zone_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    sets = industry_sets()
    a, b = sets["hb_wuhan"], sets["hn_changsha"]
    assert float(rows["hb_wuhan"]["hn_changsha"]) == pytest.approx(len(a & b) / len(a | b))


def test_indices_on_a_user_table(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("region,x,y\na,1,3\nb,3,1\n", encoding="gbk")
    assert main(["indices", "herfindahl", "--input", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    # shares (1/4, 3/4): H = 1/16 + 9/16 = 0.625 for both regions
    assert out[1:] == ["a,0.625", "b,0.625"]


def test_validate_prints_a_summary(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "zones.csv" in out and "positioning.csv" in out and "concordance io42" in out


def test_list_params(capsys):
    assert main(["report", "--list-params"]) == 0
    assert "similarity_method: jaccard" in capsys.readouterr().out


def test_bad_input_exits_2_with_a_message(tmp_path, capsys):
    path = tmp_path / "neg.csv"
    path.write_text("region,x\na,-1\n", encoding="utf-8")
    assert main(["indices", "entropy", "--input", str(path)]) == 2
    assert "negative value" in capsys.readouterr().err


def test_the_command_leaves_out_jsonschemas_slow_iri_checks_and_still_validates_notebooks():
    """The command marks rfc3987_syntax absent before jsonschema is imported (its import compiles
    Earley parsers for 2–3 s): jsonschema then has no ``iri`` check and nbformat still validates."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import contextlib, io, sys
        from ftzlink.report.cli import command
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            command(["--version"])
        import jsonschema, nbformat
        nbformat.validate(nbformat.v4.new_notebook())
        print(sys.modules.get("rfc3987_syntax", "absent"), "iri" in jsonschema.FormatChecker.checkers)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "False"]


def test_a_process_that_imported_jsonschema_keeps_its_iri_checks(monkeypatch):
    import sys
    import types

    from ftzlink.report.cli import skip_rfc3987_syntax

    monkeypatch.setitem(sys.modules, "jsonschema", types.ModuleType("jsonschema"))
    monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    skip_rfc3987_syntax()
    assert "rfc3987_syntax" not in sys.modules
