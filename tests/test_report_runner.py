"""Report runner mechanics on tiny notebooks the tests write: success, failure, lock, latest.

nbformat is imported where notebooks are written or read, not at collection: importing it
takes seconds (its jsonschema loads IRI grammars), paid by every pytest worker otherwise.
"""

import gc
import json
import subprocess
import sys
import threading
import warnings

import pytest

from ftzlink import FtzlinkError
from ftzlink.report.cli import main
from ftzlink.report.params import parse_overrides, validate_params
from ftzlink.report.runner import run_lock, run_report


def make_notebook(path, body):
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('output_dir = "."\nlanguage = "en"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_markdown_cell("# Tiny"), nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


WRITE_TABLE = (
    "from pathlib import Path\n"
    "Path(output_dir, 'tables', 'lang.csv').write_text('language\\n' + language + '\\n')\n"
    "print('language is', language)"
)


def add_language_cells(path):
    """Markdown for English readers, for Chinese readers, and for both."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    english, chinese = nbformat.v4.new_markdown_cell("Reading EN"), nbformat.v4.new_markdown_cell("解读中文")
    english.metadata["tags"], chinese.metadata["tags"] = ["lang-en"], ["lang-zh"]
    nb.cells += [english, chinese, nbformat.v4.new_markdown_cell("Both 都有")]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """A notebook that succeeds (with markdown per language) and one that fails; read-only for the tests."""
    nb_dir = tmp_path_factory.mktemp("notebooks")
    make_notebook(nb_dir / "01_zone_profiles.ipynb", WRITE_TABLE)
    add_language_cells(nb_dir / "01_zone_profiles.ipynb")
    make_notebook(nb_dir / "02_positioning_overlap.ipynb", "x = 1\nraise RuntimeError('injected failure')")
    return nb_dir


def run(tmp_path, nb_dir, kernels=None, **params):
    params.setdefault("notebooks", ["01_zone_profiles"])
    return run_report(params, reports_dir=tmp_path / "reports", notebook_dir=nb_dir, progress=False, kernels=kernels)


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory, notebooks):
    """One successful run in Chinese, shared by the tests that inspect a successful run. Its
    reports directory receives no other successful run, so ``latest`` stays on it."""
    return run(tmp_path_factory.mktemp("shared"), notebooks, language="zh")


def test_success_writes_manifest_html_and_latest(zh_run):
    result = zh_run
    assert result.status == "succeeded"
    manifest = json.loads((result.run_dir / "manifest.json").read_text())
    assert manifest["notebooks"][0]["status"] == "succeeded"
    assert manifest["parameters"]["language"] == "zh"
    assert "data/raw/zones.csv" in manifest["inputs"]
    assert (result.run_dir / "tables" / "lang.csv").read_text() == "language\nzh\n"
    assert "tables/lang.csv" in manifest["outputs"]
    html = (result.run_dir / "report.html").read_text()
    assert "language is zh" in html and "Path(output_dir" not in html  # outputs shown, code hidden
    assert (result.run_dir.parent / "latest").resolve() == result.run_dir.resolve()


def test_failure_keeps_directory_and_leaves_latest(zh_run, notebooks):
    good = zh_run
    shared = good.run_dir.parent.parent                        # run() adds "reports"
    bad = run(shared, notebooks, notebooks=["01_zone_profiles", "02_positioning_overlap"])
    assert bad.status == "failed"
    assert bad.run_dir.is_dir()
    entry = bad.manifest["notebooks"][1]
    assert entry["status"] == "failed" and entry["error"]["ename"] == "RuntimeError"
    assert "02_positioning_overlap failed in cell" in bad.manifest["error"]
    assert "injected failure" in bad.manifest["error"]
    assert (shared / "reports" / "latest").resolve() == good.run_dir.resolve()


def test_cli_exit_status_names_notebook(tmp_path, notebooks, capsys):
    code = main(["report", "--quiet", "--reports-dir", str(tmp_path / "r"), "--notebook-dir", str(notebooks),
                 "-p", "notebooks=[02_positioning_overlap]"])
    assert code == 1
    assert "02_positioning_overlap failed in cell" in capsys.readouterr().err


def test_second_run_refuses_while_first_holds_the_lock(tmp_path, notebooks):
    with run_lock(tmp_path / "reports"):
        with pytest.raises(FtzlinkError, match="another report run is in progress"):
            run(tmp_path, notebooks)
    assert not [p for p in (tmp_path / "reports").iterdir() if not p.name.startswith(".")]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"langauge": "zh"}, "unknown parameter(s) langauge"),
        ({"level": "nace"}, "parameter 'level': nace not one of"),
        ({"formats": ["pdf", "gif"]}, "parameter 'formats': gif not one of"),
        ({"dpi": "high"}, "parameter 'dpi': expected an integer"),
        ({"zones": ["hb_wuhan", "nowhere"]}, "parameter zones: unknown nowhere"),
        ({"provinces": ["Hebei"]}, "parameter 'provinces'"),
        ({"io_table": "missing.csv"}, "parameter 'io_table': no such file"),
        ({"source_docs": ["plan_mars"]}, "parameter 'source_docs': unknown plan_mars"),
    ],
)
def test_invalid_parameters_fail_before_any_run(tmp_path, notebooks, params, message):
    with pytest.raises(FtzlinkError) as err:
        run(tmp_path, notebooks, **params)
    assert message in str(err.value)
    assert not (tmp_path / "reports").exists()


def test_cli_bad_parameter_exit_2(tmp_path, capsys):
    assert main(["report", "--reports-dir", str(tmp_path / "r"), "-p", "dpi=0"]) == 2
    assert "parameter 'dpi'" in capsys.readouterr().err


def test_overrides_and_config(tmp_path):
    assert parse_overrides(["formats=[pdf, svg]", "dpi=600", "zones="]) == {
        "formats": ["pdf", "svg"], "dpi": 600, "zones": None}
    with pytest.raises(FtzlinkError, match="expected key=value"):
        parse_overrides(["level"])
    assert validate_params({"formats": "svg"})["formats"] == ["svg"]


def test_report_font_subset_covers_the_chinese_text():
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from ftzlink.report.html import cjk_font_face

    css = cjk_font_face("Zone profiles 片区概况 武汉片区")
    font = TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "片区概况武汉")
    assert ord("Z") not in cmap                        # Latin is left to the reader's fonts
    assert "unicode-range: U+2E80-FFFF" in css
    # printed output (<pre>, the code font) has the face too: a Chinese note under a cell is not tofu
    assert re.search(r"--jp-code-font-family: 'ftzlink CJK', [^;]*monospace;", css)
    assert re.search(r"pre, code \{ font-family: 'ftzlink CJK', ", css)
    assert cjk_font_face("ASCII only") == ""


SHARED_KERNEL_FIRST = (
    "import os, matplotlib\n"
    "from pathlib import Path\n"
    "leftover = 1\n"
    "matplotlib.rcParams['lines.linewidth'] = 9.0\n"
    "Path(output_dir, 'tables', 'pid1.txt').write_text(str(os.getpid()))"
)
SHARED_KERNEL_SECOND = (
    "import os, matplotlib\n"
    "from pathlib import Path\n"
    "assert 'leftover' not in globals(), 'namespace of the previous notebook leaked'\n"
    "assert matplotlib.rcParams['lines.linewidth'] != 9.0, 'rcParams of the previous notebook leaked'\n"
    "Path(output_dir, 'tables', 'pid2.txt').write_text(str(os.getpid()))"
)


def test_notebooks_share_one_kernel_but_not_its_state(tmp_path):
    import nbformat

    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    make_notebook(nb_dir / "01_zone_profiles.ipynb", SHARED_KERNEL_FIRST)
    make_notebook(nb_dir / "02_positioning_overlap.ipynb", SHARED_KERNEL_SECOND)
    result = run(tmp_path, nb_dir, kernels=1, notebooks=["01_zone_profiles", "02_positioning_overlap"])
    assert result.status == "succeeded", result.manifest.get("error")
    tables = result.run_dir / "tables"
    assert (tables / "pid1.txt").read_text() == (tables / "pid2.txt").read_text()   # one kernel process
    second = nbformat.read(result.run_dir / "notebooks" / "02_positioning_overlap.ipynb", as_version=4)
    assert [c.execution_count for c in second.cells if c.cell_type == "code"][0] == 1   # counts restart
    split = result.manifest["split"]
    assert set(split) == {"kernel", "notebooks", "html", "other"}
    assert split["kernel"] > 0 and abs(sum(split.values()) - result.manifest["seconds"]) < 0.05
    cells = result.manifest["cell_seconds"]
    assert set(cells) == {"setup", "compute", "figures", "overhead"}
    assert abs(sum(cells.values()) - sum(e["seconds"] for e in result.manifest["notebooks"])) < 0.05
    assert result.manifest["kernels"] == 1
    assert (result.run_dir / "kernel.log").is_file()
    # the clients papermill's executor opened on the shared kernel are closed (no heartbeat thread left)
    from jupyter_client.channels import HBChannel

    assert not [t for t in threading.enumerate() if isinstance(t, HBChannel) and t.is_alive()]


# The first notebook stages its sheet only after the second has staged its own (on the other
# kernel): the workbook must still follow the notebooks' order.
PARALLEL_FIRST = (
    "import os, time\n"
    "from pathlib import Path\n"
    "import pandas as pd\n"
    "from ftzlink.report.display import stage_sheet\n"
    "tables = Path(output_dir, 'tables')\n"
    "deadline = time.monotonic() + 120\n"
    "while not (tables / 'pid2.txt').exists() and time.monotonic() < deadline:\n"
    "    time.sleep(0.05)\n"
    "assert (tables / 'pid2.txt').exists(), 'the second notebook did not run meanwhile'\n"
    "stage_sheet(tables / 'tables.xlsx', pd.DataFrame({'a': [1]}), 'from_first', 'first notebook')\n"
    "(tables / 'pid1.txt').write_text(str(os.getpid()))"
)
PARALLEL_SECOND = (
    "import os\n"
    "from pathlib import Path\n"
    "import pandas as pd\n"
    "from ftzlink.report.display import stage_sheet\n"
    "tables = Path(output_dir, 'tables')\n"
    "stage_sheet(tables / 'tables.xlsx', pd.DataFrame({'b': [2]}), 'from_second', 'second notebook')\n"
    "(tables / 'pid2.txt').write_text(str(os.getpid()))"
)


def test_two_kernels_run_notebooks_at_once_and_keep_the_workbook_in_notebook_order(tmp_path):
    import nbformat
    from openpyxl import load_workbook

    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    make_notebook(nb_dir / "01_zone_profiles.ipynb", PARALLEL_FIRST)
    make_notebook(nb_dir / "02_positioning_overlap.ipynb", PARALLEL_SECOND)
    gc.collect()                           # earlier tests' garbage is not this run's
    result = run(tmp_path, nb_dir, kernels=2, notebooks=["01_zone_profiles", "02_positioning_overlap"])
    assert result.status == "succeeded", result.manifest.get("error")
    with warnings.catch_warnings(record=True) as caught:   # the kernel threads closed their loops and sockets
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    assert not [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    tables = result.run_dir / "tables"
    assert (tables / "pid1.txt").read_text() != (tables / "pid2.txt").read_text()   # two kernel processes
    assert load_workbook(tables / "tables.xlsx").sheetnames == ["run", "from_first", "from_second"]
    assert sorted(p.name for p in (tables / ".sheets").glob("*.json")) == [
        "000001_run.json", "010001_from_first.json", "020001_from_second.json"]
    for name in ("01_zone_profiles", "02_positioning_overlap"):
        nb = nbformat.read(result.run_dir / "notebooks" / f"{name}.ipynb", as_version=4)
        assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    assert result.manifest["kernels"] == 2


WAIT_FOR_FAILURE = (
    "import json, time\n"
    "from pathlib import Path\n"
    "manifest = Path(output_dir, 'manifest.json')\n"
    "deadline = time.monotonic() + 120\n"
    "while json.loads(manifest.read_text())['notebooks'][1]['status'] != 'failed' and time.monotonic() < deadline:\n"
    "    time.sleep(0.05)"
)


def test_a_failure_on_one_kernel_stops_the_others_taking_notebooks(tmp_path, notebooks):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    make_notebook(nb_dir / "01_zone_profiles.ipynb", WAIT_FOR_FAILURE)
    make_notebook(nb_dir / "02_positioning_overlap.ipynb", "raise RuntimeError('injected failure')")
    make_notebook(nb_dir / "03_complementarity.ipynb", "print('never run')")
    result = run(tmp_path, nb_dir, kernels=2,
                 notebooks=["01_zone_profiles", "02_positioning_overlap", "03_complementarity"])
    assert result.status == "failed"
    assert [e["status"] for e in result.manifest["notebooks"]] == ["succeeded", "failed", "skipped"]
    assert "02_positioning_overlap failed in cell" in result.manifest["error"]
    assert not (result.run_dir / "notebooks" / "03_complementarity.ipynb").exists()


def test_kernels_must_be_a_positive_integer(tmp_path, notebooks):
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(FtzlinkError, match="kernels: expected a positive number"):
            run(tmp_path, notebooks, kernels=bad)


def test_kernels_run_the_runners_python_whatever_spec_jupyter_finds_first(tmp_path, monkeypatch):
    """A ``python3`` kernel spec of another environment, first on ``JUPYTER_PATH`` (as a user's
    JupyterLab set-up or a borrowed environment has), is not what the report's kernels run."""
    from jupyter_client.kernelspec import KernelSpecManager

    from ftzlink.report.session import kernel_manager_class

    spec_dir = tmp_path / "share" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    other = ["/elsewhere/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec_dir / "kernel.json").write_text(json.dumps({"argv": other, "display_name": "other", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share"))
    assert KernelSpecManager().get_kernel_spec("python3").argv == other      # what Jupyter would start
    km = kernel_manager_class(str(tmp_path), "k")(kernel_name="python3")
    assert km.kernel_spec.argv[0] == sys.executable
    assert km.kernel_spec.argv[-4:] == ["-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert km.kernel_spec.language == "python"


def test_warm_up_follows_the_modules_the_notebooks_import(tmp_path):
    """The report's context warms the whole stack up; one submodule of ftzlink, or nothing of
    it, warms up nothing (the notebook imports what it needs itself)."""
    from ftzlink.report.session import warm_up_modules

    def notebook(name, source):
        make_notebook(tmp_path / f"{name}.ipynb", source)
        return tmp_path / f"{name}.ipynb"

    context = notebook("context", "from ftzlink.report import report_context")
    assert warm_up_modules([context]) == ["ftzlink.indices", "ftzlink.plot", "ftzlink.stats",
                                          "ftzlink.report.context", "matplotlib.pyplot"]
    assert warm_up_modules([notebook("display", "from ftzlink.report.display import stage_sheet")]) == []
    assert warm_up_modules([notebook("plain", "import os")]) == []
    assert warm_up_modules([notebook("plot", "from ftzlink import plot")]) == [
        "ftzlink.plot", "matplotlib.pyplot", "ftzlink.indices"]


def test_warm_up_imports_the_modules_behind_lazy_names_and_leaves_no_name():
    from ftzlink.report.session import warm_up_code

    check = "print('ftzlink.plot.heatmap' in sys.modules, '_ftzlink_warm_up' in dir())\n"
    script = "import sys\nimport ftzlink.plot\n" + check + warm_up_code(["ftzlink.plot"]) + check
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    # ftzlink.plot alone imports no figure type; the warm-up imports them all, and leaves no name
    assert out.stdout.split() == ["False", "False", "True", "False"], out.stderr


def _fake_run(reports, name):
    (reports / name).mkdir(parents=True)
    (reports / name / "manifest.json").write_text("{}")


def test_keep_prunes_old_runs_but_never_latest(tmp_path, notebooks, capsys):
    from ftzlink.report.runner import prune_runs

    reports = tmp_path / "reports"
    for name in ("20200101T000000000000Z-1", "20200102T000000000000Z-1", "20200103T000000000000Z-1"):
        _fake_run(reports, name)
    (reports / "notes.txt").parent.mkdir(exist_ok=True)
    (reports / "notes.txt").write_text("not a run")
    result = run_report({"notebooks": ["01_zone_profiles"]}, reports_dir=reports, notebook_dir=notebooks,
                        progress=False, keep=2)
    assert result.status == "succeeded"
    assert sorted(result.manifest["pruned"]) == ["20200101T000000000000Z-1", "20200102T000000000000Z-1"]
    assert sorted(p.name for p in reports.iterdir() if p.is_dir() and not p.is_symlink()) == [
        "20200103T000000000000Z-1", result.run_dir.name]
    assert (reports / "notes.txt").exists()
    _fake_run(reports, "29990101T000000000000Z-1")   # newer than latest: latest survives keep=1 anyway
    removed = prune_runs(reports, keep=1)
    assert [p.name for p in removed] == ["20200103T000000000000Z-1"]
    assert (reports / "latest").resolve() == result.run_dir.resolve() and result.run_dir.is_dir()
    assert main(["prune", "--keep", "0", "--reports-dir", str(reports)]) == 2
    assert "keep: expected a positive number" in capsys.readouterr().err
    assert main(["prune", "--keep", "1", "--reports-dir", str(reports)]) == 0
    assert "0 old run(s) removed" in capsys.readouterr().out


def test_report_html_shows_the_markdown_of_its_language_only(tmp_path, notebooks, zh_run):
    for result, shown, hidden in ((zh_run, "解读中文", "Reading EN"),
                                  (run(tmp_path, notebooks, language="en"), "Reading EN", "解读中文")):
        html = (result.run_dir / "report.html").read_text(encoding="utf-8")
        assert shown in html and hidden not in html and "Both 都有" in html


class _FakeSession:
    """Stands for a started kernel in KernelPool's unit tests (no process)."""

    def ready(self):
        pass

    def kill(self):
        pass

    def request_shutdown(self):
        pass

    def close(self):
        pass


def test_pool_raises_an_error_that_follows_a_failed_notebook():
    """One kernel's notebook fails (the pool stops taking notebooks), then the other kernel hits a
    disk fault: run() must raise that fault, not swallow it because the pool had stopped."""
    import threading

    from ftzlink.report.session import KernelPool

    stopped, both_running = threading.Event(), threading.Barrier(2, timeout=60)
    done = []

    def work(session, job, first):
        both_running.wait()
        if job == "fails":
            pool.stop()
            stopped.set()
        else:
            assert stopped.wait(60)
            raise FtzlinkError("No space left on device")
        done.append(job)

    with KernelPool(2, _FakeSession) as pool:
        with pytest.raises(FtzlinkError, match="No space left on device"):
            pool.run(["fails", "faults", "never"], work)
    assert done == ["fails"] and len(pool.ready_at) == 2
