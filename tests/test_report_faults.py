"""Report runs under faults: hung cells, signals, killed runs, unusable directories, lock symlinks,
full and read-only disks (real tmpfs mounts where the test may mount them)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_report_runner import make_notebook, run

from ftzlink import FtzlinkError
from ftzlink.report.cli import main
from ftzlink.report.runner import LOCK_NAME, run_lock, run_report


@pytest.fixture
def slow_notebooks(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    make_notebook(nb_dir / "01_zone_profiles.ipynb", "print('ok')")
    make_notebook(nb_dir / "02_positioning_overlap.ipynb", "import time\ntime.sleep(3600)")
    return nb_dir


def test_hung_cell_fails_within_the_timeout_and_frees_the_lock(tmp_path, slow_notebooks, monkeypatch):
    """The kernel still running the hung cell is killed (it would not answer a shutdown request)."""
    from ftzlink.report.session import KernelSession

    killed = []

    def kill(session):
        killed.append(session.km.provisioner.process)
        original_kill(session)

    original_kill = KernelSession.kill
    monkeypatch.setattr(KernelSession, "kill", kill)
    t0 = time.monotonic()
    result = run_report({"notebooks": ["02_positioning_overlap"]}, reports_dir=tmp_path / "reports",
                        notebook_dir=slow_notebooks, progress=False, cell_timeout=3)
    assert result.status == "failed"
    assert [process.wait(timeout=10) for process in killed] == [-signal.SIGKILL]
    assert time.monotonic() - t0 < 120
    assert "Timeout" in result.manifest["error"] or "timed out" in result.manifest["error"].lower()
    assert not (tmp_path / "reports" / "latest").exists()
    with run_lock(tmp_path / "reports"):           # the lock was released
        pass


def _executing(notebook, source):
    """Whether papermill has marked the code cell with ``source`` running in the executed ``notebook``
    (it saves the notebook as each cell starts)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):             # not written yet, or being written
        return False
    return any(source in "".join(c["source"]) and c["metadata"].get("papermill", {}).get("status") == "running"
               for c in cells)


