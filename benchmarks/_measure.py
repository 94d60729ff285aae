"""Measurement helpers shared by the benchmark scripts (run as ``python benchmarks/<script>.py``)."""

from __future__ import annotations

import contextlib
import platform
import tracemalloc
from pathlib import Path


def peak_bytes(fn) -> int:
    """Largest traced allocation during one call of ``fn`` on top of what was allocated before it
    (``tracemalloc``, which NumPy and pandas report to)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - before


def publish(lines: list[str] | str, output: Path | None) -> str:
    """Print a benchmark's results section and, with ``output``, append it to that file
    (``benchmarks/RESULTS.md``) after a blank line; other sections stay untouched."""
    text = (lines if isinstance(lines, str) else "\n".join(lines)).rstrip("\n") + "\n"
    print(text)
    if output is not None:
        with Path(output).open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return text


def cpu_name() -> str:
    """The processor's model name (``/proc/cpuinfo``; ``platform`` elsewhere)."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    return cpu
