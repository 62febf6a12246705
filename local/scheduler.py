"""EventBridge schedules, locally: call every `@app.schedule` handler on its rate or cron.

`rate(...)` schedules are compressed: they run every `min(rate, max_interval)` seconds (default
60 s), so hourly sweepers do something while you develop. Per-job overrides come from
`--schedule-interval NAME=SECONDS`. `cron(...)` schedules run at their real (UTC) times. Every job
can be run now with `POST /_dev/schedule/<name>`. Runs of one job never overlap.
"""

from __future__ import annotations

import calendar
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger("local.scheduler")

Runner = Callable[[str, dict[str, Any]], Any]  # (handler name, event) -> result
EventFactory = Callable[[str], dict[str, Any]]

RATE_RE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$", re.IGNORECASE)
CRON_RE = re.compile(r"^cron\((.+)\)$", re.IGNORECASE)
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
MONTHS = {name.upper(): i for i, name in enumerate(calendar.month_abbr) if name}
DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}  # AWS: 1 = Sunday


def rate_seconds(expression: str) -> int | None:
    match = RATE_RE.match(expression.strip())
    if not match:
        return None
    unit = match.group(2).lower().rstrip("s")
    return int(match.group(1)) * UNIT_SECONDS[unit]


class CronUnsupported(ValueError):
    pass


def _parse_field(text: str, low: int, high: int, names: Mapping[str, int] | None = None) -> set[int] | None:
    """One cron field as a set of allowed values; None means any (`*` or `?`)."""
    text = text.strip().upper()
    if text in ("*", "?"):
        return None
    values: set[int] = set()
    for part in text.split(","):
        if any(ch in part for ch in "LW#"):
            raise CronUnsupported(f"cron feature not supported locally: {part}")
        step = 1
        has_step = "/" in part
        if has_step:
            part, step_text = part.split("/", 1)
            step = int(step_text)
        if part in ("*", ""):
            start, end = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            start, end = _value(a, names), _value(b, names)
        else:
            start = _value(part, names)
            end = high if has_step else start
        if start < low or end > high or step < 1:
            raise CronUnsupported(f"cron value out of range: {part}")
        values.update(range(start, end + 1, step))
    return values


def _value(token: str, names: Mapping[str, int] | None) -> int:
    if names and token in names:
        return names[token]
    return int(token)


@dataclass(frozen=True)
class CronSpec:
    minutes: set[int] | None
    hours: set[int] | None
    days_of_month: set[int] | None
    months: set[int] | None
    days_of_week: set[int] | None  # 1 = Sunday ... 7 = Saturday
    years: set[int] | None

    @classmethod
    def parse(cls, expression: str) -> CronSpec:
        match = CRON_RE.match(expression.strip())
        if not match:
            raise CronUnsupported(f"not a cron expression: {expression}")
        fields = match.group(1).split()
        if len(fields) != 6:
            raise CronUnsupported(f"AWS cron needs 6 fields: {expression}")
        return cls(_parse_field(fields[0], 0, 59), _parse_field(fields[1], 0, 23), _parse_field(fields[2], 1, 31),
                   _parse_field(fields[3], 1, 12, MONTHS), _parse_field(fields[4], 1, 7, DAYS),
                   _parse_field(fields[5], 1970, 2199))

    def _day_matches(self, day: datetime) -> bool:
        if self.years is not None and day.year not in self.years:
            return False
        if self.months is not None and day.month not in self.months:
            return False
        if self.days_of_month is not None and day.day not in self.days_of_month:
            return False
        aws_dow = (day.isoweekday() % 7) + 1  # Monday=1 ISO -> 2 AWS; Sunday=7 ISO -> 1 AWS
        return self.days_of_week is None or aws_dow in self.days_of_week

    def next_after(self, after: datetime) -> datetime | None:
        """The first matching minute strictly after `after` (UTC), within ~5 years."""
        start = (after.astimezone(UTC) + timedelta(minutes=1)).replace(second=0, microsecond=0)
        hours = sorted(self.hours) if self.hours is not None else list(range(24))
        minutes = sorted(self.minutes) if self.minutes is not None else list(range(60))
        day = start.replace(hour=0, minute=0)
        for _ in range(366 * 5):
            if self._day_matches(day):
                for hour in hours:
                    for minute in minutes:
                        candidate = day.replace(hour=hour, minute=minute)
                        if candidate >= start:
                            return candidate
            day += timedelta(days=1)
        return None


