"""Fuzz the public API with bad input (issue #15, "Reliability").

Every public function and reader is called with classes of bad input; each call must either
raise :class:`~ftzlink.errors.FtzlinkError` whose message names the culprit (the argument,
label, file, line or column) or return a value equal to an independent computation. Any other
exception (a ``TypeError``, ``KeyError`` or ``ValueError`` from pandas or NumPy) and any
warning (warnings are errors here, so NumPy's ``RuntimeWarning`` is caught) fail the case.

The cases are generated, not written out: :data:`SPECS` holds one valid baseline call per
public function (enumerated from ``ftzlink.__all__`` and the ``__all__`` of the library
subpackages; :func:`test_every_public_function_is_fuzzed` checks that none is left out), and
:func:`mutations` derives the bad calls from each parameter's role (a table, a labelled
vector, a flag, a number, a choice, a column name …). Readers get their own file cases
(encodings that cannot be told apart, duplicate headers, ragged rows, decimal commas, BOM,
wrong extension, missing file, a directory). Scale invariance is checked with hypothesis
(seeded: ``derandomize=True``) over the whole float64 range for the functions of
:data:`SCALE_GROUPS`, whose result does not change when their data are multiplied by 2**±10.

Tests: ``test_bad_input[f]`` runs the baseline and every case of function ``f`` and lists the
failing ones; cases that fail in modules other helpers are fixing are listed in
:data:`KNOWN_FAILURES` and run one by one as strict xfails (``test_known_failure``), so that a
fix there shows up as an XPASS to remove from the list. ``tools/fuzz_census.py`` runs the same
generator outside pytest and prints the table of categories with counts tried / clear error /
correct value / unclear error / wrong or escaped.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, Phase, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import ftzlink  # noqa: E402
import ftzlink.indices  # noqa: E402
import ftzlink.io_tables  # noqa: E402
import ftzlink.microdata  # noqa: E402
import ftzlink.pairs  # noqa: E402
import ftzlink.plot  # noqa: E402
import ftzlink.readers  # noqa: E402
import ftzlink.stats  # noqa: E402
import ftzlink.tidy  # noqa: E402
from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.io_tables import IOTable  # noqa: E402
from ftzlink.stats import InferenceResult  # noqa: E402

# --------------------------------------------------------------------------------------------
# Baseline data: small, valid, labelled
# --------------------------------------------------------------------------------------------

R3, I4, Z6, S3 = ["r1", "r2", "r3"], list("abcd"), list("abcdef"), ["s1", "s2", "s3"]


def mat() -> pd.DataFrame:
    return pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=R3, columns=I4, dtype=float)


def dense() -> pd.DataFrame:
    """A matrix without zeros (for indices that need every cell positive)."""
    return pd.DataFrame([[3, 1, 2, 1], [1, 4, 2, 2], [2, 2, 5, 4]], index=R3, columns=I4, dtype=float)


def binary() -> pd.DataFrame:
    return pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=R3, columns=I4, dtype=float)


def binary4() -> pd.DataFrame:
    return pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 0, 1]],
                        index=["r1", "r2", "r3", "r4"], columns=I4, dtype=float)


def counts4() -> pd.DataFrame:
    """Four regions × four industries with distinct comparative advantages (complexity with rca=True)."""
    return pd.DataFrame([[9, 1, 2, 1], [6, 5, 1, 1], [2, 6, 5, 1], [1, 2, 6, 8]],
                        index=["r1", "r2", "r3", "r4"], columns=I4, dtype=float)


def reference() -> pd.Series:
    return pd.Series([10.0, 5.0, 3.0, 2.0], index=I4)


def by_region(values=(1.0, 2.0, 3.0)) -> pd.Series:
    return pd.Series(list(values), index=R3, dtype=float)


def gdp() -> pd.Series:
    return pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})


def population() -> pd.Series:
    return pd.Series({"r1": 4.0, "r2": 3.0, "r3": 2.0, "r4": 1.0})


def panel() -> pd.DataFrame:
    """Regions × years."""
    return pd.DataFrame({2000: [1.0, 2.0, 4.0, 8.0], 2010: [1.5, 2.5, 4.2, 8.1]}, index=["r1", "r2", "r3", "r4"])


def long_panel() -> pd.DataFrame:
    return pd.DataFrame({"region": ["r1", "r1", "r2", "r2"] * 3, "industry": ["a", "b"] * 6,
                         "year": [2000] * 4 + [2001] * 4 + [2002] * 4,
                         "value": [10.0, 20, 30, 40, 15, 20, 30, 60, 15, 30, 30, 60]})


def long_table() -> pd.DataFrame:
    return pd.DataFrame({"region": ["a", "a", "b", "b"], "industry": ["x", "y", "x", "y"],
                         "value": [1.0, 2.0, 3.0, 4.0]})


def square(values, labels) -> pd.DataFrame:
    return pd.DataFrame(np.asarray(values, dtype=float), index=list(labels), columns=list(labels))


def distance6() -> pd.DataFrame:
    pts = np.array([0.0, 1.0, 3.0, 4.5, 7.0, 8.0])
    return square(np.abs(pts[:, None] - pts[None, :]), Z6)


def similarity6() -> pd.DataFrame:
    d = distance6().to_numpy()
    return square(1.0 / (1.0 + d), Z6)


def flows6() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    f = rng.integers(1, 9, size=(6, 6)).astype(float)
    np.fill_diagonal(f, 0.0)
    return square(f, Z6)


def idw6() -> pd.DataFrame:
    """Spatial weights without symmetry, so that no permutation ties a statistic with the observed one.

    The neighbour graph (a–b, b–c, c–d, d–e, b–f, c–f) has no automorphism but the identity,
    and the weights are inverse distances of irregular points.
    """
    d = distance6().to_numpy()
    graph = np.zeros((6, 6))
    for i, j in ((0, 1), (1, 2), (2, 3), (3, 4), (1, 5), (2, 5)):
        graph[i, j] = graph[j, i] = 1.0
    with np.errstate(divide="ignore"):
        return square(np.where(graph > 0, 1.0 / d, 0.0), Z6)


def values6(values=(1.0, 2.0, 3.0, 9.0, 10.0, 4.0)) -> pd.Series:
    return pd.Series(list(values), index=Z6, name="y")


def zones_lonlat() -> pd.DataFrame:
    return pd.DataFrame({"lon": [114.3, 112.9, 121.5], "lat": [30.6, 28.2, 31.2]}, index=["wh", "cs", "sh"])


def io_Z() -> pd.DataFrame:
    return square([[20, 30, 10], [10, 40, 20], [5, 10, 30]], S3)


def io_x() -> pd.Series:
    return pd.Series([100.0, 200.0, 150.0], index=S3)


def io_A() -> pd.DataFrame:
    return ftzlink.io_tables.technical_coefficients(io_Z(), io_x())


def io_B() -> pd.DataFrame:
    return ftzlink.io_tables.allocation_coefficients(io_Z(), io_x())


def io_L() -> pd.DataFrame:
    return ftzlink.io_tables.leontief_inverse(io_A())


def io_G() -> pd.DataFrame:
    return ftzlink.io_tables.ghosh_inverse(io_B())


def io_fd() -> pd.DataFrame:
    return pd.DataFrame({"consumption": [15.0, 100.0, 80.0], "exports": [25.0, 30.0, 25.0]}, index=S3)


def io_va() -> pd.DataFrame:
    """Value added that balances io_Z, io_x and io_fd (x = Z·1 + F·1 = 1ᵀZ + 1ᵀV)."""
    return pd.DataFrame([[65.0, 120.0, 90.0]], index=["VA001"], columns=S3)


def io_F() -> pd.DataFrame:
    return pd.DataFrame([[12.0, 30.0, 9.0]], index=["employment"], columns=S3)


def io_table() -> IOTable:
    return IOTable(Z=io_Z(), x=io_x(), year=2020)


def io_mat() -> pd.DataFrame:
    return pd.DataFrame([[3, 1, 0], [0, 2, 2]], index=["p", "q"], columns=S3, dtype=float)


def targets() -> pd.DataFrame:
    return pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
                        index=["u1", "u2", "u3"], columns=["i1", "i2", "i3", "i4", "i5", "i6"], dtype=float)


def strength() -> pd.DataFrame:
    return pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0]],
                        index=["H1", "H2"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])


def host() -> pd.Series:
    return pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})


def trade_ex() -> pd.DataFrame:
    return pd.DataFrame([[2, 2, 1], [1, 1, 3]], index=["p", "q"], columns=["a", "b", "c"], dtype=float)


def trade_im() -> pd.DataFrame:
    return pd.DataFrame([[1, 2, 2], [4, 1, 1]], index=["p", "q"], columns=["a", "b", "c"], dtype=float)


def trade_flows() -> pd.DataFrame:
    return pd.DataFrame({"exporter": ["a", "a", "b", "c"], "importer": ["b", "c", "c", "a"],
                         "product": ["p", "p", "p", "q"], "value": [5.0, 1.0, 2.0, 3.0]})


def indicators() -> pd.DataFrame:
    return pd.DataFrame({"gdp": [1.0, 2.0, 3.0, 5.0], "trade": [8.0, 6.0, 2.0, 4.0], "fdi": [3.0, 1.0, 2.0, 2.5]},
                        index=["z1", "z2", "z3", "z4"])


def grey_x() -> pd.DataFrame:
    return pd.DataFrame([[20.0, 25.0, 28.0], [5.0, 5.0, 8.0]], index=["x1", "x2"], columns=[2021, 2022, 2023])


def grey_ref() -> pd.Series:
    return pd.Series([10.0, 12.0, 15.0], index=[2021, 2022, 2023])


def firms() -> pd.DataFrame:
    return pd.DataFrame({"firm_id": ["a", "b", "c"], "start_date": ["2015-04-01", "2019-12-31", "2016-01-01"],
                         "end_date": [None, None, "2019-06-30"], "industry_code": ["3911", "6510", "3914"],
                         "adcode": ["420106", "420111", "430102"], "employment": [120.0, 15.0, 40.0]})


def zones_table() -> pd.DataFrame:
    return pd.DataFrame({"adcode": ["420106", "420111"], "zone": ["wuhan", "wuhan"]})


def row_sums(m: pd.DataFrame) -> pd.DataFrame:
    """An index function for the resampling tests: region × region products of row sums."""
    s = m.sum(axis=1).to_numpy()
    return pd.DataFrame(np.outer(s, s), index=m.index, columns=m.index)


def plot_index() -> pd.DataFrame:
    z = ["hb_wuhan", "hb_xiangyang", "hb_yichang"]
    return square([[1.0, 0.5, 0.2], [0.5, 1.0, 0.3], [0.2, 0.3, 1.0]], z)


@cache
def registry_zones() -> pd.DataFrame:
    return ftzlink.load_zones()


@cache
def registry_industries() -> pd.DataFrame:
    return ftzlink.load_industries()


# Files for the readers' baselines and cases.
_TMP = tempfile.TemporaryDirectory(prefix="ftzlink-fuzz-")
TMP = Path(_TMP.name)
WIDE = "region,a,b\nr1,1.5,2\nr2,3,4\n"
TIDY_IO = "from_sector,to_sector,value\ns1,s1,20\ns1,s2,30\ns2,s1,10\ns2,s2,40\n"
FIRMS_CSV = "firm_id,start_date,industry_code,adcode\na,2015-01-01,3911,420106\n"
WIDE_MATRIX = pd.DataFrame([[1.5, 2.0], [3.0, 4.0]], index=["r1", "r2"], columns=["a", "b"])


def write(name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
    path = TMP / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path



# --------------------------------------------------------------------------------------------
# Specs: one valid baseline call per public function, plus what is legitimately allowed
# --------------------------------------------------------------------------------------------

#: Roles of parameters (what kind of bad input they get), by name, when not given in a spec.
CHOICE_NAMES = {"method", "basis", "presence", "measure", "index", "resample", "alternative", "transformation",
                "model", "normalisation", "cov_type", "coefficients", "engine", "layout", "kind", "lang", "by",
                "weight", "table", "forward", "file_format", "fallback", "level", "font", "width", "fmt"}
COLUMN_NAMES = {"region", "industry", "value", "year", "exporter", "importer", "product", "size", "lon", "lat",
                "zone_column"}
#: Out-of-range values of numeric parameters, by name (a spec may override).
OUT_OF_RANGE = {"ddof": [-1], "steps": [-1], "n_permutations": [0, -5], "n_boot": [0], "level": [1.5, 0.0],
                "alpha": [0.0, 1.5], "rho": [0.0, 1.5], "epsilon": [-1.0], "depth": [0], "max_iter": [0],
                "tol": [-1.0], "rtol": [-1.0], "fill_value": [-1.0], "skiprows": [-1], "k": [0], "sectors": [41],
                "n_firms": [-1], "rpop_threshold": [-1.0], "n_vocabulary": [-1], "dpi": [0.0], "simplify_m": [-1.0],
                "aspect": [0.0], "dodge_km": [-1.0], "year": [1800]}


@dataclasses.dataclass
class Extra:
    """A hand-written case: ``mutate`` turns the baseline keyword arguments into the bad ones."""

    category: str
    label: str
    mutate: Callable[[dict], dict]
    culprits: tuple = ()
    oracle: Callable[[Any, dict], bool] | None = None     # (result, baseline kwargs) -> correct?
    must_return: bool = False                              # a valid input: an error is wrong


@dataclasses.dataclass
class Spec:
    name: str
    fn: Callable
    kwargs: Callable[[], dict]
    roles: dict = dataclasses.field(default_factory=dict)
    neg_ok: tuple = ()           # parameters whose data may be negative
    nan_ok: tuple = ()           # parameters whose data may hold NaN (a missing value)
    arrays_ok: tuple = ()        # parameters that accept NumPy arrays (and so lists)
    mappings_ok: tuple = ()      # parameters that accept a dict label → value
    ranges: dict = dataclasses.field(default_factory=dict)
    extra: list = dataclasses.field(default_factory=list)
    skip: tuple = ()             # parameters not fuzzed automatically
    scale: bool = True           # try scale invariance
    fuzz_data: bool = True       # derive NaN / negative / label cases for data parameters
    slow: bool = False           # a valid call is slow (numba JIT in esda, drawing): no baseline, no scale
    lite: bool = False           # fewer variants of each bad scalar (plot functions: every escape draws a figure)
    aliases: dict = dataclasses.field(default_factory=dict)   # other names a message may use for a parameter
    frames_ok: tuple = ()        # vector parameters that accept a DataFrame too (no "DataFrame" case)
    empty_ok: tuple = ()         # parameters for which empty input gives an empty result (no "empty" case)
    mismatch: str | None = None  # the label to rename in "mismatched labels" (default: the last shared one)
    dups_ok: tuple = ()          # parameters whose labels may repeat (no "duplicate labels" case)


SPECS: dict[str, Spec] = {}


def spec(name: str, fn: Callable, kwargs: Callable[[], dict], **options) -> None:
    SPECS[name] = Spec(name, fn, kwargs, **options)


F = ftzlink
IX, ST, IO, MD, PL = ftzlink.indices, ftzlink.stats, ftzlink.io_tables, ftzlink.microdata, ftzlink.plot

# --- tidy, pairs ------------------------------------------------------------------------------
spec("to_matrix", F.to_matrix, lambda: {"long_df": long_table()}, roles={"long_df": "long", "name": "skip"},
     aliases={"long_df": ("long table",)},
     extra=[Extra("duplicate labels", "repeated pair",
                  lambda kw: {**kw, "long_df": pd.concat([kw["long_df"], kw["long_df"].iloc[:1]])}, ("a", "x")),
            Extra("empty labels", "NaN region",
                  lambda kw: {**kw, "long_df": kw["long_df"].assign(region=[None, "a", "b", "b"])}, ("region",)),
            Extra("missing pair", "absent pair", lambda kw: {**kw, "long_df": kw["long_df"].iloc[:3]},
                  ("b", "y", "fill_value"))])
spec("to_long", F.to_long, lambda: {"matrix": mat()}, fuzz_data=False,
     roles={"matrix": "frame", "region": "skip", "industry": "skip", "value": "skip"},
     extra=[Extra("duplicate labels", "rows", lambda kw: {**kw, "matrix": kw["matrix"].set_axis(["r1", "r1", "r3"])},
                  ("r1", "matrix"))])
spec("pairs_to_long", F.pairs_to_long, lambda: {"pairwise": similarity6()}, neg_ok=("pairwise",), nan_ok=("pairwise",),
     roles={"pairwise": "frame", "value": "skip"})
spec("block_means", F.block_means, lambda: {"pairwise": similarity6(),
                                            "groups": pd.Series(list("xxyyzz"), index=Z6)},
     roles={"groups": "labels"}, neg_ok=("pairwise",), nan_ok=("pairwise",))
spec("mutual_complementarity", F.mutual_complementarity, lambda: {"comp": similarity6()}, nan_ok=("comp",),
     neg_ok=("comp",))
spec("same_group", F.same_group, lambda: {"groups": pd.Series(list("xxyyzz"), index=Z6)}, roles={"groups": "labels"},
     empty_ok=("groups",))

# --- study registry -------------------------------------------------------------------------
spec("load_industries", F.load_industries, lambda: {}, roles={"path": "path"})
spec("load_zones", F.load_zones, lambda: {"kinds": ["pilot_area"]}, roles={"path": "path", "kinds": "names",
                                                                          "provinces": "names"})
spec("load_positioning", F.load_positioning, lambda: {"zones": ["hb_wuhan"]},
     roles={"path": "path", "zones": "names", "source_docs": "names"})
spec("load_statistics", F.load_statistics, lambda: {}, roles={"path": "path"})
spec("positioning_matrix", F.positioning_matrix, lambda: {"zones": ["hb_wuhan", "hb_xiangyang"]},
     roles={"zones": "names", "source_docs": "names"})
spec("statistics_matrix", F.statistics_matrix, lambda: {"measure": "revenue", "year": 2024, "regions": ["hubei"],
                                                   "level": "division"},
     roles={"measure": "choice", "regions": "names"}, ranges={"year": [1800]},
     extra=[Extra("unknown choice", "table without industries", lambda kw: {**kw, "table": "city_indicators"},
                  ("table",))])

# --- indices: specialisation ----------------------------------------------------------------
for _name in ("krugman_index", "spec_coeff", "hachman"):
    spec(_name, getattr(F, _name), lambda: {"mat": mat(), "reference": reference()})
for _name in ("herfindahl", "entropy", "gini", "locational_gini", "normalised_herfindahl", "numbers_equivalent"):
    spec(_name, getattr(F, _name), lambda: {"mat": mat()})
spec("location_quotient", F.location_quotient, lambda: {"mat": mat(), "reference": reference()})
spec("hoover_index", F.hoover_index, lambda: {"mat": mat(), "pop": by_region()})
spec("diversity", F.diversity, lambda: {"mat": mat(), "rca": True, "reference": reference()})
spec("ubiquity", F.ubiquity, lambda: {"mat": mat(), "rca": True, "reference": reference()})

# --- indices: similarity, complementarity, product space ------------------------------------
spec("similarity", F.similarity, lambda: {"mat": mat()})
spec("overlap", F.overlap, lambda: {"mat": mat()})
spec("co_occurrence", F.co_occurrence, lambda: {"mat": binary()})
spec("proximity", F.proximity, lambda: {"mat": mat(), "reference": reference()})
spec("density", F.density, lambda: {"mat": mat(), "prox": F.proximity(mat()), "reference": reference()})
spec("relatedness", F.relatedness, lambda: {"cooc": F.co_occurrence(binary())})
spec("relatedness_density", F.relatedness_density, lambda: {"mat": binary(), "rel": F.co_occurrence(binary())})
for _name in ("relatedness_density_ext", "relatedness_density_ext_avg", "relatedness_density_int",
              "relatedness_density_int_avg"):
    spec(_name, getattr(F, _name), lambda: {"mat": binary(), "rel": square(1 - np.eye(4), I4)})
spec("relatedness_complementarity", F.relatedness_complementarity,
     lambda: {"mat": binary(), "rel": F.relatedness(F.co_occurrence(binary()), method="cosine")})
spec("complementarity", F.complementarity, lambda: {"mat": io_mat(), "basis": "io", "io_table": io_A()},
     roles={"io_table": "frame", "rel": "frame"})
spec("io_complementarity", F.io_complementarity, lambda: {"mat": io_mat(), "io_table": io_A()},
     roles={"io_table": "frame"})
# Exporters and importers may be different regions: only the industries (columns) must match.
spec("trade_complementarity", F.trade_complementarity, lambda: {"exports": trade_ex(), "imports": trade_im()},
     mismatch="c")
spec("drysdale_complementarity", F.drysdale_complementarity,
     lambda: {"exports": trade_ex(), "imports": trade_im(), "reference": pd.Series([5.0, 4.0, 6.0], index=list("abc"))},
     mismatch="c")

# --- indices: complexity family -------------------------------------------------------------
spec("complexity", F.complexity, lambda: {"mat": counts4()}, roles={"population": "series"})
for _name in ("cog", "coi"):
    spec(_name, getattr(F, _name), lambda: {"mat": counts4()}, roles={"population": "series"})
for _name in ("ease_recombination", "modular_complexity", "inv_norm_ubiquity", "norm_ubiquity", "z_score"):
    spec(_name, getattr(F, _name), lambda: {"mat": binary4()})
spec("morc", F.morc, lambda: {"mat": binary4(), "steps": 2})
spec("mort", F.mort, lambda: {"mat": binary4(), "steps": 2})
spec("prody", F.prody, lambda: {"mat": mat(), "income": by_region((10.0, 20.0, 30.0))})
spec("expy", F.expy, lambda: {"mat": mat(), "income": by_region((10.0, 20.0, 30.0))})

# --- indices: dynamics, shift-share ---------------------------------------------------------
for _name in ("entry_list", "exit_list", "entry_mat", "exit_mat"):
    spec(_name, getattr(F, _name), lambda: {"long_df": long_panel(), "rca": True, "fill_value": None},
         roles={"long_df": "long"}, skip=("start", "end"))
for _name in ("growth_list", "growth_mat"):
    spec(_name, getattr(F, _name), lambda: {"long_df": long_panel()}, roles={"long_df": "long"}, skip=("start", "end"))
spec("shift_share", F.shift_share, lambda: {"start": mat() + 1, "end": mat() * 1.5 + 1})
spec("dynamic_shift_share", F.dynamic_shift_share, lambda: {"long_df": long_panel()},
     roles={"long_df": "long", "reference": "skip"})
spec("homothetic_employment", F.homothetic_employment, lambda: {"mat": mat(), "reference": reference()})

# --- indices: inequality --------------------------------------------------------------------
for _name in ("theil", "atkinson", "gini_coefficient", "coefficient_of_variation"):
    spec(_name, getattr(F, _name), lambda: {"values": gdp(), "weights": population()},
         roles={"values": "series", "weights": "series"})
spec("lorenz_curve", F.lorenz_curve, lambda: {"values": gdp(), "weights": population()})
spec("hoover_curve", F.hoover_curve, lambda: {"values": gdp(), "population": population()})
spec("williamson", F.williamson, lambda: {"values": gdp(), "population": population()},
     roles={"values": "series", "population": "series"})
spec("theil_decomposition", F.theil_decomposition,
     lambda: {"values": gdp(), "groups": pd.Series({"r1": "p", "r2": "p", "r3": "q", "r4": "q"})},
     roles={"values": "series", "groups": "labels", "weights": "series"})
spec("beta_convergence", F.beta_convergence, lambda: {"values": panel()}, skip=("start", "end"),
     roles={"conditions": "skip"})
spec("sigma_convergence", F.sigma_convergence, lambda: {"values": panel()})
spec("plant_herfindahl", F.plant_herfindahl,
     lambda: {"plants": pd.DataFrame({"industry": ["a", "a", "b"], "size": [30.0, 10.0, 5.0]})},
     roles={"plants": "long"})
spec("ellison_glaeser", F.ellison_glaeser,
     lambda: {"mat": dense(), "plant_hhi": pd.Series([0.5, 0.2, 0.3, 0.1], index=I4)})

# --- indices: fidelity, trade ---------------------------------------------------------------
for _name in ("target_fidelity", "weak_targets", "untargeted_strengths"):
    spec(_name, getattr(F, _name), lambda: {"targets": targets(), "strength": strength(), "host": host()},
         roles={"host": "labels"}, nan_ok=("strength",))
spec("grubel_lloyd", F.grubel_lloyd, lambda: {"exports": trade_ex(), "imports": trade_im()})
spec("trade_specialisation", F.trade_specialisation, lambda: {"exports": trade_ex(), "imports": trade_im()})
spec("trade_intensity", F.trade_intensity, lambda: {"flows": flows6()})
spec("export_market_penetration", F.export_market_penetration, lambda: {"flows": trade_flows()},
     roles={"flows": "long"})

# --- stats ----------------------------------------------------------------------------------
spec("agreement_table", ST.agreement_table,
     lambda: {"baseline": distance6(), "alternatives": {"squared": distance6() ** 2}, "n_permutations": 19, "seed": 0},
     roles={"alternatives": "mapping"})
spec("network_measures", ST.network_measures, lambda: {"pairwise": similarity6()})
spec("bh_qvalues", ST.bh_qvalues, lambda: {"pvalues": pd.Series([0.01, 0.04, 0.03, 0.005], index=I4)},
     roles={"pvalues": "series"}, arrays_ok=("pvalues",), nan_ok=("pvalues",), frames_ok=("pvalues",),
     empty_ok=("pvalues",),
     extra=[Extra("wrong type (data)", "pvalues=DataFrame", lambda kw: {**kw, "pvalues": kw["pvalues"].to_frame().T},
                  oracle=lambda res, kw: np.allclose(np.ravel(res), ST.bh_qvalues(kw["pvalues"])), must_return=True),
            Extra("out of range", "pvalues above 1", lambda kw: {**kw, "pvalues": kw["pvalues"] * 100}, ("pvalues",))])
spec("pair_qvalues", ST.pair_qvalues, lambda: {"pvalues": square([[np.nan, .01, .04], [.01, np.nan, .03],
                                                                  [.04, .03, np.nan]], "abc")})
spec("bootstrap_ci", ST.bootstrap_ci, lambda: {"data": mat(), "index_fn": row_sums, "n_boot": 19, "seed": 0},
     roles={"data": "frame", "index_fn": "callable", "client": "skip"}, skip=("region", "industry", "value"))
spec("permutation_pvalues", ST.permutation_pvalues,
     lambda: {"mat": mat(), "index_fn": row_sums, "n_permutations": 19, "seed": 0}, roles={"index_fn": "callable"})
spec("coupling_coordination", ST.coupling_coordination,
     lambda: {"scores": pd.DataFrame({"econ": [0.4, 0.6], "env": [0.9, 0.3]}, index=["z1", "z2"])},
     roles={"weights": "series"}, mappings_ok=("weights",))
spec("distance_weights", ST.distance_weights, lambda: {"distance": distance6()}, ranges={"alpha": [-1.0]})
spec("entropy_weights", ST.entropy_weights, lambda: {"indicators": indicators()}, roles={"direction": "skip"},
     neg_ok=("indicators",))
spec("subsystem_scores", ST.subsystem_scores,
     lambda: {"indicators": indicators(), "subsystems": {"s1": ["gdp", "trade"], "s2": ["fdi"]}},
     roles={"subsystems": "skip", "direction": "skip"}, neg_ok=("indicators",))
spec("topsis", ST.topsis, lambda: {"indicators": indicators(), "weights": pd.Series({"gdp": .5, "trade": .3,
                                                                                       "fdi": .2})},
     roles={"weights": "series", "direction": "skip"}, mappings_ok=("weights",))
spec("great_circle_km", ST.great_circle_km, lambda: {"zones": zones_lonlat()}, roles={"zones": "long"},
     neg_ok=("zones",))
spec("gravity_strength", ST.gravity_strength,
     lambda: {"population": values6(), "gdp": values6((2.0, 1.0, 3.0, 5.0, 4.0, 6.0)), "distance": distance6()},
     ranges={"b": [-1.0]})
for _name in ("mantel", "qap_correlation"):
    spec(_name, getattr(ST, _name), lambda: {"a": distance6(), "b": distance6() ** 2, "n_permutations": 19,
                                             "seed": 0}, roles={"n_permutations": "int", "client": "skip"},
         neg_ok=("a", "b"))
spec("mrqap", ST.mrqap, lambda: {"y": distance6() ** 2, "x": {"d": distance6()}, "n_permutations": 19, "seed": 0},
     roles={"x": "mapping", "n_permutations": "int", "client": "skip"}, neg_ok=("y", "x"))
spec("morans_i", ST.morans_i, lambda: {"values": values6(), "weights": idw6(), "n_permutations": 19, "seed": 0},
     roles={"values": "series", "weights": "frame", "n_permutations": "int"}, neg_ok=("values",))
for _name in ("gearys_c", "getis_ord_g", "local_g", "local_moran"):
    spec(_name, getattr(ST, _name), lambda: {"values": values6(), "weights": idw6(), "n_permutations": 19,
                                             "seed": 0},
         roles={"values": "series", "weights": "frame", "covariate": "series"}, neg_ok=("values",),
         slow=_name in ("local_g", "local_moran"),
         extra=[Extra("economic validity", "every zone a neighbour",
                      lambda kw: {**kw, "weights": 1 - square(np.eye(6), Z6)}, ("weights",))]
         if _name == "getis_ord_g" else [])
spec("join_counts", ST.join_counts, lambda: {"values": values6((1, 1, 0, 0, 1, 0)), "weights": idw6(),
                                             "n_permutations": 19, "seed": 0},
     roles={"weights": "frame"})
spec("bivariate_moran", ST.bivariate_moran,
     lambda: {"x": values6().rename("x"), "y": values6((2.0, 1.0, 4.0, 3.0, 8.0, 9.0)).rename("y"),
              "weights": idw6(), "n_permutations": 19, "seed": 0},
     roles={"weights": "frame"}, neg_ok=("x", "y"))
spec("spatial_regression", ST.spatial_regression,
     lambda: {"y": pd.Series([1.1, 2.9, 5.2, 6.8, 9.1, 11.0], index=Z6, name="y"),
              "X": pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}, index=Z6), "weights": idw6(),
              "model": "error", "method": "gm"},
     roles={"weights": "frame"}, neg_ok=("y", "X"))
spec("overlap_pvalue", ST.overlap_pvalue, lambda: {"shared": 2, "n_a": 3, "n_b": 4, "n_vocabulary": 10},
     roles={"shared": "int", "n_a": "int", "n_b": "int", "n_vocabulary": "int"},
     ranges={"shared": [-1, 5], "n_a": [-1], "n_b": [-1, 11], "n_vocabulary": [-1, 3]},
     arrays_ok=("shared", "n_a", "n_b", "n_vocabulary"))
spec("overlap_pvalue_matrix", ST.overlap_pvalue_matrix, lambda: {"mat": binary()}, ranges={"n_vocabulary": [2]})
spec("ppml_gravity", ST.ppml_gravity, lambda: {"flows": flows6(), "pair": {"distance": distance6() + 1}},
     roles={"pair": "mapping", "origin": "skip", "destination": "skip", "cov_kwds": "skip"})
spec("grey_relational_coefficients", ST.grey_relational_coefficients,
     lambda: {"comparison": grey_x(), "reference": grey_ref()}, neg_ok=("comparison", "reference"))
spec("grey_relational_grades", ST.grey_relational_grades,
     lambda: {"comparison": grey_x(), "reference": grey_ref()}, neg_ok=("comparison", "reference"))
spec("concor", ST.concor, lambda: {"pairs": square([[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]], "abcd")},
     roles={"pairs": "frame"}, neg_ok=("pairs",))
spec("core_periphery", ST.core_periphery, lambda: {"pairs": similarity6()}, neg_ok=("pairs",))

# --- IO tables ------------------------------------------------------------------------------
spec("IOTable", IOTable, lambda: {"Z": io_Z(), "x": io_x(), "final_demand": io_fd(), "value_added": io_va()},
     neg_ok=("final_demand", "value_added"), scale=False,
     roles={"imports": "skip", "Z_imports": "skip", "final_demand_imports": "skip", "names": "skip", "source": "skip",
            "year": "skip"})
spec("IOTable.multipliers", lambda table, domestic=False: table.multipliers(domestic=domestic),
     lambda: {"table": io_table()}, roles={"table": "skip", "domestic": "flag"})
spec("IOTable.linkages", lambda table, domestic=False, forward="leontief": table.linkages(domestic, forward),
     lambda: {"table": io_table()}, roles={"table": "skip", "domestic": "flag", "forward": "choice"})
spec("IOTable.check_balance", lambda table, rtol=1e-6: table.check_balance(rtol),
     lambda: {"table": IOTable(Z=io_Z(), x=io_x(), final_demand=io_fd(), value_added=io_va())},
     roles={"table": "skip", "rtol": "number"})
spec("technical_coefficients", IO.technical_coefficients, lambda: {"Z": io_Z(), "x": io_x()}, arrays_ok=("Z", "x"),
     extra=[Extra("economic validity", "inputs above output", lambda kw: {**kw, "x": kw["x"] * 0.1}, ("s1", "x"))])
spec("allocation_coefficients", IO.allocation_coefficients, lambda: {"Z": io_Z(), "x": io_x()}, arrays_ok=("Z", "x"),
     extra=[Extra("economic validity", "intermediate sales above output (imports)",
                  lambda kw: {**kw, "x": kw["x"] * 0.5}, must_return=True,
                  oracle=lambda res, kw: np.allclose(res, kw["Z"].div(kw["x"] * 0.5, axis=0)))])
spec("leontief_inverse", IO.leontief_inverse, lambda: {"A": io_A()}, arrays_ok=("A",),
     extra=[Extra("economic validity", "column sum of A >= 1", lambda kw: {**kw, "A": kw["A"] * 5}, ("A", "s1")),
            Extra("economic validity", "zero matrix", lambda kw: {**kw, "A": kw["A"] * 0},
                  oracle=lambda res, kw: np.allclose(res, np.eye(3)), must_return=True)])
spec("ghosh_inverse", IO.ghosh_inverse, lambda: {"B": io_B()}, arrays_ok=("B",),
     extra=[Extra("economic validity", "row sum of B >= 1", lambda kw: {**kw, "B": kw["B"] * 5}, ("B", "s1")),
            Extra("economic validity", "zero matrix", lambda kw: {**kw, "B": kw["B"] * 0},
                  oracle=lambda res, kw: np.allclose(res, np.eye(3)), must_return=True)])
spec("output_multipliers", IO.output_multipliers, lambda: {"L": io_L()}, arrays_ok=("L",),
     extra=[Extra("economic validity", "L below identity", lambda kw: {**kw, "L": kw["L"] * 0.1}, ("L",)),
            Extra("economic validity", "zero matrix", lambda kw: {**kw, "L": kw["L"] * 0}, ("L",))])
spec("intermediate_sales_shares", IO.intermediate_sales_shares, lambda: {"Z": io_Z()}, arrays_ok=("Z",))
spec("sector_class", IO.sector_class, lambda: {"backward": [1.2, 1.1, 0.8, 0.9], "forward": [1.3, 0.7, 1.4, 0.6]},
     roles={"backward": "series", "forward": "series"}, arrays_ok=("backward", "forward"),
     extra=[Extra("mismatched labels", "lengths differ", lambda kw: {**kw, "forward": [1.0, 2.0]},
                  ("forward", "backward"))])
spec("linkages", IO.linkages, lambda: {"L": io_L(), "G": io_G()}, arrays_ok=("L", "G"),
     extra=[Extra("economic validity", "zero L", lambda kw: {**kw, "L": kw["L"] * 0}, ("L",))])
spec("gross_output", IO.gross_output, lambda: {"Z": io_Z(), "final_demand": io_fd()}, arrays_ok=("Z", "final_demand"),
     neg_ok=("final_demand",))
spec("intermediate_flows", IO.intermediate_flows, lambda: {"A": io_A(), "x": io_x()}, arrays_ok=("A", "x"))
spec("satellite_coefficients", IO.satellite_coefficients, lambda: {"F": io_F(), "x": io_x()}, arrays_ok=("F", "x"),
     neg_ok=("F",))
spec("satellite_multipliers", IO.satellite_multipliers,
     lambda: {"S": IO.satellite_coefficients(io_F(), io_x()), "L": io_L()}, arrays_ok=("S", "L"), neg_ok=("S",))
spec("downstream_multipliers", IO.downstream_multipliers,
     lambda: {"S": IO.satellite_coefficients(io_F(), io_x()), "G": io_G()}, arrays_ok=("S", "G"), neg_ok=("S",))
spec("demand_impact", IO.demand_impact, lambda: {"L": io_L(), "demand": pd.Series([0.0, 10.0, 5.0], index=S3)},
     arrays_ok=("L", "demand"), neg_ok=("demand",), roles={"demand": "series"})
spec("hypothetical_extraction", IO.hypothetical_extraction,
     lambda: {"Z": io_Z(), "x": io_x(), "groups": pd.Series({"s1": "g", "s2": "g", "s3": "h"})},
     roles={"groups": "labels"}, mappings_ok=("groups",), arrays_ok=("Z", "x"), nan_ok=("groups",))
spec("concordance_matrix", IO.concordance_matrix,
     lambda: {"sectors": pd.Index(S3, name="sector"), "concordance": pd.Series({"s1": "A", "s2": "B", "s3": "A"})},
     roles={"sectors": "index", "concordance": "labels"}, mappings_ok=("concordance",))
spec("aggregate", IO.aggregate, lambda: {"table": io_table(), "concordance": {"s1": "A", "s2": "B", "s3": "A"}},
     roles={"table": "iotable", "concordance": "labels"}, mappings_ok=("concordance",))
spec("io_relatedness", IO.io_relatedness, lambda: {"table_or_Z": io_Z(), "x": io_x()},
     roles={"table_or_Z": "frame"}, aliases={"table_or_Z": ("Z",)})
spec("supplier_buyer_matrix", IO.supplier_buyer_matrix, lambda: {"mat": io_mat(), "table": io_table()},
     roles={"table": "iotable"})
spec("load_national_table", IO.load_national_table, lambda: {"year": 2020}, ranges={"year": [2019, 1800]})
spec("national_tables", IO.national_tables, lambda: {})
spec("read_io_table", IO.read_io_table,
     lambda: {"path": write("read_io_table/base.csv", TIDY_IO), "gross_output": pd.Series({"s1": 100.0, "s2": 200.0})},
     roles={"path": "path", "gross_output": "series", "encoding": "skip"},
     aliases={"gross_output": ("gross output", "not a vector")})

# --- microdata ------------------------------------------------------------------------------
spec("validate_firms", MD.validate_firms, lambda: {"firms": firms()}, roles={"firms": "firms", "concordance": "skip",
                                                                           "client": "skip"})
spec("roll_up", MD.roll_up, lambda: {"codes": pd.Series(["0111", "3911", "6510"])}, roles={"codes": "labels"},
     empty_ok=("codes",), dups_ok=("codes",))
spec("assign_zones", MD.assign_zones, lambda: {"firms": firms(), "zones_table": zones_table()},
     roles={"firms": "firms", "zones_table": "long", "polygons": "skip", "concordance": "skip", "client": "skip",
            "zone_column": "skip"})
spec("aggregate_firms", MD.aggregate_firms, lambda: {"firms": firms(), "years": [2018, 2019], "measure": "employment"},
     roles={"firms": "firms", "zones": "skip", "concordance": "skip", "client": "skip", "zone_column": "skip",
            "years": "years"}, ranges={})
spec("synthetic_firms", MD.synthetic_firms, lambda: {"n_firms": 50, "years": [2018, 2019], "seed": 1},
     roles={"years": "years"})
spec("check_concordance", MD.check_concordance,
     lambda: {"concordance": pd.DataFrame({"old_code": ["6510"], "new_code": ["6511"]})},
     roles={"concordance": "long", "name": "skip"})
spec("division_table", MD.division_table, lambda: {})
spec("read_firms", MD.read_firms, lambda: {"path": write("read_firms/base.csv", FIRMS_CSV)},
     roles={"path": "path", "columns": "skip"})

# --- readers --------------------------------------------------------------------------------
spec("read_table", F.read_table, lambda: {"path": write("read_table/base.csv", WIDE)},
     roles={"path": "path", "sheet": "skip", "encoding": "skip"},
     skip=("region", "industry", "value"))

# --- plot (functions taking matrices) -------------------------------------------------------
spec("index_heatmap", PL.index_heatmap, lambda: {"index": plot_index(), "zones": registry_zones()},
     roles={"zones": "skip", "fmt": "skip", "label": "skip"}, neg_ok=("index",), slow=True, lite=True)
spec("linkage_network", PL.linkage_network, lambda: {"index": plot_index(), "zones": registry_zones()},
     roles={"zones": "skip", "label": "skip"}, neg_ok=("index",), slow=True, lite=True)
spec("lorenz_plot", PL.lorenz_plot, lambda: {"values": gdp()}, frames_ok=("values",),
     roles={"values": "series", "xlabel": "skip",
                                                                      "ylabel": "skip"}, slow=True, lite=True)
spec("specialisation_bars", PL.specialisation_bars,
     lambda: {"values": pd.Series({"hb_wuhan": 1.2, "hb_xiangyang": 0.8}), "table": registry_zones()},
     roles={"table": "skip", "group": "skip", "xlabel": "skip"}, slow=True, lite=True)
spec("positioning_plot", PL.positioning_plot,
     lambda: {"matrix": pd.DataFrame([[1.0, 0.0], [1.0, 1.0]], index=["hb_wuhan", "hb_xiangyang"],
                                     columns=list(registry_industries().index[:2])),
              "zones": registry_zones(), "industries": registry_industries()},
     roles={"zones": "skip", "industries": "skip"}, slow=True, lite=True)
spec("zone_map", PL.zone_map, lambda: {"zones": registry_zones().loc[["hb_wuhan", "hb_xiangyang", "hb_yichang"]],
                                       "index": plot_index(), "inset": False},
     roles={"zones": "skip", "label": "skip", "inset": "skip"}, neg_ok=("index",), slow=True, lite=True)

# Functions of the public API not fuzzed by a spec, with the reason.
NOT_FUZZED = {
    "FtzlinkError": "the exception class itself",
    "InferenceResult": "a result container built by the stats functions",
    "Complexity": "a result container (named tuple) built by complexity()",
    "structure_plot": "needs the study's structure objects; its matrix argument is checked by plan_fidelity",
    "lisa_map": "draws the table returned by local_moran (fuzzed there)",
}


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Case:
    func: str
    category: str
    label: str
    call: Callable[[], Any]
    culprits: tuple = ()
    oracle: Callable[[Any], bool] | None = None
    must_return: bool = False

    @property
    def id(self) -> str:
        return f"{self.func}|{self.label}"


def signature(spec_: Spec) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(spec_.fn).parameters)


def role_of(spec_: Spec, name: str, param: inspect.Parameter) -> str:
    if name in spec_.roles:
        return spec_.roles[name]
    if name in spec_.skip or name == "client":
        return "skip"
    if name == "seed":
        return "seed"
    ann = str(param.annotation)
    if ann in ("bool",):
        return "flag"
    if ann.startswith("int"):
        return "int"
    if ann.startswith("float"):
        return "number"
    if ann.startswith(("pd.DataFrame", "Matrix", "Block")):
        return "frame"
    if ann.startswith(("pd.Series", "Vector")):
        return "series"
    if ann.startswith(("str", "Literal")):
        if name in COLUMN_NAMES:
            return "column"
        if name in CHOICE_NAMES:
            return "choice"
    return "skip"


def word(token) -> str:
    return rf"(?<![\w]){re.escape(str(token))}(?![\w])"


def names_culprit(message: str, culprits) -> bool:
    return any(re.search(word(c), message) for c in culprits)


def flat(result) -> list:
    """The labels and values of a result, as a list of arrays (for comparing two results)."""
    if isinstance(result, InferenceResult):
        return flat(result.table)
    if isinstance(result, IOTable):
        return flat(result.Z) + flat(result.x)
    if isinstance(result, pd.DataFrame):
        out = [np.asarray([str(x) for x in result.index]), np.asarray([str(x) for x in result.columns])]
        for _, col in result.items():
            out.append(col.to_numpy(dtype=float) if pd.api.types.is_numeric_dtype(col) else col.astype(str).to_numpy())
        return out
    if isinstance(result, pd.Series):
        values = result.to_numpy(dtype=float) if pd.api.types.is_numeric_dtype(result) \
            else result.astype(str).to_numpy()
        return [np.asarray([str(x) for x in result.index]), values]
    if isinstance(result, tuple):
        return [a for item in result for a in flat(item)]
    if isinstance(result, Mapping):
        return [np.asarray(list(map(str, result)))] + [a for item in result.values() for a in flat(item)]
    return [np.asarray(result)]


def same(a, b, rtol: float = 1e-9) -> bool:
    fa, fb = flat(a), flat(b)
    if len(fa) != len(fb):
        return False
    for x, y in zip(fa, fb):
        if x.shape != y.shape:
            return False
        if x.dtype.kind in "fciub" and y.dtype.kind in "fciub":
            if not np.allclose(x.astype(float), y.astype(float), rtol=rtol, atol=1e-12, equal_nan=True):
                return False
        elif not (x == y).all():
            return False
    return True


def equal_to(fn: Callable, kwargs: dict) -> Callable[[Any], bool]:
    """Oracle: the result equals ``fn(**kwargs)`` (an equivalent valid call)."""
    def check(result) -> bool:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return same(result, fn(**kwargs))
    return check


def _cell(frame: pd.DataFrame) -> tuple[int, int]:
    """An off-diagonal cell (row 0, column 1) of a table, or (0, 0) for a single column."""
    return (0, 1) if frame.shape[1] > 1 else (0, 0)


def _set_cell(frame: pd.DataFrame, value) -> pd.DataFrame:
    out = frame.astype(object) if isinstance(value, str) else frame.astype(float)
    r, c = _cell(frame)
    out.iat[r, c] = value
    return out


def _set_item(series: pd.Series, value) -> pd.Series:
    out = series.astype(object) if isinstance(value, str) else series.astype(float)
    out.iat[min(1, len(out) - 1)] = value
    return out


def _labelled(value) -> bool:
    return isinstance(value, (pd.DataFrame, pd.Series))


def _labels_of(value) -> set:
    if isinstance(value, pd.DataFrame):
        return set(value.index) | set(value.columns)
    if isinstance(value, pd.Series):
        return set(value.index)
    return set()


def _rename(value, old, new):
    if isinstance(value, pd.DataFrame):
        return value.rename(index={old: new}, columns={old: new})
    return value.rename(index={old: new})


def frame_cases(name: str, value: pd.DataFrame, spec_: Spec, kwargs: dict, role: str):
    """(category, label, bad value, culprits, oracle) for a table parameter."""
    arrays = name in spec_.arrays_ok
    fn = spec_.fn
    listed = value.to_numpy().tolist()
    yield ("wrong type (data)", "str", "not a table", (name,), None)
    yield ("wrong type (data)", "list", listed, (name,),
           equal_to(fn, {**kwargs, name: np.asarray(listed, dtype=float)}) if arrays else None)
    if spec_.fuzz_data is False:
        return
    yield ("empty", "no rows", value.iloc[0:0], (name,), None)
    yield ("empty", "no columns", value.iloc[:, 0:0], (name,), None)
    r, c = _cell(value)
    where = (name, value.index[r], value.columns[c])
    if name not in spec_.nan_ok:
        yield ("NaN/inf", "NaN cell", _set_cell(value, np.nan), where, None)
    yield ("NaN/inf", "inf cell", _set_cell(value, np.inf), where, None)
    if name not in spec_.neg_ok:
        yield ("negative", "negative cell", _set_cell(value, -1.0), where, None)
    yield ("non-numeric", "text cell", _set_cell(value, "x"), where, None)
    if value.shape[0] > 1:
        dup = value.set_axis([value.index[0]] + list(value.index[1:-1]) + [value.index[0]], axis=0)
        yield ("duplicate labels", "duplicate row", dup, (name, value.index[0]), None)
    if value.shape[1] > 1:
        dup = value.set_axis([value.columns[0]] + list(value.columns[1:-1]) + [value.columns[0]], axis=1)
        yield ("duplicate labels", "duplicate column", dup, (name, value.columns[0]), None)


def series_cases(name: str, value, spec_: Spec, kwargs: dict):
    arrays = name in spec_.arrays_ok
    fn = spec_.fn
    listed = list(np.asarray(value, dtype=float))
    yield ("wrong type (data)", "str", "not a vector", (name,), None)
    yield ("wrong type (data)", "list", listed, (name,),
           equal_to(fn, {**kwargs, name: np.asarray(listed)}) if arrays else None)
    if isinstance(value, pd.Series):
        mapping = {k: float(v) for k, v in value.items()}
        yield ("wrong type (data)", "dict", mapping, (name,),
               equal_to(fn, kwargs) if name in spec_.mappings_ok else None)
        if name not in spec_.frames_ok:
            yield ("wrong type (data)", "DataFrame", value.to_frame().T, (name,), None)
    if spec_.fuzz_data is False:
        return
    series = value if isinstance(value, pd.Series) else pd.Series(np.asarray(value, dtype=float))
    empty = series.iloc[0:0] if isinstance(value, pd.Series) else []
    yield ("empty", "empty", empty, (name,), (lambda res: len(res) == 0) if name in spec_.empty_ok else None)
    k = min(1, len(series) - 1)
    where = (name, series.index[k]) if isinstance(value, pd.Series) else (name,)
    wrap = (lambda s: s) if isinstance(value, pd.Series) else (lambda s: s.to_numpy())
    if name not in spec_.nan_ok:
        yield ("NaN/inf", "NaN item", wrap(_set_item(series, np.nan)), where, None)
    yield ("NaN/inf", "inf item", wrap(_set_item(series, np.inf)), where, None)
    if name not in spec_.neg_ok:
        yield ("negative", "negative item", wrap(_set_item(series, -1.0)), where, None)
    yield ("non-numeric", "text item", wrap(_set_item(series, "x")), where, None)
    if isinstance(value, pd.Series) and len(value) > 1:
        dup = value.set_axis([value.index[0]] + list(value.index[1:-1]) + [value.index[0]])
        yield ("duplicate labels", "duplicate label", dup, (name, value.index[0]), None)
    if isinstance(value, pd.Series) and value.dtype == float:
        yield ("non-numeric", "bool values", value > value.median(), (name,), None)


def labels_cases(name: str, value, spec_: Spec, kwargs: dict):
    """A Series (or mapping) of labels: groups, hosts, codes, concordances."""
    yield ("wrong type (data)", "str", "not labels", (name,), None)
    yield ("wrong type (data)", "int", 42, (name,), None)
    series = pd.Series(value)
    yield ("empty", "empty", series.iloc[0:0], (name,), (lambda res: len(res) == 0) if name in spec_.empty_ok else None)
    k = min(1, len(series) - 1)
    if name not in spec_.nan_ok:
        yield ("NaN/inf", "missing label", series.where(np.arange(len(series)) != k, None), (name, series.index[k]),
               None)
    if len(series) > 1 and not isinstance(value, Mapping) and name not in spec_.dups_ok:
        dup = series.set_axis([series.index[0]] + list(series.index[1:]) [:-1] + [series.index[0]])
        yield ("duplicate labels", "duplicate label", dup, (name, series.index[0]), None)


def long_cases(name: str, value: pd.DataFrame, spec_: Spec, kwargs: dict):
    """A long table with named columns (region, industry, year, value …)."""
    yield ("wrong type (data)", "str", "not a table", (name,), None)
    yield ("wrong type (data)", "int", 42, (name,), None)
    yield ("wrong type (data)", "list", value.to_numpy().tolist(), (name,), None)
    yield ("empty", "no rows", value.iloc[0:0], (name,), None)
    numeric = [c for c in value.columns if pd.api.types.is_numeric_dtype(value[c]) and c != "year"]
    if numeric:
        col = numeric[-1]
        k = min(1, len(value) - 1)
        for category, label, bad in (("NaN/inf", "NaN value", np.nan), ("NaN/inf", "inf value", np.inf),
                                     ("negative", "negative value", -1.0), ("non-numeric", "text value", "x")):
            if category == "negative" and name in spec_.neg_ok:
                continue
            out = value.copy()
            if isinstance(bad, str):
                out[col] = out[col].astype(object)
            out.iloc[k, out.columns.get_loc(col)] = bad
            yield (category, label, out, (name, col, str(value.index[k]), f"line {k + 2}", f"row {k}"), None)
    yield ("unknown column", "missing column", value.drop(columns=value.columns[-1]), (name, value.columns[-1]), None)


def firms_cases(name: str, value: pd.DataFrame, spec_: Spec, kwargs: dict):
    yield ("wrong type (data)", "str", "not a table.txt", (name, "not a table.txt"), None)
    yield ("wrong type (data)", "int", 42, (name,), None)
    yield ("wrong type (data)", "list", value.to_numpy().tolist(), (name,), None)
    yield ("empty", "no rows", value.iloc[0:0], (name,), None)
    yield ("unknown column", "no industry_code", value.drop(columns="industry_code"), (name, "industry_code"), None)
    yield ("duplicate labels", "duplicate firm_id", value.assign(firm_id=["a", "a", "c"]), (name, "a", "firm_id"), None)
    yield ("NaN/inf", "inf employment", value.assign(employment=[1.0, np.inf, 2.0]), (name, "employment"), None)
    yield ("negative", "negative employment", value.assign(employment=[1.0, -5.0, 2.0]), (name, "employment"), None)
    yield ("non-numeric", "text employment", value.assign(employment=["1", "many", "2"]), (name, "employment"), None)
    yield ("non-numeric", "bad date", value.assign(start_date=["2015-04-01", "soon", "2016-01-01"]),
           (name, "start_date"), None)
    yield ("duplicate labels", "duplicate column",
           pd.concat([value, value[["employment"]]], axis=1), (name, "employment"), None)


def mapping_cases(name: str, value: Mapping, spec_: Spec, kwargs: dict, optional: bool):
    yield ("wrong type (data)", "str", "not a mapping", (name,), None)
    yield ("wrong type (data)", "list", list(value.values()), (name,), None)
    yield ("empty", "empty mapping", {}, (name,), equal_to(spec_.fn, {**kwargs, name: None}) if optional else None)
    key = next(iter(value))
    yield ("wrong type (data)", "item not a table", {**value, key: "abc"}, (name, key), None)
    frame = value[key]
    if isinstance(frame, pd.DataFrame):
        yield ("NaN/inf", "NaN in an item", {**value, key: _set_cell(frame, np.nan)}, (name, key), None)
        yield ("non-numeric", "text in an item", {**value, key: _set_cell(frame, "x")}, (name, key), None)


#: The variants of bad scalars kept for ``lite`` specs, by category.
LITE = {("wrong type (flag)", "'yes'"), ("wrong type (number)", "str"), ("NaN/inf", "nan"),
        ("unknown choice", "'nonsense'"), ("wrong type (choice)", "None")}


def scalar_cases(name: str, role: str, value, param: inspect.Parameter, spec_: Spec, kwargs: dict):
    for category, label, bad, culprits, oracle in _scalar_cases(name, role, value, param, spec_):
        if spec_.lite and category != "out of range" and (category, label) not in LITE:
            continue
        if label == "list" and name in spec_.arrays_ok:     # NumPy broadcasting: a list is an array
            oracle = equal_to(spec_.fn, {**kwargs, name: np.asarray(bad)})
        yield category, label, bad, culprits, oracle


def _scalar_cases(name: str, role: str, value, param: inspect.Parameter, spec_: Spec):
    optional = param.default is None or "None" in str(param.annotation)
    if role == "flag":
        for label, bad in (("'yes'", "yes"), ("1", 1), ("None", None)):
            yield ("wrong type (flag)", label, bad, (name,), None)
    elif role in ("int", "number"):
        for label, bad in (("str", "3"), ("bool", True)) + ((("list", [3]),) if name in spec_.arrays_ok else ()):
            yield ("wrong type (number)", label, bad, (name,), None)
        if not optional:
            yield ("wrong type (number)", "None", None, (name,), None)
        if role == "int":
            yield ("wrong type (number)", "2.5", 2.5, (name,), None)
        yield ("NaN/inf", "nan", float("nan"), (name,), None)
        yield ("NaN/inf", "inf", float("inf"), (name,), None)
        for bad in spec_.ranges.get(name, OUT_OF_RANGE.get(name, [])):     # naming the bad value names it too
            yield ("out of range", repr(bad), bad, (name, bad), None)
    elif role == "choice":
        yield ("unknown choice", "'nonsense'", "nonsense", (name, "nonsense"), None)
        yield ("wrong type (choice)", "1", 1, (name,), None)
        if not optional:
            yield ("wrong type (choice)", "None", None, (name,), None)
    elif role == "column":
        yield ("unknown column", "'no_such_column'", "no_such_column", (name, "no_such_column"), None)
    elif role == "seed":
        for label, bad in (("str", "abc"), ("-1", -1), ("2.5", 2.5), ("bool", True)):
            yield ("wrong type (number)", label, bad, (name,), None)
    elif role == "callable":
        for label, bad in (("str", "sum"), ("None", None), ("int", 42)):
            yield ("wrong type (data)", label, bad, (name,), None)
    elif role == "names":
        yield ("wrong type (data)", "int", 42, (name,), None)
        yield ("unknown choice", "unknown name", ["no_such_name"], (name, "no_such_name"), None)
        yield ("empty", "empty list", [], (name,), None)
    elif role == "years":
        yield ("wrong type (data)", "str", "2019", (name, "2019"), None)
        yield ("wrong type (data)", "floats", [2018.5], (name, "2018.5"), None)
        yield ("empty", "empty list", [], (name,), None)
    elif role == "iotable":
        for label, bad in (("str", "abc"), ("int", 42), ("dict", {"A": 1})):
            yield ("wrong type (data)", label, bad, (name,), None)
    elif role == "index":
        yield ("wrong type (data)", "str", "abc", (name,), None)
        yield ("empty", "empty", pd.Index([]), (name,), None)
        yield ("duplicate labels", "duplicate label", pd.Index([value[0], *value[1:-1], value[0]]), (name, value[0]),
               None)


def mismatch_cases(name: str, value, kwargs: dict, label=None):
    """Rename a label this argument shares with another labelled argument."""
    others = {k: v for k, v in kwargs.items() if k != name and _labelled(v)}
    shared = sorted((_labels_of(value) & set().union(*map(_labels_of, others.values()))) if others else set(), key=str)
    if not shared or not _labelled(value):
        return
    old = label if label in shared else shared[-1]
    partners = tuple(k for k, v in others.items() if old in _labels_of(v))
    yield ("mismatched labels", f"label {old!r} renamed", _rename(value, old, "zz_unknown"),
           (name, "zz_unknown", old, *partners), None)


def mutations(spec_: Spec, kwargs: dict):
    """Every (category, label, bad kwargs, culprits, oracle) derived from the parameters' roles."""
    try:
        params = signature(spec_)
    except (TypeError, ValueError):
        params = {}
    for name, param in params.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        role = role_of(spec_, name, param)
        if role == "skip":
            continue
        value = kwargs.get(name, param.default)
        if value is inspect.Parameter.empty:
            continue
        generators = []
        if role == "frame" and isinstance(value, pd.DataFrame):
            generators.append(frame_cases(name, value, spec_, kwargs, role))
            if spec_.fuzz_data:
                generators.append(mismatch_cases(name, value, kwargs, spec_.mismatch))
        elif role == "series" and value is not None:
            generators.append(series_cases(name, value, spec_, kwargs))
            if spec_.fuzz_data:
                generators.append(mismatch_cases(name, value, kwargs, spec_.mismatch))
        elif role == "labels" and value is not None:
            generators.append(labels_cases(name, value, spec_, kwargs))
            generators.append(mismatch_cases(name, pd.Series(value), kwargs))
        elif role == "long" and isinstance(value, pd.DataFrame):
            generators.append(long_cases(name, value, spec_, kwargs))
        elif role == "firms":
            generators.append(firms_cases(name, value, spec_, kwargs))
        elif role == "mapping" and isinstance(value, Mapping):
            generators.append(mapping_cases(name, value, spec_, kwargs, param.default is None))
        elif role in ("frame", "series") and value is None:
            generators.append(iter([("wrong type (data)", "str", "abc", (name,), None),
                                    ("wrong type (data)", "int", 42, (name,), None)]))
        else:
            generators.append(scalar_cases(name, role, value, param, spec_, kwargs))
        for gen in generators:
            for category, label, bad, culprits, oracle in gen:
                culprits = tuple(culprits) + tuple(spec_.aliases.get(name, ()))
                yield category, f"{name}={label}", {**kwargs, name: bad}, culprits, oracle


