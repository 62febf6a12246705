"""Lazy references to pydantic schema classes.

Building pydantic models costs ~60 ms of import, more than the rest of the app together, and a
Lambda pays it on every cold start even for routes that never run. Routes therefore name their
schemas through `schemas("chalicelib.x.schemas").Name`; the class is imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazySchema:
    __slots__ = ("_cls", "module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._cls: Any = None

    def resolve(self) -> Any:
        if self._cls is None:
            self._cls = getattr(importlib.import_module(self.module), self.name)
        return self._cls

    def __getattr__(self, attr: str) -> Any:
        """`s.MeOut.from_model(...)` in a route: the class's attributes, imported on first use."""
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.resolve(), attr)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazySchema({self.module}.{self.name})"


class _SchemaModule:
    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> LazySchema:
        if name.startswith("__"):
            raise AttributeError(name)
        return LazySchema(self._module, name)


def schemas(module: str) -> Any:
    """`S = schemas("chalicelib.accounts.schemas")`; then `S.SignupIn` is a `LazySchema`."""
    return _SchemaModule(module)


def resolve(ref: Any) -> Any:
    return ref.resolve() if isinstance(ref, LazySchema) else ref


class LazyModule:
    """A module imported on first attribute access.

    Route modules are imported at cold start (Chalice needs the route table), but their services
    — and the PynamoDB model classes behind them — only when a request needs them.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: Any = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


def lazy_module(name: str) -> Any:
    return LazyModule(name)