@dataclass
class Job:
    name: str
    expression: str
    period: float | None = None  # seconds between runs (rate schedules, compressed)
    cron: CronSpec | None = None
    next_run: float | None = None
    last_run: float | None = None
    last_duration_ms: float | None = None
    last_error: str | None = None
    last_result: Any = None
    runs: int = 0
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def schedule_next(self, now: float) -> None:
        if self.period is not None:
            self.next_run = now + self.period
        elif self.cron is not None:
            nxt = self.cron.next_after(datetime.fromtimestamp(now, UTC))
            self.next_run = nxt.timestamp() if nxt else None
        else:
            self.next_run = None

    def describe(self) -> dict[str, Any]:
        def iso(ts: float | None) -> str | None:
            return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z") if ts else None

        return {"name": self.name, "expression": self.expression, "local_period_seconds": self.period,
                "next_run": iso(self.next_run), "last_run": iso(self.last_run), "runs": self.runs,
                "failures": self.failures, "last_error": self.last_error, "last_duration_ms": self.last_duration_ms}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


class Scheduler:
    def __init__(self, jobs: Mapping[str, str], run: Runner, make_event: EventFactory, *,
                 max_interval: float = 60.0, overrides: Mapping[str, float] | None = None,
                 enabled: bool = True) -> None:
        """`jobs` maps handler name -> schedule expression (`rate(...)` / `cron(...)`)."""
        self._run = run
        self._make_event = make_event
        self.jobs: dict[str, Job] = {}
        overrides = overrides or {}
        automatic = enabled and max_interval > 0  # 0: only on demand (and explicit overrides)
        now = time.time()
        for name, expression in jobs.items():
            job = Job(name=name, expression=expression)
            seconds = rate_seconds(expression)
            if name in overrides:
                job.period = float(overrides[name])
            elif not automatic:
                pass
            elif seconds is not None:
                job.period = float(min(seconds, max_interval))
            else:
                try:
                    job.cron = CronSpec.parse(expression)
                except (CronUnsupported, ValueError) as exc:
                    log.warning("schedule %s (%s) runs only on demand locally: %s", name, expression, exc)
            job.schedule_next(now)
            self.jobs[name] = job
        self.enabled = any(j.next_run is not None for j in self.jobs.values())
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if not self.enabled or not self.jobs:
            return
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = time.time()
            due = [j for j in self.jobs.values() if j.next_run is not None and j.next_run <= now]
            for job in due:
                if self._stop.is_set():
                    return
                job.schedule_next(time.time())
                self._execute(job, trigger="schedule")
            pending = [j.next_run for j in self.jobs.values() if j.next_run is not None]
            delay = max(0.05, min(pending) - time.time()) if pending else 3600.0
            self._wake.wait(min(delay, 3600.0))
            self._wake.clear()

    def _execute(self, job: Job, *, trigger: str) -> dict[str, Any]:
        with job.lock:
            started = time.time()
            event = self._make_event(job.name)
            ok, result, error = True, None, None
            try:
                result = self._run(job.name, event)
            except Exception as exc:
                ok, error = False, f"{type(exc).__name__}: {exc}"
                log.exception("scheduled handler %s failed (%s)", job.name, trigger)
            duration_ms = round((time.time() - started) * 1000, 1)
            job.runs += 1
            job.last_run = started
            job.last_duration_ms = duration_ms
            job.last_error = error
            job.last_result = _jsonable(result)
            if not ok:
                job.failures += 1
            else:
                log.info("scheduled handler %s ran (%s, %.0f ms)", job.name, trigger, duration_ms)
            return {"name": job.name, "ok": ok, "result": job.last_result, "error": error,
                    "duration_ms": duration_ms, "event": event}

    def trigger(self, name: str) -> dict[str, Any]:
        job = self.jobs.get(name)
        if job is None:
            raise KeyError(name)
        return self._execute(job, trigger="manual")

    def describe(self) -> list[dict[str, Any]]:
        return [j.describe() for j in self.jobs.values()]
