"""pytest plugin for `make mutation` (mutmut 3): which tests may judge which module's mutants.

mutmut runs the selected suite once ("stats") and remembers, per function, every test that called it;
each mutant of that function is then judged by those tests. Functions such as `decode_access_token`
are called by every API test, so without a narrower choice one surviving mutant would re-run the
whole functional suite. `SELECTION` says, per mutated module, which tests count: the fast pure tier
always, plus the functional tests of that module's own context. A test outside a module's selection
is dropped from that module's associations during stats and deselected if it is ever asked to run.

Tests run pure tier first and then fastest first, so a killed mutant usually dies in milliseconds.
Loaded only by mutmut (see `[tool.mutmut] pytest_add_cli_args` in pyproject.toml).
"""

from __future__ import annotations

from typing import Any

import pytest

UNIT = "tests/unit/"

# module (dotted) prefix -> test nodeid prefixes allowed to judge its mutants (first match wins)
SELECTION: list[tuple[str, tuple[str, ...]]] = [
    # pure modules: their own unit tests judge them (every API test calls them, incidentally)
    ("chalicelib.core.jwt_tokens", (UNIT,)),
    ("chalicelib.core.access", (UNIT,)),
    ("chalicelib.bookings.service", (UNIT, "tests/functional/bookings/",
                                     "tests/functional/payments/test_payments_money.py")),
    # the sweep that releases earnings is driven by the scheduled job (chalicelib.jobs.earnings): its
    # tests are the ones that move the clock past the dispute window with attendance stored
    ("chalicelib.payments.jobs", (UNIT, "tests/functional/payments/",
                                  "tests/functional/jobs/test_feedback_and_release.py",
                                  "tests/functional/jobs/test_noshows.py")),
    ("chalicelib.payments", (UNIT, "tests/functional/payments/")),
]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Warm the fork server: import the app and the services its routes load lazily, so that
    every mutant's worker starts with them imported (a forked process shares them)."""
    if _mutant_under_test() not in ("", "mutant_generation") or not session.config.option.collectonly:
        return
    import importlib

    for name in ("app", "chalicelib.bookings.service", "chalicelib.bookings.refunds", "chalicelib.catalog.service",
                 "chalicelib.live_requests.service", "chalicelib.payments.capture", "chalicelib.payments.orders",
                 "chalicelib.payments.refunds", "chalicelib.payments.views", "chalicelib.payments.webhooks",
                 "chalicelib.payments.withdrawals", "chalicelib.payments.reconciliation",
                 "chalicelib.payments.jobs", "chalicelib.payments.gateway", "chalicelib.accounts.service",
                 "chalicelib.notifications.service", "local.razorpay_standin", "razorpay", "jwt", "argon2"):
        importlib.import_module(name)
    # Signing up the fixtures' users hashes passwords: argon2's cheapest parameters, for speed only
    # (passwords.py is not mutated; hashing and verifying stay real).
    from argon2 import PasswordHasher

    from chalicelib.accounts import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    passwords._hasher = lambda: cheap  # type: ignore[assignment]
    # The functional tests' AWS worlds (tables, queues, the market's three users): built once here,
    # every worker restores a copy of them per test instead of building them again (original code:
    # the fork server runs no mutant).
    from tests.functional.conftest import prepare_world

    prepare_world("base", "market")
    import gc

    gc.collect()
    gc.freeze()  # the workers fork from here: nothing imported so far needs the collector's attention


def allowed_tests(module: str) -> tuple[str, ...] | None:
    for prefix, tests in SELECTION:
        if module == prefix or module.startswith(prefix + "."):
            return tests
    return None  # not a mutated module


def _module_of(name: str) -> str:
    """`chalicelib.core.access.x_allow` or `...x_allow__mutmut_3` -> `chalicelib.core.access`."""
    return name.rpartition(".")[0]


def _judges(module: str, nodeid: str) -> bool:
    tests = allowed_tests(module)
    return tests is None or nodeid.startswith(tests)


def _mutant_under_test() -> str:
    from mutmut.mutation.trampoline import get_mutant_under_test

    return get_mutant_under_test()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: Any) -> Any:
    yield
    if _mutant_under_test() != "stats":
        return
    from mutmut.state import state

    nodeid = item.nodeid.removeprefix("mutants/")
    for function, tests in state().tests_by_mangled_function_name.items():
        if nodeid in tests and not _judges(_module_of(function), nodeid):
            tests.discard(nodeid)


# Which functional tests judge one function: every cheap one (≤ CHEAP_SECONDS in the stats run: the
# direct-call tests such as test_ledger_post.py, which assert exactly what a function stores), plus at
# most MAX_FUNCTIONAL_TESTS slower ones (its own context's first, then the fastest). A surviving mutant
# re-runs all of them; a killed one usually dies on the first, as they run fastest first.
MAX_FUNCTIONAL_TESTS = 8
CHEAP_SECONDS = 1.0
CONTEXT_TESTS = {"chalicelib.bookings": "tests/functional/bookings/",
                 "chalicelib.payments": "tests/functional/payments/"}


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _mutant_under_test() != "stats":
        return
    from mutmut.state import state

    durations = state().duration_by_test
    for function, tests in state().tests_by_mangled_function_name.items():
        module = _module_of(function)
        own = next((path for prefix, path in CONTEXT_TESTS.items() if module.startswith(prefix)), "tests/functional/")
        slow = sorted((t for t in tests if not t.startswith(UNIT) and durations.get(t, 0.0) > CHEAP_SECONDS),
                      key=lambda t: (not t.startswith(own), durations.get(t, 0.0), t))
        tests.difference_update(slow[MAX_FUNCTIONAL_TESTS:])


def _speed_rank(item: pytest.Item) -> tuple[int, float]:
    from mutmut.state import state

    return (0 if item.nodeid.startswith(UNIT) else 1, state().duration_by_test.get(item.nodeid, 0.0))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = _mutant_under_test()
    if mutant in ("", "stats", "fail", "mutant_generation"):
        if mutant == "fail":  # the setup check: the first test through a trampoline fails, so run a fast one first
            items.sort(key=_speed_rank)
        return
    module = _module_of(mutant)
    keep = [i for i in items if _judges(module, i.nodeid)]
    dropped = [i for i in items if not _judges(module, i.nodeid)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    keep.sort(key=_speed_rank)
    items[:] = keep
