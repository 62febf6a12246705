"""Routes reach services through `lazy_module(...)` (cold start), which mypy cannot see through: each
one must sit in the `else:` of an `if TYPE_CHECKING:` that imports the same module under the same
name, so every route → service call is type checked (docs/api.md, The contract)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUTES = sorted((ROOT / "chalicelib").glob("*/routes.py"))


def _lazy_assignments(nodes: list[ast.stmt]) -> dict[str, str]:
    out = {}
    for node in nodes:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) in ("lazy_module", "schemas")):
            arg = node.value.args[0]
            assert isinstance(arg, ast.Constant)
            for target in node.targets:
                out[ast.unparse(target)] = str(arg.value)
    return out


def _typed_imports(nodes: list[ast.stmt]) -> dict[str, str]:
    out = {}
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return out


def seams(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(lazy names outside the guard, lazy names in its else, names the guard imports)."""
    tree = ast.parse(path.read_text())
    loose = _lazy_assignments(tree.body)
    guarded: dict[str, str] = {}
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            typed.update(_typed_imports(node.body))
            guarded.update(_lazy_assignments(node.orelse))
    return loose, guarded, typed


def test_every_lazy_service_is_visible_to_mypy():
    assert ROUTES
    problems = []
    for path in ROUTES:
        loose, guarded, typed = seams(path)
        name = path.relative_to(ROOT)
        problems += [f"{name}: {n} = lazy ... outside `if TYPE_CHECKING: ... else:`" for n in loose]
        problems += [f"{name}: {n} ({mod}) has no TYPE_CHECKING import"
                     for n, mod in guarded.items() if typed.get(n) != mod]
    assert problems == []


def test_the_check_catches_an_unguarded_service(tmp_path):
    bad = tmp_path / "routes.py"
    bad.write_text('service = lazy_module("chalicelib.x.service")\n')
    assert seams(bad)[0] == {"service": "chalicelib.x.service"}