def make_call(fn: Callable, kwargs: dict) -> Callable[[], Any]:
    return lambda: fn(**kwargs)


def spec_cases(spec_: Spec) -> list[Case]:
    kwargs = spec_.kwargs()
    cases = []
    for category, label, bad, culprits, oracle in mutations(spec_, kwargs):
        cases.append(Case(spec_.name, category, label, make_call(spec_.fn, bad), tuple(culprits), oracle))
    for extra in spec_.extra:
        bad = extra.mutate(dict(kwargs))
        oracle = None if extra.oracle is None else (lambda res, o=extra.oracle, kw=kwargs: o(res, kw))
        cases.append(Case(spec_.name, extra.category, extra.label, make_call(spec_.fn, bad), tuple(extra.culprits),
                          oracle, extra.must_return))
    return cases


# --------------------------------------------------------------------------------------------
# Reader cases: files
# --------------------------------------------------------------------------------------------

def matrix_equal(expected: pd.DataFrame) -> Callable[[Any], bool]:
    def check(result) -> bool:
        return (isinstance(result, pd.DataFrame) and list(result.index) == list(expected.index)
                and list(result.columns) == list(expected.columns)
                and np.allclose(result.to_numpy(dtype=float), expected.to_numpy(dtype=float)))
    return check


def file_cases(func: str, fn: Callable, suffix: str = ".csv", required: bool = True, **kwargs) -> list[Case]:
    """Missing file, a directory, an empty file and a wrong extension, for any reader."""
    def call(name: str, content: bytes | str | None = None, directory: bool = False):
        def run():
            path = TMP / func / name
            if directory:
                path.mkdir(parents=True, exist_ok=True)
            elif content is not None:
                write(f"{func}/{name}", content)
            return fn(path, **kwargs)
        return run
    return [
        Case(func, "file", "missing file", call(f"missing{suffix}"), (f"missing{suffix}",)),
        Case(func, "file", "a directory", call(f"folder{suffix}", directory=True), (f"folder{suffix}",)),
        Case(func, "file", "empty file", call(f"empty{suffix}", b""), (f"empty{suffix}",)),
        Case(func, "file", "wrong extension (CSV text as .xlsx)", call("text.xlsx", WIDE), ("text.xlsx",)),
        Case(func, "file", "wrong extension (binary as .csv)", call(f"binary{suffix}", bytes(range(256)) * 4),
             (f"binary{suffix}",)),
        Case(func, "wrong type (data)", "path=int", lambda: fn(42, **kwargs), ("path", "42")),
    ] + ([Case(func, "wrong type (data)", "path=None", lambda: fn(None, **kwargs), ("path", "None"))]
         if required else [])


