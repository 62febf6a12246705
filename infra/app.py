#!/usr/bin/env python3
"""CDK app of PeerLearn. One stack per stage, chosen by context: `-c stage=dev|prod` (default dev).

    cd infra && npx aws-cdk@2.1148.x synth -c stage=prod      # through the CDK CLI (reads cdk.json)
    python infra/app.py -c stage=prod                           # directly, no CLI, no credentials

Only a region is needed to synthesize (CDK_DEFAULT_REGION, AWS_REGION or AWS_DEFAULT_REGION). Other
context keys are listed in infra/config.py and docs/operations.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
INFRA_DIR = Path(__file__).resolve().parent
REPO_ROOT = INFRA_DIR.parent
# The repo root must come before infra/ on sys.path: `import app` means the Chalice app, not this file.
if sys.path[:1] != [str(REPO_ROOT)]:
    sys.path.insert(0, str(REPO_ROOT))

import aws_cdk as cdk  # noqa: E402

from infra.config import ConfigError, load_config  # noqa: E402
from infra.stacks.peerlearn_stack import PeerLearnStack, stack_id  # noqa: E402

FEATURE_FLAGS = {
    # One statement per action set instead of one per grant: keeps the Lambda role's inline policy small.
    "@aws-cdk/aws-iam:minimizePolicies": True,
}


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    path.mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def build_app(context: Mapping[str, Any] | None = None, outdir: str | None = None) -> tuple[cdk.App, PeerLearnStack]:
    """The CDK app with the stack of the stage in `context` (not synthesized yet)."""
    outdir = outdir or os.environ.get("CDK_OUTDIR") or str(INFRA_DIR / "cdk.out")
    app = cdk.App(outdir=outdir, context={**FEATURE_FLAGS, **(context or {})})
    from infra.appmodel import app_defaults

    cfg = load_config(app.node.try_get_context, default_sender=app_defaults().email_sender)
    # `chalice package` builds a botocore session to name service principals: it needs the region.
    os.environ.setdefault("AWS_DEFAULT_REGION", cfg.region)
    # chalice.cdk.Chalice writes its packages to ./chalice.out: keep them next to the assembly.
    with _cwd(Path(outdir).resolve().parent):
        stack = PeerLearnStack(app, stack_id(cfg.stage), cfg=cfg)
    return app, stack


def parse_context_args(argv: Sequence[str]) -> dict[str, str]:
    """`-c key=value` / `--context key=value` when run as `python infra/app.py` (the CLI uses env)."""
    context: dict[str, str] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-c", "--context") and args:
            key, sep, value = args.pop(0).partition("=")
            if not sep:
                raise ConfigError(f"context must be key=value, got {key!r}")
            context[key] = value
        else:
            raise ConfigError(f"unexpected argument {arg!r} (use -c key=value)")
    return context


def main(argv: Sequence[str]) -> int:
    try:
        app, stack = build_app(parse_context_args(argv))
    except ConfigError as exc:
        print(f"infra: {exc}", file=sys.stderr)
        return 2
    assembly = app.synth()
    # chalice's packages were staged into the assembly as assets; the per-synth copies are not needed.
    shutil.rmtree(Path(assembly.directory).resolve().parent / "chalice.out", ignore_errors=True)
    elapsed = time.perf_counter() - STARTED  # includes importing aws_cdk (jsii starts node)
    print(
        f"[infra] synthesized {stack.stack_name} ({stack.chalice.packaging_mode} package) into "
        f"{assembly.directory} in {elapsed:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
