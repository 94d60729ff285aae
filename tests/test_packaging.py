"""The package as a user gets it: a wheel installed into a fresh environment, used elsewhere.

The wheel is built from this checkout and installed without dependencies into a new virtual
environment; the dependencies come from the test environment through a ``.pth`` path entry
(appended after the fresh site-packages, and without processing its own ``.pth`` files, so
the checkout's editable install is not visible), their data files through ``JUPYTER_PATH``. Everything then runs from a temporary
directory: data and notebooks must come from the wheel.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ftzlink"
APPLICATION = ("ftzlink.study", "ftzlink.report")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_library_never_imports_the_application():
    """indices, io_tables, stats, plot and the shared modules build on nothing of the study."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if module == "ftzlink.__init__" or module.startswith(APPLICATION):
            continue
        bad = sorted(n for n in _imports(path) if n.startswith(APPLICATION))
        if bad:
            offenders.append(f"{module}: {', '.join(bad)}")
    assert not offenders, offenders


def test_no_module_reaches_the_checkout_by_relative_paths():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "REPO_ROOT" not in text and "parents[2]" not in text, path


@pytest.mark.parametrize("package", ["ftzlink.indices", "ftzlink.plot"])
def test_lazy_packages_import_every_public_name_from_its_module_on_first_use(package):
    """``__all__`` is what the ``TYPE_CHECKING`` imports re-export (type checkers and the API
    reference read those); each name resolves to the object its module defines; importing the
    package imports none of them (checked in a new process)."""
    import importlib

    from ftzlink.lazy import lazy_names

    module = importlib.import_module(package)
    names = lazy_names(module.__file__)
    assert sorted(module.__all__) == sorted(names) and len(names) > 10
    for name, home in names.items():
        assert getattr(module, name) is getattr(importlib.import_module(home), name)
    assert set(names) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        module.nonexistent
    script = (f"import sys, {package}\n"
              f"print(sorted(m for m in {sorted(set(names.values()))!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed; returns (python, bin dir, work dir)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    # Built from a copy: setuptools builds in the source tree and never empties its build/
    # directory, so a module deleted from the checkout would still travel in a wheel built there.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".*", "build", "site", "reports", "processed", "__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(source)], check=True, capture_output=True, text=True)
    wheel = next(dist.glob("ftzlink-*.whl"))
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)     # the test environment's pip installs into it (--python)
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, text=True)
    fresh_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                check=True, capture_output=True, text=True).stdout.strip()
    (Path(fresh_site) / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = base / "elsewhere"
    work.mkdir()
    return py, env_dir / "bin", work


def _run(args, cwd, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("FTZLINK_DATA_DIR", "PYTHONPATH")}
    # Data files of the borrowed dependencies (nbconvert's templates) live under the test
    # environment's prefix; a normal install puts them under the fresh one.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, **kw)


@pytest.mark.slow
def test_wheel_carries_data_and_notebooks(installed):
    py, _, work = installed
    out = _run([str(py), "-c", "import ftzlink, ftzlink.io_tables, ftzlink.resources as r; print(ftzlink.__file__); "
                "print(len(ftzlink.load_zones())); print(r.data_dir()); print(r.notebook_dir()); "
                "print(ftzlink.io_tables.load_national_table(2020).year)"], work)
    assert out.returncode == 0, out.stderr
    module_file, n_zones, data, notebooks, year = out.stdout.split()
    assert not module_file.startswith(str(ROOT)), module_file
    assert int(n_zones) == len(__import__("ftzlink").load_zones())
    assert "_bundled" in data and "_bundled" in notebooks
    assert year == "2020"


@pytest.mark.slow
def test_report_from_a_wheel_with_relative_reports_dir(installed):
    py, bin_dir, work = installed
    out = _run([str(bin_dir / "ftzlink"), "report", "--quiet", "--reports-dir", "myruns",
                "-p", "notebooks=[02_positioning_overlap]", "-p", "n_permutations=19",
                "-p", "formats=[png]"], work, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    latest = work / "myruns" / "latest"
    assert (latest / "figures" / "overlap_heatmap.png").is_file()
    assert not (work / "myruns" / latest.resolve().name / "myruns").exists()
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "succeeded"
    assert "figures/overlap_heatmap.png" in manifest["outputs"]
    assert all(not Path(p).is_absolute() for p in manifest["outputs"])


@pytest.mark.slow
def test_init_copies_notebooks_and_a_commented_config(installed):
    _, bin_dir, work = installed
    out = _run([str(bin_dir / "ftzlink"), "init", "project"], work)
    assert out.returncode == 0, out.stderr
    project = work / "project"
    assert sorted(p.name for p in (project / "notebooks").glob("*.ipynb")) == \
        sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    config = (project / "ftzlink.yml").read_text(encoding="utf-8")
    assert "# complementarity_basis: io" in config
    version = _run([str(bin_dir / "ftzlink"), "--version"], work)
    assert version.stdout.startswith("ftzlink ")