def test_signal_aborts_the_run_and_leaves_latest(tmp_path, slow_notebooks):
    """SIGINT on a run of one kernel (SIGTERM, which the runner turns into the same interrupt, is
    sent to the run of two kernels below)."""
    good = tmp_path / "reports" / "20200101T000000000000Z-1"     # an earlier successful run
    good.mkdir(parents=True)
    (good / "manifest.json").write_text(json.dumps({"run_id": good.name, "status": "succeeded"}))
    (tmp_path / "reports" / "latest").symlink_to(good.name, target_is_directory=True)
    script = textwrap.dedent(f"""
        import sys
        from ftzlink.report.cli import command
        sys.exit(command(["report", "--quiet", "--reports-dir", {str(tmp_path / 'reports')!r},
                       "--notebook-dir", {str(slow_notebooks)!r}, "-p", "notebooks=[02_positioning_overlap]"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    manifests = []
    while time.monotonic() < deadline and proc.poll() is None:     # wait until the sleeping cell executes
        manifests = [p for p in (tmp_path / "reports").glob("*/manifest.json") if p.parent.name not in (good.name, "latest")]
        if manifests and json.loads(manifests[0].read_text())["status"] == "running" and _executing(
                manifests[0].parent / "notebooks" / "02_positioning_overlap.ipynb", "time.sleep(3600)"):
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    state = json.loads(manifests[0].read_text())
    assert state["status"] == "aborted"
    assert (tmp_path / "reports" / "latest").resolve() == good.resolve()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, ended but not reaped, counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


SLEEP_WITH_PID = "import os, time\nfrom pathlib import Path\nPath(output_dir, 'tables', '{name}.pid').write_text(str(os.getpid()))\ntime.sleep(3600)"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_signal_stops_every_kernel_of_a_parallel_run(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    names = ["02_positioning_overlap", "03_complementarity"]
    for name in names:
        make_notebook(nb_dir / f"{name}.ipynb", SLEEP_WITH_PID.format(name=name))
    script = textwrap.dedent(f"""
        import sys
        from ftzlink.report.cli import command
        sys.exit(command(["report", "--quiet", "--kernels", "2", "--reports-dir", {str(tmp_path / 'reports')!r},
                       "--notebook-dir", {str(nb_dir)!r}, "-p", "notebooks=[{names[0]}, {names[1]}]"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    pids = []
    while time.monotonic() < deadline and proc.poll() is None and len(pids) < 2:   # both sleeping cells run
        pids = [p for p in (tmp_path / "reports").glob("*/tables/*.pid") if p.read_text()]
        time.sleep(0.2)
    assert len(pids) == 2, "the two notebooks did not run at once"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    (manifest,) = (tmp_path / "reports").glob("*/manifest.json")
    state = json.loads(manifest.read_text())
    assert state["status"] == "aborted"
    assert [e["status"] for e in state["notebooks"]] == ["aborted", "aborted"]
    assert not any(_alive(int(p.read_text())) for p in pids)      # no kernel left behind
    assert not (tmp_path / "reports" / "latest").exists()


def test_killed_run_is_marked_abandoned_by_the_next(tmp_path, slow_notebooks):
    stale = tmp_path / "reports" / "20200101T000000000000Z-1"
    stale.mkdir(parents=True)
    (stale / "manifest.json").write_text(json.dumps({"run_id": stale.name, "status": "running"}))
    run(tmp_path, slow_notebooks)
    assert json.loads((stale / "manifest.json").read_text())["status"] == "abandoned"


def test_read_only_reports_dir_exit_2_one_line(tmp_path, slow_notebooks, capsys):
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    reports = tmp_path / "reports"
    reports.mkdir()
    reports.chmod(0o500)
    try:
        code = main(["report", "--reports-dir", str(reports), "--notebook-dir", str(slow_notebooks),
                     "-p", "notebooks=[01_zone_profiles]"])
    finally:
        reports.chmod(0o700)
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unusable_inputs_are_refused_before_the_lock(tmp_path, slow_notebooks):
    with pytest.raises(FtzlinkError, match="no such directory"):
        run_report({}, reports_dir=tmp_path / "r", notebook_dir=tmp_path / "absent", progress=False)
    assert not (tmp_path / "r" / LOCK_NAME).exists()
    (tmp_path / "r" / "latest").mkdir(parents=True)
    with pytest.raises(FtzlinkError, match="real file or directory"):
        run_report({"notebooks": ["01_zone_profiles"]}, reports_dir=tmp_path / "r",
                   notebook_dir=slow_notebooks, progress=False)


def test_lock_symlink_is_refused(tmp_path, slow_notebooks):
    reports = tmp_path / "reports"
    reports.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (reports / LOCK_NAME).symlink_to(victim)
    with pytest.raises(FtzlinkError, match="symlink"):
        run(tmp_path, slow_notebooks)
    assert victim.read_text() == "keep me"


def test_unwritable_reports_dir_exit_2_one_line(tmp_path, slow_notebooks, capsys):
    """A reports directory that cannot be created (its parent is a file): exit 2, one line."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = main(["report", "--reports-dir", str(blocker / "reports"), "--notebook-dir", str(slow_notebooks),
                 "-p", "notebooks=[01_zone_profiles]"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--reports-dir" in err


@contextmanager
def small_disk(path, size="1m"):
    """A tmpfs of ``size`` mounted at ``path`` (skips the test where mounting is not allowed)."""
    path.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _leftovers(root):
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_full_disk_exit_2_manifest_failed_no_tmp_files(tmp_path, capsys):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    make_notebook(nb_dir / "01_zone_profiles.ipynb",
                  "from ftzlink.files import write_atomic\n"
                  "write_atomic(f'{output_dir}/tables/big.csv', 'x' * 4_000_000)")
    with small_disk(tmp_path / "disk") as disk:
        code = main(["report", "--quiet", "--reports-dir", str(disk / "reports"), "--notebook-dir", str(nb_dir),
                     "-p", "notebooks=[01_zone_profiles]"])
        err = capsys.readouterr().err
        assert code == 2, err
        assert err.count("\n") == 1 and "No space left on device" in err and "01_zone_profiles" in err
        assert _leftovers(disk) == []
        (manifest,) = (disk / "reports").glob("*/manifest.json")
        assert json.loads(manifest.read_text())["status"] == "failed"
        assert not (disk / "reports" / "latest").exists()


def test_read_only_disk_exit_2_one_line(tmp_path, slow_notebooks, capsys):
    with small_disk(tmp_path / "disk") as disk:
        (disk / "reports").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        code = main(["report", "--reports-dir", str(disk / "reports"), "--notebook-dir", str(slow_notebooks),
                     "-p", "notebooks=[01_zone_profiles]"])
        err = capsys.readouterr().err
        assert code == 2
        assert err.count("\n") == 1 and "not writable" in err
        assert list((disk / "reports").iterdir()) == []
