"""`make mutation`: mutmut 3 over the money and access rules, summarised as one JSON line.

    .venv/bin/python tools/mutation.py            # resume (mutmut keeps results in mutants/)
    .venv/bin/python tools/mutation.py --fresh    # start over: delete mutants/ first
    .venv/bin/python tools/mutation.py --summary  # only summarise the last run
    .venv/bin/python tools/mutation.py --retest-survivors  # after adding tests: check survivors again

What is mutated, which tests run and how they are chosen is configured in `[tool.mutmut]`
(pyproject.toml) and `tools/mutation_plugin.py`. mutmut's own output goes to
`.tmp/mutation.log`; surviving mutants are listed on stdout (`mutmut show <name>` shows one)
and the last line is

    {"mutants": N, "killed": K, "survived": S, "timeout": T, "score": ..., ...}

where `killed` counts mutants a test failed on, `caught_by_types` those mypy rejects (the CI
type check would refuse them), `no_tests` those no selected test reaches (counted as not killed),
`not_checked` those left when the time budget ran out (the next run resumes with them), and
score = (killed + caught_by_types + timeout) / (mutants - not_checked).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / ".tmp" / "mutation.log"


def summarise() -> dict[str, object]:
    from mutmut.stats import status_by_exit_code

    statuses: Counter[str] = Counter()
    survivors: list[str] = []
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text())
        for name, code in data.get("exit_code_by_key", {}).items():
            status = status_by_exit_code[code]
            statuses[status] += 1
            if status in ("survived", "no tests", "suspicious", "not checked"):
                survivors.append(f"{status}: {name}")
    total = sum(statuses.values())
    killed, types, timeout = statuses["killed"], statuses["caught by type check"], statuses["timeout"]
    for line in survivors:
        print(line)
    checked = total - statuses["not checked"]
    return {"mutants": total, "killed": killed, "survived": statuses["survived"], "timeout": timeout,
            "caught_by_types": types, "no_tests": statuses["no tests"], "not_checked": statuses["not checked"],
            "other": checked - killed - types - timeout - statuses["survived"] - statuses["no tests"],
            "score": round((killed + types + timeout) / checked, 4) if checked else 0.0}


def _fast_type_check_mapping() -> None:
    """Map mypy's errors to mutants with `ast` instead of libcst (same result, ~50x faster).

    mutmut 3.8.1 parses every mutated file with errors through libcst's MetadataWrapper only to find
    which mutant function a line belongs to: minutes for our 21 files on 2 busy cores. This does the
    same walk as its `MutatedMethodsCollector` (functions named like mutants, not descending into
    functions) with the standard library parser."""
    import ast

    from mutmut import __main__ as mutmut_main
    from mutmut.configuration import config
    from mutmut.mutation import file_mutation as fm
    from mutmut.type_checking import run_type_checker
    from mutmut.utils.file_utils import change_cwd
    from mutmut.utils.format_utils import get_mutant_name, is_mutated_method_name

    def locations(path: Path) -> list[fm.MutatedMethodLocation]:
        found: list[fm.MutatedMethodLocation] = []

        def walk(node: ast.AST) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    if is_mutated_method_name(child.name):  # from the `def` line, as libcst's position
                        found.append(fm.MutatedMethodLocation(file=path, function_name=child.name,
                                                              line_number_start=child.lineno,
                                                              line_number_end=child.end_lineno or child.lineno))
                    continue
                walk(child)

        walk(ast.parse(path.read_text(encoding="utf-8")))
        return found

    def filter_mutants_with_type_checker() -> dict[str, fm.FailedTypeCheckMutant]:
        with change_cwd(Path("mutants")):
            skip: dict[str, fm.FailedTypeCheckMutant] = {}
            for path, errors in fm.group_by_path(run_type_checker(config().type_check_command)).items():
                mutants = locations(path)
                if not mutants:
                    continue
                for error in errors:
                    mutant = next((m for m in mutants if m.line_number_start <= error.line_number <= m.line_number_end),
                                  None)
                    if mutant is None:
                        raise Exception(f"Could not find mutant for type error {error.file_path}:{error.line_number}"
                                        f" ({error.error_description})")
                    name = get_mutant_name(path.relative_to(Path(".").absolute()), mutant.function_name)
                    skip[name] = fm.FailedTypeCheckMutant(method_location=mutant, name=name, error=error)
            return skip

    fm.filter_mutants_with_type_checker = filter_mutants_with_type_checker
    mutmut_main.filter_mutants_with_type_checker = filter_mutants_with_type_checker  # type: ignore[attr-defined]


def run_mutmut(args: list[str]) -> None:
    """`mutmut <args>` in this process, with the faster type-error mapping."""
    from mutmut.__main__ import cli

    _fast_type_check_mapping()
    sys.argv = ["mutmut", *args]
    cli()


RETEST = {0, 5, 33}  # survived, no tests collected, no tests associated


def forget_survivors() -> int:
    """Mark surviving mutants unchecked, so that the next run tries them against the current tests."""
    forgotten = 0
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        codes = data.get("exit_code_by_key", {})
        again = [name for name, code in codes.items() if code in RETEST]
        for name in again:
            codes[name] = None
        if again:
            meta.write_text(json.dumps(data))
            forgotten += len(again)
    return forgotten


def main() -> int:
    if sys.argv[1:2] == ["--mutmut"]:
        # Started in the background (nohup, `&` in a script) SIGINT is ignored and the budget's Ctrl-C
        # would never arrive: take it back.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        run_mutmut(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="delete mutants/ and start over")
    parser.add_argument("--summary", action="store_true", help="only summarise the last run")
    parser.add_argument("--retest-survivors", action="store_true", help="check surviving mutants again")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--budget", type=int, default=29 * 60, help="seconds before mutmut is stopped (resumable)")
    args = parser.parse_args()
    os.chdir(ROOT)
    seconds = None
    if not args.summary:
        if args.fresh:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        elif args.retest_survivors:
            print(f"{forget_survivors()} survivors to check again", file=sys.stderr)
        LOG.parent.mkdir(exist_ok=True)
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        started = time.monotonic()
        with LOG.open("w") as log:
            cmd = [sys.executable, __file__, "--mutmut", "run", "--max-children", str(args.max_children)]
            proc = subprocess.Popen(cmd,
                                    stdout=log, stderr=subprocess.STDOUT, env=env)
            try:
                rc = proc.wait(timeout=args.budget)
            except subprocess.TimeoutExpired:  # stop like Ctrl-C: mutmut keeps what it checked, the rest waits
                proc.send_signal(signal.SIGINT)
                rc = proc.wait()
                print(f"stopped after the {args.budget} s budget; `make mutation` again resumes", file=sys.stderr)
                rc = 0
        seconds = round(time.monotonic() - started)
        if rc != 0:
            print(LOG.read_text()[-3000:], file=sys.stderr)
            print(f"mutmut exited {rc}; see {LOG}", file=sys.stderr)
            return rc
    result = summarise()
    if seconds is not None:
        result["seconds"] = seconds
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