def read_table_cases() -> list[Case]:
    fn = F.read_table

    def case(category, label, content, culprits, *, name=None, oracle=None, must_return=False, **kwargs):
        file = name or re.sub(r"\W+", "_", label).strip("_") + ".csv"

        def run():
            return fn(write(f"read_table/{file}", content), **kwargs)
        return Case("read_table", category, label, run, tuple(culprits), oracle, must_return)

    latin1 = "region,a,b\nMüller,1,2\nZürich,3,4\n".encode("latin-1")
    gbk = "region,a,b\n武汉,1,2\n长沙,3,4\n".encode("gb18030")
    cases = [
        case("encoding", "Latin-1 bytes that also decode as GB18030", latin1, ("encoding", "line 2")),
        case("encoding", "GBK text", gbk, (), must_return=True,
             oracle=matrix_equal(pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["武汉", "长沙"],
                                              columns=["a", "b"]))),
        case("encoding", "GBK text read as given", latin1, (), must_return=True, encoding="latin-1",
             oracle=matrix_equal(pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["Müller", "Zürich"],
                                              columns=["a", "b"]))),
        case("encoding", "Latin-1 byte before a comma", "region,a\ncafé,1\n".encode("latin-1"),
             ("encoding", "line 2")),
        case("encoding", "unknown encoding name", WIDE, ("encoding", "no-such-codec"), encoding="no-such-codec"),
        case("encoding", "BOM", b"\xef\xbb\xbf" + WIDE.encode(), (), oracle=matrix_equal(WIDE_MATRIX),
             must_return=True),
        case("encoding", "UTF-16 with BOM", WIDE.encode("utf-16"), (), oracle=matrix_equal(WIDE_MATRIX),
             must_return=True),
        case("encoding", "encoding=42", WIDE, ("encoding",), encoding=42),
        case("header", "duplicate header", "region,a,a\nr1,1,2\nr2,3,4\n", ("line 1", "a")),
        case("header", "duplicate header after strip", "region,a, a\nr1,1,2\nr2,3,4\n", ("line 1", "a")),
        case("header", "header shorter than data", "region,a\nr1,1,2\nr2,3,4\n", ("line 2",)),
        case("header", "empty header name", "region,,b\nr1,1,2\n", ("line 1",)),
        case("ragged rows", "short row", "region,a,b\nr1,1,2\nr2,3\n", ("line 3",)),
        case("ragged rows", "long row", "region,a,b\nr1,1,2\nr2,3,4,5\n", ("line 3",)),
        case("decimal comma", "1,5 quoted", 'region,a,b\nr1,"1,5",2\nr2,3,4\n', ("line 2", "a")),
        case("decimal comma", "1,25 quoted", 'region,a,b\nr1,2,"1,25"\nr2,3,4\n', ("line 2", "b")),
        case("decimal comma", "thousands separator", 'region,a,b\nr1,"1,200",2\nr2,3,4\n', (), must_return=True,
             oracle=matrix_equal(pd.DataFrame([[1200.0, 2.0], [3.0, 4.0]], index=["r1", "r2"], columns=["a", "b"]))),
        case("empty labels", "empty region label", "region,a,b\nr1,1,2\n,3,4\n", ("line 3",)),
        case("empty labels", "blank region label", "region,a,b\nr1,1,2\n  ,3,4\n", ("line 3",)),
        case("empty labels", "empty label long", "region,industry,value\nr1,a,1\n,b,2\n", ("line 3",)),
        case("empty labels", "empty industry label long", "region,industry,value\nr1,a,1\nr2,,2\n",
             ("line 3", "industry")),
        case("duplicate labels", "duplicate region", "region,a,b\nr1,1,2\nr1,3,4\n", ("r1",)),
        case("duplicate labels", "duplicate pair long", "region,industry,value\nr1,a,1\nr1,a,2\n", ("r1",)),
        case("NaN/inf", "missing cell", "region,a,b\nr1,,2\nr2,3,4\n", ("line 2", "a")),
        case("NaN/inf", "inf cell", "region,a,b\nr1,inf,2\nr2,3,4\n", ("line 2", "a")),
        case("NaN/inf", "nan text cell", "region,a,b\nr1,nan,2\nr2,3,4\n", ("line 2", "a")),
        case("negative", "negative cell", "region,a,b\nr1,-1,2\nr2,3,4\n", ("line 2", "a", "r1")),
        case("non-numeric", "text cell", "region,a,b\nr1,x,2\nr2,3,4\n", ("line 2", "a")),
        case("header", "header only", "region,a,b\n", ("data",)),
        case("out of range", "skiprows past the end", WIDE, ("skiprows",), skiprows=10),
        case("unknown column", "long layout without its columns", WIDE, ("region", "industry", "value"),
             layout="long"),
        case("wrong type (choice)", "region=1", "region,industry,value\nr1,a,1\n", ("region",), region=1,
             layout="long"),
        case("wrong type (choice)", "sheet=[0]", WIDE, ("sheet",), name="sheet.xlsx", sheet=[0]),
    ]
    def excel(category, label, frame, culprits, **kwargs):
        def run():
            path = TMP / "read_table" / (re.sub(r"\W+", "_", label).strip("_") + ".xlsx")
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.to_excel(path, index=False)
            return fn(path, **kwargs)
        return Case("read_table", category, label, run, tuple(culprits))

    twice = pd.DataFrame([["r1", 1, 2], ["r2", 3, 4]], columns=["region", "a", "a"])
    cases += [excel("header", "duplicate header (Excel)", twice, ("line 1", "a")),
              excel("unknown choice", "unknown sheet (Excel)", WIDE_MATRIX.reset_index(), ("sheet", "nosuch"),
                    sheet="nosuch"),
              excel("decimal comma", "1,5 (Excel text cell)",
                    pd.DataFrame({"region": ["r1"], "a": ["1,5"]}), ("line 2", "a"))]
    return cases + file_cases("read_table", fn)


