"""The backend's layer order, enforced over every import the code can make.

Each context may import only itself and the contexts below it; `core` imports none. Imports are
read from the source (ast): module-level, function-local, and lazy string imports
(`lazy_module("chalicelib.x")`, `schemas("chalicelib.x.schemas")`, `import_module(...)`) all count,
so a reaction that runs upward cannot hide behind a late import. Composition modules at the top
(`chalicelib/tables.py`) may import anything and nothing under a context may import them.
Mirrors `frontend/src/architecture.test.ts`; the drawing is in docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"

LAYERS = ["core", "accounts", "realtime", "notifications", "catalog", "bookings", "live_requests", "messages",
          "payments", "rooms", "live", "jobs", "dashboards", "meta", "events"]
COMPOSITION = {"chalicelib.tables"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts}


def _resolve(name: str) -> str | None:
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, source: str | None = None) -> set[str]:
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("chalicelib."):
            names = [node.value.split(":")[0]]  # any dotted string naming a module is a (lazy) import
        for name in names:
            target = _resolve(name)
            if target and target != module:
                found.add(target)
    return found


GRAPH = {m: imports_of(m) for m in MODULES}


def context(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "chalicelib"


def test_every_context_has_a_place_in_the_layer_order():
    contexts = {context(m) for m in MODULES if m not in COMPOSITION and m != "chalicelib"}
    assert contexts <= set(LAYERS), f"unplaced contexts: {sorted(contexts - set(LAYERS))}"


def test_no_context_imports_upward():
    upward = []
    for module, targets in GRAPH.items():
        if module in COMPOSITION or module == "chalicelib":
            continue
        for target in targets:
            if target in COMPOSITION:
                upward.append(f"{module} → {target} (composition)")
            elif LAYERS.index(context(target)) > LAYERS.index(context(module)):
                upward.append(f"{module} → {target}")
    assert sorted(upward) == []


def test_no_import_cycles_between_modules():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_guard_sees_lazy_and_function_local_imports():
    sample = ("def f():\n    from chalicelib.payments import capture\n"
              "    return lazy_module('chalicelib.bookings.service'), schemas('chalicelib.catalog.schemas')\n")
    assert imports_of("chalicelib.core.lazy", sample) == {
        "chalicelib.payments", "chalicelib.payments.capture", "chalicelib.bookings.service",
        "chalicelib.catalog.schemas"}
