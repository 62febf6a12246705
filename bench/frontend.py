"""Lighthouse scores of the SPA on the local stack, phone and desktop.

Builds the SPA (`npm run build`, skip with `--no-build`), copies `frontend/dist` into a temporary
directory (a rebuild during the runs cannot change what is measured), starts the local stack on it
with the demo mentors (`--demo`) plus a few bench mentors who publish upcoming sessions (so the
landing's carousel and the session cards render), then runs the `lighthouse` npm package (a pinned
frontend devDependency) with Debian `chromium` on `/`, `/sessions` and `/mentors` with its default
mobile emulation (simulated slow 4G, 4× CPU slowdown), and on `/` with `--preset=desktop`.
Each page runs `--runs` times (default 3); the median of each figure is kept.

    python bench/frontend.py [--runs 3] [--no-build] [--keep-reports DIR]

The last line is JSON: {"initial_js_gzip_kb", "lighthouse_perf_landing_mobile", "lighthouse_perf_landing_desktop",
"lighthouse_perf_sessions_mobile", "lighthouse_perf_mentors_mobile", "lighthouse_a11y_min", "cls_max",
"lcp_landing_mobile_ms"}. Targets: mobile performance ≥ 90 on all three pages, desktop ≥ 95, accessibility
100, cls_max < 0.1, initial JS ≤ 170 KB gzip. `a11y_min` and `cls_max` are the worst per-page medians.
Per-run figures go to stderr. Lighthouse's throttling is simulated from a real trace, so a loaded
machine still lowers the scores: quote them with that in mind.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import (  # bench/_common.py (the script's directory is first on sys.path)
    REPO_ROOT,
    create_session,
    create_users,
    log,
    mint_tokens,
    stack_environment,
)

from local.launch import start  # importable once _common has put the repository on sys.path

FRONTEND = REPO_ROOT / "frontend"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PAGES = (("landing", "/", "mobile"), ("landing", "/", "desktop"), ("sessions", "/sessions", "mobile"),
         ("mentors", "/mentors", "mobile"))


def initial_js_gzip_kb(dist: Path) -> float:
    """What `scripts/check-bundle.mjs` budgets: the entry script plus its modulepreloads, gzip -9."""
    html = (dist / "index.html").read_text(encoding="utf-8")
    files = re.findall(r'<script[^>]+src="/([^"]+\.js)"', html)
    files += re.findall(r'<link[^>]+rel="modulepreload"[^>]+href="/([^"]+\.js)"', html)
    total = sum(len(gzip.compress((dist / f).read_bytes(), compresslevel=9)) for f in files)
    return round(total / 1024, 1)


def lighthouse_bin() -> Path:
    """The pinned devDependency; LIGHTHOUSE_BIN points elsewhere (e.g. a copy outside node_modules)."""
    path = Path(os.environ.get("LIGHTHOUSE_BIN", FRONTEND / "node_modules" / ".bin" / "lighthouse"))
    if not path.exists():
        raise SystemExit(f"lighthouse not found at {path}: run `cd frontend && npm ci` (or set LIGHTHOUSE_BIN)")
    return path


def seed(info: dict[str, Any]) -> None:
    """Two mentors with upcoming sessions: enough for the landing carousel and the /sessions cards."""
    with stack_environment(info):
        mentors = create_users(2, role="mentor", tag="lighthouse")
        mint_tokens(mentors)
    titles = ["Python for data analysis", "Algebra, step by step", "Intro to system design",
              "Writing clean tests", "SQL from zero", "Interview practice: arrays"]
    for i, title in enumerate(titles):
        create_session(info, mentors[i % 2], seats=3, price_paise=0 if i % 3 == 0 else 25_000,
                       days_ahead=1 + i // 2, hours_later=i % 2, title=title)


@dataclass(frozen=True)
class Run:
    perf: float
    a11y: float
    cls: float
    lcp_ms: float
    tbt_ms: float


def lighthouse(url: str, form: str, out: Path) -> Run:
    cmd = [str(lighthouse_bin()), url, f"--chrome-path={CHROMIUM}",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
           "--only-categories=performance,accessibility", "--output=json", f"--output-path={out}", "--quiet"]
    if form == "desktop":
        cmd.append("--preset=desktop")
    proc = subprocess.run(cmd, cwd=FRONTEND, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({form}): {proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error on {url}: {report['runtimeError']}")
    cats, audits = report["categories"], report["audits"]
    return Run(perf=round(100 * (cats["performance"]["score"] or 0)),
               a11y=round(100 * (cats["accessibility"]["score"] or 0)),
               cls=float(audits["cumulative-layout-shift"]["numericValue"]),
               lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
               tbt_ms=float(audits["total-blocking-time"]["numericValue"]))


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("perf", "a11y", "cls", "lcp_ms", "tbt_ms")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="measure the existing frontend/dist")
    parser.add_argument("--only", default="", help="comma-separated subset while iterating, e.g. landing-mobile "
                        "(the other figures print as null)")
    parser.add_argument("--keep-reports", type=Path, default=None, help="copy the Lighthouse JSON reports here")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no chromium at {CHROMIUM}: run `make chromium` (or set CHROME_PATH)")
    lighthouse_bin()
    if not args.no_build:
        log("building the SPA (npm run build)")
        subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True, stdout=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-frontend-") as tmp:
        work = Path(tmp)
        dist = work / "dist"
        shutil.copytree(FRONTEND / "dist", dist)
        js_kb = initial_js_gzip_kb(dist)
        stack = start(work / "stack", "--demo", "--quiet", "--schedule-max-interval", "0", "--spa-dir", str(dist),
                      timeout=90)
        try:
            seed(stack.info)
            medians: dict[tuple[str, str], Run] = {}
            wanted = {w.strip() for w in args.only.split(",") if w.strip()}
            for name, path, form in PAGES:
                if wanted and f"{name}-{form}" not in wanted:
                    continue
                runs = []
                for i in range(args.runs):
                    report = work / f"{name}-{form}-{i}.json"
                    run = lighthouse(stack.url.rstrip("/") + path, form, report)
                    log(f"{path:<10} {form:<7} run {i + 1}: perf {run.perf:.0f}  a11y {run.a11y:.0f}  "
                        f"LCP {run.lcp_ms:.0f} ms  TBT {run.tbt_ms:.0f} ms  CLS {run.cls:.3f}")
                    runs.append(run)
                    if args.keep_reports:
                        args.keep_reports.mkdir(parents=True, exist_ok=True)
                        shutil.copy(report, args.keep_reports / report.name)
                medians[(name, form)] = median_run(runs)
        finally:
            code = stack.stop()
            if code != 0:
                log(f"the local stack exited with {code}\n{stack.stderr_tail()}")
    def perf(name: str, form: str) -> float | None:
        run = medians.get((name, form))
        return run.perf if run else None

    landing = medians.get(("landing", "mobile"))
    result = {
        "initial_js_gzip_kb": js_kb,
        "lighthouse_perf_landing_mobile": perf("landing", "mobile"),
        "lighthouse_perf_landing_desktop": perf("landing", "desktop"),
        "lighthouse_perf_sessions_mobile": perf("sessions", "mobile"),
        "lighthouse_perf_mentors_mobile": perf("mentors", "mobile"),
        "lighthouse_a11y_min": min(r.a11y for r in medians.values()),
        "cls_max": round(max(r.cls for r in medians.values()), 3),
        "lcp_landing_mobile_ms": round(landing.lcp_ms) if landing else None,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