def read_io_table_cases() -> list[Case]:
    fn = IO.read_io_table

    def case(category, label, content, culprits, *, oracle=None, must_return=False, **kwargs):
        file = re.sub(r"\W+", "_", label).strip("_") + ".csv"

        def run():
            return fn(write(f"read_io_table/{file}", content), **kwargs)
        return Case("read_io_table", category, label, run, tuple(culprits), oracle, must_return)

    tidy = "from_sector,to_sector,value\ns1,s1,20\ns1,s2,30\ns2,s1,10\ns2,s2,40\n"
    output = pd.Series({"s1": 100.0, "s2": 200.0})
    expected_A = pd.DataFrame([[0.2, 0.15], [0.1, 0.2]], index=["s1", "s2"], columns=["s1", "s2"])
    return [
        case("encoding", "tidy table", tidy, (), gross_output=output, must_return=True,
             oracle=lambda t: np.allclose(t.A.to_numpy(), expected_A.to_numpy())),
        case("encoding", "Latin-1 bytes that also decode as GB18030",
             "from_sector,to_sector,value\nMüller,Müller,1\n".encode("latin-1"), ("encoding", "line 2"),
             gross_output=pd.Series({"Müller": 5.0})),
        case("header", "duplicate header", "from_sector,to_sector,value,value\ns1,s1,1,2\n", ("line 1", "value")),
        case("ragged rows", "short row", tidy + "s3,s1\n", ("line 6",), gross_output=output),
        case("decimal comma", "1,5 quoted", tidy.replace("20", '"1,5"'), ("line 2", "value"), gross_output=output),
        case("negative", "negative flow", tidy.replace("20", "-20"), ("s1", "line 2"), gross_output=output),
        case("duplicate labels", "repeated pair", tidy + "s1,s1,5\n", ("s1",), gross_output=output),
        case("mismatched labels", "gross output of other sectors", tidy, ("gross_output", "s9"),
             gross_output=pd.Series({"s1": 100.0, "s9": 200.0})),
        case("economic validity", "inputs above output", tidy, ("s1", "s2"),
             gross_output=pd.Series({"s1": 10.0, "s2": 20.0})),
    ] + file_cases("read_io_table", fn)


