"""Measurement helpers shared by the benchmark scripts (run as ``python benchmarks/<script>.py``)."""

from __future__ import annotations

import tracemalloc


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
