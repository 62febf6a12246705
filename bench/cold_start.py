"""Cold-start import cost of the deployed app module against the unavoidable floor.

Each sample is a fresh interpreter that times only the import statement (time.perf_counter around
it, interpreter start-up excluded): `import app` from the repository root (app.py and everything it
imports, as Lambda does on a cold start) versus `import chalice, pydantic, pynamodb.models` (what any
Chalice + pydantic + PynamoDB app must load). Runs alternate app/floor to spread machine noise over
both, after one untimed warm-up each (bytecode caches, page cache).

    python bench/cold_start.py [--runs 5] [--top 15] [--package .chalice/deployments/<hash>.zip]

The last line is JSON: {"app_import_ms": ..., "floor_import_ms": ..., "ratio": ...}; target ratio ≤ 1.25.
`--top N` also prints (to stderr) what `import app` loads beyond the floor, from `-X importtime`,
grouped by the module of ours (app.py, chalicelib) that imports it: the imports to make lazy.
Diagnostics go to stderr; CPU-time medians are printed there too, as a cross-check on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_IMPORT = "import app"
FLOOR_IMPORT = "import chalice, pydantic, pynamodb.models"
TIMER = (
    "import time; t = time.perf_counter(); c = time.process_time(); {stmt}; "
    "print((time.perf_counter() - t) * 1000.0, (time.process_time() - c) * 1000.0)"
)
TARGET_RATIO = 1.25


@dataclass(frozen=True)
class Target:
    """Where the imports run: the repo root with this interpreter's site-packages (default), or an
    extracted Lambda deployment package with site-packages disabled (`-S`), as Lambda sees it."""

    cwd: Path
    python_flags: tuple[str, ...] = ()


TARGET = Target(REPO_ROOT)


def _env() -> dict[str, str]:
    """A Lambda-like environment: a region, no endpoint overrides, no local-stack switches."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["AWS_DEFAULT_REGION"] = os.environ.get("AWS_DEFAULT_REGION", "ap-south-1")
    env["PYTHONHASHSEED"] = "0"
    return env


def time_import(statement: str) -> tuple[float, float]:
    """(wall ms, CPU ms) spent in `statement`, measured inside a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, *TARGET.python_flags, "-c", TIMER.format(stmt=statement)],
        cwd=TARGET.cwd,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


@dataclass(frozen=True)
class ImportRow:
    module: str
    self_us: int
    cumulative_us: int
    importer: str  # the nearest `app` / `chalicelib.*` module above it in the import tree


def _ours(module: str) -> bool:
    return module == "app" or module.startswith("chalicelib")


def import_profile(statement: str) -> list[ImportRow]:
    """Every module an `-X importtime` run of `statement` imports, with the module of ours that pulled it in."""
    out = subprocess.run(
        [sys.executable, *TARGET.python_flags, "-X", "importtime", "-c", statement],
        cwd=TARGET.cwd,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    parsed: list[tuple[int, int, str, int]] = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_field, cumulative_field, raw = line[len("import time:") :].split("|", 2)
        name = raw.lstrip(" ")
        depth = (len(raw) - len(name) - 1) // 2
        parsed.append((int(self_field), int(cumulative_field), name.strip(), depth))
    # importtime prints children before their parent: walk it backwards to know each module's ancestors.
    rows = []
    ancestors: list[str] = []
    for self_us, cumulative_us, name, depth in reversed(parsed):
        del ancestors[depth:]
        importer = next((a for a in reversed(ancestors) if _ours(a)), "")
        rows.append(ImportRow(name, self_us, cumulative_us, name if _ours(name) else importer))
        ancestors.append(name)
    return rows


def _median_self_us(statement: str, runs: int) -> tuple[dict[str, int], dict[str, str]]:
    """Per-module median self time over `runs` profiles (one profile is too noisy), and its importer."""
    samples: dict[str, list[int]] = {}
    importer: dict[str, str] = {}
    for _ in range(runs):
        for row in import_profile(statement):
            samples.setdefault(row.module, []).append(row.self_us)
            importer[row.module] = row.importer
    return {m: int(statistics.median(v)) for m, v in samples.items()}, importer


def print_extra_over_floor(n: int, runs: int = 3) -> None:
    """What `import app` loads beyond the floor, grouped by the module of ours that imports it."""
    floor, _ = _median_self_us(FLOOR_IMPORT, runs)
    app, importer = _median_self_us(APP_IMPORT, runs)
    extra = {m: us for m, us in app.items() if m not in floor}
    groups: dict[tuple[str, str], int] = {}
    for module, us in extra.items():
        package = module if _ours(module) else module.split(".")[0]
        groups[(importer[module], package)] = groups.get((importer[module], package), 0) + us
    total = sum(groups.values())
    print(
        f"-- import app loads {len(extra)} modules beyond the floor, {total / 1000:.1f} ms (median self times of "
        f"{runs} -X importtime runs); the largest, by the module of ours that imports them:",
        file=sys.stderr,
    )
    for (via, package), us in sorted(groups.items(), key=lambda kv: -kv[1])[:n]:
        print(f"{us / 1000:8.1f} ms  {package:<40} via {via}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--top",
        type=int,
        default=0,
        help="also print the N largest imports beyond the floor, by importing module (stderr)",
    )
    parser.add_argument(
        "--package",
        type=Path,
        default=None,
        help="a `chalice package` deployment.zip (or its extracted directory): measure what "
        "Lambda imports, without this virtualenv's extra packages",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cold-start-") as tmp:
        if args.package:
            global TARGET
            directory = args.package
            if directory.is_file():
                with zipfile.ZipFile(directory) as archive:
                    archive.extractall(tmp)
                directory = Path(tmp)
            TARGET = Target(directory.resolve(), ("-S",))
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    time_import(APP_IMPORT)  # warm-up: bytecode caches and the page cache, for both sides
    time_import(FLOOR_IMPORT)
    app: list[tuple[float, float]] = []
    floor: list[tuple[float, float]] = []
    for _ in range(args.runs):
        app.append(time_import(APP_IMPORT))
        floor.append(time_import(FLOOR_IMPORT))
    for name, runs in (("app  ", app), ("floor", floor)):
        print(
            f"{name} wall ms: {', '.join(f'{w:.1f}' for w, _ in runs)} | CPU ms: "
            f"{', '.join(f'{c:.1f}' for _, c in runs)}",
            file=sys.stderr,
        )
    app_cpu, floor_cpu = statistics.median(c for _, c in app), statistics.median(c for _, c in floor)
    print(
        f"CPU-time medians (less sensitive to a busy machine): app {app_cpu:.1f} ms, floor {floor_cpu:.1f} ms, "
        f"ratio {app_cpu / floor_cpu:.3f}",
        file=sys.stderr,
    )
    if args.top:
        print_extra_over_floor(args.top)

    app_median = statistics.median(w for w, _ in app)
    floor_median = statistics.median(w for w, _ in floor)
    ratio = app_median / floor_median
    if ratio > TARGET_RATIO:
        print(f"ratio {ratio:.3f} is above the {TARGET_RATIO} target: run with --top 15", file=sys.stderr)
    print(
        json.dumps(
            {
                "app_import_ms": round(app_median, 1),
                "floor_import_ms": round(floor_median, 1),
                "ratio": round(ratio, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