def read_firms_cases() -> list[Case]:
    fn = MD.read_firms

    def case(category, label, content, culprits, *, suffix=".csv", oracle=None, must_return=False, **kwargs):
        file = re.sub(r"\W+", "_", label).strip("_") + suffix

        def run():
            return fn(write(f"read_firms/{file}", content), **kwargs)
        return Case("read_firms", category, label, run, tuple(culprits), oracle, must_return)

    good = "firm_id,start_date,industry_code,adcode\na,2015-01-01,3911,420106\n"
    return [
        case("encoding", "CSV", good, (), must_return=True, oracle=lambda df: list(df["firm_id"]) == ["a"]),
        case("header", "duplicate header", "firm_id,firm_id,start_date\na,b,2015-01-01\n", ("firm_id", "line 1")),
        case("ragged rows", "short row", good + "b,2015-01-01\n", ("line 3",)),
        case("encoding", "Latin-1 bytes that also decode as GB18030",
             "firm_id,start_date,industry_code,adcode\nMüller,2015-01-01,3911,420106\n".encode("latin-1"),
             ("encoding", "line 2")),
        case("wrong type (data)", "columns=42", good, ("columns",), columns=42),
        case("unknown column", "columns=['no_such'] (skipped, as documented)", good, (), columns=["no_such"],
             oracle=lambda df: list(df.columns) == [], must_return=True),
        case("file", ".txt is read as CSV", good, (), suffix=".txt", must_return=True,
             oracle=lambda df: list(df["firm_id"]) == ["a"]),
        case("file", "wrong extension (.json)", good, ("wrong_extension_json.json", "file_format"), suffix=".json"),
    ] + file_cases("read_firms", fn)


def loader_cases() -> list[Case]:
    cases = []
    for func, fn, arg in (("load_industries", F.load_industries, "path"), ("load_zones", F.load_zones, "path"),
                          ("load_positioning", F.load_positioning, "path"),
                          ("load_statistics", F.load_statistics, "path")):
        cases += file_cases(func, lambda p, _fn=fn, _arg=arg: _fn(**{_arg: p}), required=False)
    header = "industry_id,name_zh,name_en\n"
    for label, content, culprits in (
            ("duplicate header", "industry_id,name_zh,name_zh\nx,甲,a\n", ("line 1", "name_zh")),
            ("ragged rows", header + "x,甲\n", ("line 2",)),
            ("duplicate id", header + "x,甲,a\nx,乙,b\n", ("line 3", "x")),
            ("missing column", "industry_id,name_zh\nx,甲\n", ("name_en",)),
            ("empty id", header + ",甲,a\n", ("line 2", "industry_id"))):
        cases.append(Case("load_industries", "header" if "header" in label else "duplicate labels"
                          if "duplicate" in label else "ragged rows" if "ragged" in label else "empty labels"
                          if "empty" in label else "unknown column", label,
                          lambda c=content, n=label: F.load_industries(write(f"load_industries/{n}.csv", c)),
                          culprits))
    return cases


# --------------------------------------------------------------------------------------------
# Running one case
# --------------------------------------------------------------------------------------------

OK = ("clear", "correct")


def run_case(case: Case) -> tuple[str, str]:
    """``clear`` (FtzlinkError naming the culprit), ``correct`` (a right value), ``unclear``
    (FtzlinkError not naming it), ``wrong`` (a wrong or silently accepted value) or ``escaped``
    (another exception or a warning)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = case.call()
    except FtzlinkError as exc:
        message = str(exc)
        if case.must_return:
            return "wrong", f"valid input refused: {message}"
        if names_culprit(message, case.culprits):
            return "clear", message
        return "unclear", f"message does not name any of {case.culprits}: {message}"
    except Exception as exc:  # noqa: BLE001  (any other exception is what this test is after)
        return "escaped", f"{type(exc).__name__}: {exc}"[:500]
    finally:
        if "matplotlib.pyplot" in __import__("sys").modules:
            __import__("matplotlib.pyplot").pyplot.close("all")
    if case.oracle is None:
        return "wrong", f"bad input accepted, returned {type(result).__name__}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ok = bool(case.oracle(result))
    except Exception as exc:  # noqa: BLE001
        return "wrong", f"could not compare the result: {type(exc).__name__}: {exc}"
    return ("correct", "") if ok else ("wrong", "returned a value that differs from the independent computation")


# --------------------------------------------------------------------------------------------
# Scale invariance
# --------------------------------------------------------------------------------------------

def data_params(spec_: Spec, kwargs: dict) -> list[str]:
    params = signature(spec_)
    out = []
    for name, value in kwargs.items():
        role = role_of(spec_, name, params[name]) if name in params else "skip"
        if role in ("frame", "series", "long", "mapping") and value is not None:
            out.append(name)
    return out


def scaled(value, factor: float):
    if isinstance(value, pd.DataFrame):
        numeric = [c for c in value.columns if pd.api.types.is_numeric_dtype(value[c])
                   and not pd.api.types.is_bool_dtype(value[c]) and c != "year"]
        out = value.copy()
        for c in numeric:
            out[c] = value[c].astype(float) * factor
        return out
    if isinstance(value, pd.Series):
        return value.astype(float) * factor
    if isinstance(value, Mapping):
        return {k: scaled(v, factor) for k, v in value.items()}
    if isinstance(value, (list, np.ndarray)):
        return np.asarray(value, dtype=float) * factor
    return value


def scale_kwargs(kwargs: dict, which: tuple[str, ...], factor: float) -> dict:
    return {k: scaled(v, factor) if k in which else v for k, v in kwargs.items()}


def quiet_call(fn: Callable, kwargs: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(**kwargs)


def detect_scale_groups(name: str) -> tuple[tuple[str, ...], ...]:
    """Groups of data arguments whose common scale (2**±10, exact in binary) leaves the result unchanged.

    Used by ``tools/fuzz_census.py --detect-scale`` to check :data:`SCALE_GROUPS`.
    """
    spec_ = SPECS[name]
    if spec_.slow or not spec_.scale:
        return ()
    kwargs = spec_.kwargs()
    try:
        params = [p for p in data_params(spec_, kwargs) if not same(kwargs[p], scaled(kwargs[p], 2.0))]
        base = quiet_call(spec_.fn, kwargs)
    except Exception:  # noqa: BLE001  (a broken baseline fails test_bad_input)
        return ()
    groups = ([tuple(params)] if params else []) + ([(p,) for p in params] if len(params) > 1 else [])
    out = []
    for group in groups:
        try:
            if all(same(base, quiet_call(spec_.fn, scale_kwargs(kwargs, group, f))) for f in (2.0 ** 10, 2.0 ** -10)):
                out.append(group)
        except Exception:  # noqa: BLE001
            continue
    return tuple(out)


#: Functions whose result does not depend on a common scale of these data arguments (the first
#: group: all of them together), as found by :func:`detect_scale_groups`; the scale cases
#: multiply the group by up to 1e±300.
SCALE_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    name: tuple(tuple(g.split("+")) for g in groups.split()) for name, groups in {
        "krugman_index": "mat+reference mat reference", "spec_coeff": "mat+reference mat reference",
        "hachman": "mat+reference mat reference", "location_quotient": "mat+reference mat reference",
        "hoover_index": "mat+pop mat pop", "diversity": "mat+reference mat reference",
        "ubiquity": "mat+reference mat reference", "proximity": "mat+reference mat reference",
        "density": "mat+prox+reference mat prox reference", "herfindahl": "mat", "entropy": "mat", "gini": "mat",
        "locational_gini": "mat", "normalised_herfindahl": "mat", "numbers_equivalent": "mat", "similarity": "mat",
        "overlap": "mat", "relatedness": "cooc", "relatedness_density": "rel", "relatedness_density_ext": "rel",
        "relatedness_density_ext_avg": "rel", "relatedness_density_int": "rel", "relatedness_density_int_avg": "rel",
        "relatedness_complementarity": "rel", "complementarity": "mat+io_table mat io_table",
        "io_complementarity": "mat+io_table mat io_table", "trade_complementarity": "exports+imports exports imports",
        "drysdale_complementarity": "exports+imports+reference exports imports reference",
        "complexity": "mat", "cog": "mat", "coi": "mat", "norm_ubiquity": "mat", "prody": "mat", "expy": "mat",
        "entry_list": "long_df", "exit_list": "long_df", "entry_mat": "long_df", "exit_mat": "long_df",
        "growth_list": "long_df", "growth_mat": "long_df", "homothetic_employment": "reference",
        "theil": "values+weights values weights", "atkinson": "values+weights values weights",
        "gini_coefficient": "values+weights values weights",
        "coefficient_of_variation": "values+weights values weights",
        "williamson": "values+population values population", "theil_decomposition": "values",
        "sigma_convergence": "values", "plant_herfindahl": "plants", "ellison_glaeser": "mat",
        "grubel_lloyd": "exports+imports", "trade_specialisation": "exports+imports", "trade_intensity": "flows",
        "export_market_penetration": "flows", "agreement_table": "baseline+alternatives baseline alternatives",
        "entropy_weights": "indicators", "subsystem_scores": "indicators", "topsis": "indicators",
        "gravity_strength": "population+gdp+distance", "mantel": "a+b a b", "qap_correlation": "a+b a b",
        "morans_i": "values+weights values weights", "gearys_c": "values+weights values weights",
        "getis_ord_g": "values+weights values weights", "bivariate_moran": "x+y+weights x y weights",
        "grey_relational_coefficients": "comparison+reference comparison reference",
        "grey_relational_grades": "comparison+reference comparison reference", "concor": "pairs",
        "core_periphery": "pairs", "technical_coefficients": "Z+x", "allocation_coefficients": "Z+x",
        "intermediate_sales_shares": "Z", "satellite_coefficients": "F+x", "io_relatedness": "table_or_Z+x",
        "supplier_buyer_matrix": "mat",
    }.items()
}


@cache
def baseline_result(name: str):
    spec_ = SPECS[name]
    return quiet_call(spec_.fn, spec_.kwargs())


#: Exponents the census uses (the test draws them with hypothesis, these two included).
SCALE_EXPONENTS = (-300, -200, -100, -30, 30, 100, 200, 300)


def scale_case(name: str, group: tuple[str, ...], exponent: int, mantissa: float = 1.0) -> Case:
    """The baseline of ``name`` with the data arguments of ``group`` multiplied by mantissa·10**exponent.

    Correct when the result equals the unscaled result (relative 1e-7); an error is wrong.
    """
    spec_ = SPECS[name]
    factor = mantissa * 10.0 ** exponent

    def run():
        return spec_.fn(**scale_kwargs(spec_.kwargs(), group, factor))

    def oracle(result) -> bool:
        return same(result, baseline_result(name), rtol=1e-7)

    return Case(name, "scale ×1e±300", f"{'+'.join(group)} ×{mantissa:g}e{exponent}", run, (), oracle, True)


# --------------------------------------------------------------------------------------------
# All cases (pytest and tools/fuzz_census.py)
# --------------------------------------------------------------------------------------------

def all_cases(scale: bool = True) -> list[Case]:
    """Every fuzz case: the derived and hand-written cases of the specs, the file cases of the
    readers and, with ``scale``, the scale cases at :data:`SCALE_EXPONENTS`."""
    cases = []
    for spec_ in SPECS.values():
        cases += spec_cases(spec_)
    cases += read_table_cases() + read_io_table_cases() + read_firms_cases() + loader_cases()
    if scale:
        for name, groups in SCALE_GROUPS.items():
            cases += [scale_case(name, group, e) for group in groups for e in SCALE_EXPONENTS]
    return cases


def census(cases: list[Case]) -> pd.DataFrame:
    """One row per case: category, status (see :func:`run_case`), id, detail and seconds taken."""
    rows = []
    for case in cases:
        start = time.perf_counter()
        status, detail = run_case(case)
        rows.append({"category": case.category, "status": status, "id": case.id, "detail": detail,
                     "seconds": time.perf_counter() - start})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Known failures: cases that fail in modules this change may not edit (fixed separately)
# --------------------------------------------------------------------------------------------

def _known(func: str, reason: str, *labels: str) -> dict[str, str]:
    return {f"{func}|{label}": f"{func}: {reason}" for label in labels}


#: Case id → reason: bad input that modules of other helpers (pairs.py, plot/, indices/trade.py and
#: the stats modules named) do not yet handle. Each runs as a strict xfail in test_known_failure.
KNOWN_FAILURES: dict[str, str] = {
    **_known("morans_i", "accepts the bad input (ftzlink/stats/spatial.py)",
             'values=bool values'),
    **_known("specialisation_bars", "accepts the bad input (ftzlink/plot/bars.py)",
             'values=negative item'),
}

#: Functions (of other helpers' modules) that are not yet stable over the float64 range.
SCALE_KNOWN_FAILURES: dict[str, str] = {
    "concor": ("concor (ftzlink/stats/block_model.py): RuntimeWarning escapes; result changes with the scale at data "
               "scaled by up to 1e±300"),
    "core_periphery": ("core_periphery (ftzlink/stats/block_model.py): RuntimeWarning escapes at data scaled by up "
                       "to 1e±300"),
    "mantel": ("mantel (ftzlink/stats/mantel_test.py): RuntimeWarning escapes; refuses the scaled (valid) input at "
               "data scaled by up to 1e±300"),
    "morans_i": ("morans_i (ftzlink/stats/spatial.py): RuntimeWarning escapes at data scaled by up to 1e±300"),
    "qap_correlation": ("qap_correlation (ftzlink/stats/qap.py): RuntimeWarning escapes; refuses the scaled (valid) "
                        "input at data scaled by up to 1e±300"),
    "topsis": ("topsis (ftzlink/stats/topsis_method.py): RuntimeWarning escapes; refuses the scaled (valid) input at "
               "data scaled by up to 1e±300"),
}


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------

CASES = all_cases(scale=False)
CASE_IDS = [case.id for case in CASES]
assert len(set(CASE_IDS)) == len(CASE_IDS), "duplicate case ids"
BY_FUNCTION: dict[str, list[Case]] = {}
for _case in CASES:
    if _case.id not in KNOWN_FAILURES:
        BY_FUNCTION.setdefault(_case.func, []).append(_case)


@pytest.mark.parametrize("func", sorted(set(BY_FUNCTION) | set(SPECS)))
def test_bad_input(func: str):
    """The baseline of one function is a valid call (no error, no warning), and each of its cases
    gives a clear FtzlinkError or a correct value. One test per function, the failing cases listed
    together; the cases of :data:`KNOWN_FAILURES` run one by one in test_known_failure."""
    spec_ = SPECS.get(func)
    if spec_ is not None and not spec_.slow:       # slow: numba compiles esda's kernels, or a figure is drawn
        baseline_result(func)
    failures = []
    for case in BY_FUNCTION.get(func, []):
        status, detail = run_case(case)
        if status not in OK:
            failures.append(f"{case.id} [{case.category}] {status}: {detail}")
    assert not failures, f"{len(failures)} case(s) of {func} fail:\n" + "\n".join(failures)


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.id]))
    for case in CASES if case.id in KNOWN_FAILURES])
def test_known_failure(case: Case):
    status, detail = run_case(case)
    assert status in OK, f"{case.category} / {case.id}: {status}: {detail}"


def test_known_failures_exist():
    """Every listed known failure is still a generated case (a renamed case must be renamed here)."""
    assert not set(KNOWN_FAILURES) - set(CASE_IDS)
    assert not set(SCALE_KNOWN_FAILURES) - set(SCALE_GROUPS)


def test_harness_fails_foreign_exceptions_warnings_and_silence():
    """The judge itself: only a FtzlinkError naming the culprit, or a checked value, passes."""
    def raise_(exc):
        def call():
            raise exc
        return call

    def warn():
        return np.log(np.array([-1.0]))             # RuntimeWarning: invalid value encountered in log

    judged = {
        "pandas KeyError": Case("f", "c", "a", raise_(KeyError("x")), ("x",)),
        "plain ValueError": Case("f", "c", "b", raise_(ValueError("mat: bad")), ("mat",)),
        "NumPy warning": Case("f", "c", "d", warn, ("mat",)),
        "silent acceptance": Case("f", "c", "e", lambda: 1.0, ("mat",)),
        "wrong value": Case("f", "c", "g", lambda: 1.0, (), oracle=lambda res: res == 2.0),
        "error not naming the culprit": Case("f", "c", "h", raise_(FtzlinkError("something is wrong")), ("mat",)),
        "valid input refused": Case("f", "c", "i", raise_(FtzlinkError("mat: no")), ("mat",), lambda r: True, True),
    }
    outcome = {what: run_case(case)[0] for what, case in judged.items()}
    assert outcome == {"pandas KeyError": "escaped", "plain ValueError": "escaped", "NumPy warning": "escaped",
                       "silent acceptance": "wrong", "wrong value": "wrong",
                       "error not naming the culprit": "unclear", "valid input refused": "wrong"}
    assert run_case(Case("f", "c", "j", raise_(FtzlinkError("mat: bad")), ("mat",)))[0] == "clear"
    assert run_case(Case("f", "c", "k", lambda: 2.0, (), oracle=lambda res: res == 2.0))[0] == "correct"
    assert not names_culprit("format: bad", ("mat",)) and names_culprit("row 'r1': bad", ("r1",))


def public_functions() -> set[str]:
    names = set(ftzlink.__all__)
    for module in (ftzlink.indices, ftzlink.stats, ftzlink.io_tables, ftzlink.microdata):
        names |= {n for n in module.__all__ if callable(getattr(module, n)) and not n.isupper()}
    names |= {"index_heatmap", "linkage_network", "lorenz_plot", "specialisation_bars", "positioning_plot",
              "zone_map", "structure_plot", "lisa_map"}
    return {n for n in names if n != "__version__"}


def test_every_public_function_is_fuzzed():
    missing = public_functions() - set(SPECS) - set(NOT_FUZZED)
    assert not missing, f"public functions without a fuzz spec: {sorted(missing)}"


#: Indices that must be scale-free: they must be in SCALE_GROUPS.
SCALE_FREE = {"location_quotient", "krugman_index", "spec_coeff", "hachman", "herfindahl", "entropy", "gini",
              "locational_gini", "hoover_index", "similarity", "overlap", "proximity", "theil", "atkinson",
              "gini_coefficient", "coefficient_of_variation", "technical_coefficients", "allocation_coefficients",
              "diversity", "ubiquity", "complexity"}


def test_scale_free_indices_are_declared():
    assert SCALE_FREE <= set(SCALE_GROUPS), sorted(SCALE_FREE - set(SCALE_GROUPS))
    assert set(SCALE_GROUPS) <= set(SPECS)


def _scale_param(name: str):
    marks = (pytest.mark.xfail(strict=True, reason=SCALE_KNOWN_FAILURES[name]),) \
        if name in SCALE_KNOWN_FAILURES else ()
    return pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", [_scale_param(name) for name in sorted(SCALE_GROUPS)])
@settings(max_examples=1, deadline=None, derandomize=True, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, 3), exponent=st.integers(-300, 300), mantissa=st.floats(1.0, 9.99))
@example(which=0, exponent=300, mantissa=9.99)
@example(which=0, exponent=-300, mantissa=1.0)
def test_scale_invariance(name, which, exponent, mantissa):
    """The result of a scale-free function is the same for its data times 1e-300 … 1e300."""
    groups = SCALE_GROUPS[name]
    group = groups[which % len(groups)]
    case = scale_case(name, group, exponent, mantissa)
    status, detail = run_case(case)
    assert status in OK, f"{case.id}: {status}: {detail}"
