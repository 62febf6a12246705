"""The dev mailbox: every email the app sent through SES (moto), readable by humans and tests.

moto keeps sent mail in its SES backend (`ses_backends[account][region].sent_messages`, shared by
SES v1 and v2), in its own process (`local.moto_process`). There `SesOutbox` reads it and adds the
send time, which moto does not record, by wrapping that list once at start-up; it serves the result
at `/_local/mail`, which `Mailbox` reads for the stack's `/_dev/mailbox` pages.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import html
import json
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from typing import Any

from local.events import ACCOUNT_ID

CODE_RE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TAG_RE = re.compile(r"<[^>]+>")


class _TimestampedList(list[Any]):
    """moto's `sent_messages`, noting when each message was appended."""

    def append(self, item: Any) -> None:
        with contextlib.suppress(AttributeError):
            item._local_sent_at = time.time()
        super().append(item)


@dataclass(frozen=True)
class Mail:
    id: str
    sender: str
    to: list[str]
    subject: str
    text: str
    html: str | None
    timestamp: float

    @property
    def codes(self) -> list[str]:
        seen: list[str] = []
        for code in CODE_RE.findall(f"{self.subject}\n{self.text}"):
            if code not in seen:
                seen.append(code)
        return seen

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.sender, "to": self.to, "subject": self.subject,
                "body": self.text, "html": self.html, "codes": self.codes,
                "timestamp": datetime.fromtimestamp(self.timestamp, UTC).isoformat().replace("+00:00", "Z"),
                "timestamp_epoch": self.timestamp}


def _html_to_text(markup: str) -> str:
    text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", "", markup)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>|</tr>", "\n", text)
    text = html.unescape(TAG_RE.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _addresses(values: Any) -> list[str]:
    if isinstance(values, dict):
        flat = [a for key in ("ToAddresses", "CcAddresses", "BccAddresses") for a in values.get(key) or []]
    elif isinstance(values, (list, tuple)):
        flat = list(values)
    else:
        flat = []
    return [addr for _, addr in getaddresses([str(v) for v in flat]) if addr]


def _from_raw(raw: str) -> tuple[str, str, str | None, list[str]]:
    parsed = email.message_from_string(raw, policy=email.policy.default)
    subject = str(parsed.get("Subject", ""))
    text, markup = "", None
    if isinstance(parsed, EmailMessage):
        plain = parsed.get_body(preferencelist=("plain",))
        rich = parsed.get_body(preferencelist=("html",))
        if plain is not None and isinstance(plain, EmailMessage):
            text = str(plain.get_content())
        if rich is not None and isinstance(rich, EmailMessage):
            markup = str(rich.get_content())
    if not text and markup:
        text = _html_to_text(markup)
    to = [addr for _, addr in getaddresses([str(v) for v in parsed.get_all("To", [])]) if addr]
    return subject, text, markup, to


def _convert(message: Any) -> Mail:
    sent_at = float(getattr(message, "_local_sent_at", 0.0) or time.time())
    sender = parseaddr(str(getattr(message, "source", "") or ""))[1]
    mid = str(getattr(message, "id", ""))
    if hasattr(message, "raw_data"):
        subject, text, markup, to = _from_raw(str(message.raw_data))
        to = _addresses(getattr(message, "destinations", [])) or to
        return Mail(mid, sender, to, subject, text, markup, sent_at)
    if hasattr(message, "template"):
        text = f"[template {message.template}] {getattr(message, 'template_data', '')}"
        return Mail(mid, sender, _addresses(message.destinations), f"(template {message.template})", text, None,
                    sent_at)
    body = str(getattr(message, "body", "") or "")
    is_html = bool(re.search(r"(?i)<(html|body|p|div|br|table)\b", body))
    return Mail(mid, sender, _addresses(getattr(message, "destinations", {})),
                str(getattr(message, "subject", "") or ""), _html_to_text(body) if is_html else body,
                body if is_html else None, sent_at)


class SesOutbox:
    """The mail in moto's SES backend, in the process moto runs in."""

    def __init__(self, region: str, account_id: str = ACCOUNT_ID) -> None:
        self.region = region
        self.account_id = account_id

    def _backend(self) -> Any:
        from moto.ses.models import ses_backends

        return ses_backends[self.account_id][self.region]

    def install(self) -> None:
        backend = self._backend()
        if not isinstance(backend.sent_messages, _TimestampedList):
            backend.sent_messages = _TimestampedList(backend.sent_messages)

    def messages(self, to: str | None = None, limit: int | None = None) -> list[Mail]:
        items = [_convert(m) for m in list(self._backend().sent_messages)]
        if to:
            wanted = to.strip().lower()
            items = [m for m in items if any(a.lower() == wanted for a in m.to)]
        items.reverse()  # newest first (moto appends in send order)
        return items[:limit] if limit else items

    def clear(self) -> None:
        self._backend().sent_messages.clear()


class Mailbox:
    """The same mail, read from the moto process over its `/_local/mail` route."""

    def __init__(self, moto_url: str) -> None:
        self.url = moto_url.rstrip("/") + "/_local/mail"

    def messages(self, to: str | None = None, limit: int | None = None) -> list[Mail]:
        query = urllib.parse.urlencode({k: v for k, v in (("to", to), ("limit", limit)) if v})
        with _DIRECT.open(f"{self.url}?{query}" if query else self.url, timeout=10) as resp:
            return [Mail(**item) for item in json.loads(resp.read())]

    def clear(self) -> None:
        _DIRECT.open(urllib.request.Request(self.url, method="DELETE"), timeout=10).close()


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


def render_html(mails: list[Mail], *, to: str | None, public_url: str) -> str:
    esc = html.escape
    rows = []
    for mail in mails:
        codes = "".join(f'<span class="code">{esc(c)}</span>' for c in mail.codes)
        when = datetime.fromtimestamp(mail.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        rows.append(
            f'<article class="mail"><header><h2>{esc(mail.subject) or "(no subject)"}</h2>'
            f'<dl><dt>To</dt><dd>{esc(", ".join(mail.to))}</dd><dt>From</dt><dd>{esc(mail.sender)}</dd>'
            f'<dt>Sent</dt><dd><time datetime="{esc(mail.as_json()["timestamp"])}">{esc(when)}</time></dd></dl>'
            f'{f"<p class=codes>Codes: {codes}</p>" if codes else ""}</header>'
            f'<pre>{esc(mail.text)}</pre></article>'
        )
    filter_note = (f'<p>Showing mail to <strong>{esc(to)}</strong> · <a href="?">show all</a></p>' if to else "")
    body = "\n".join(rows) if rows else '<p class="empty">No mail yet. Sign up or ask for a code, then refresh.</p>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev mailbox — local only · PeerLearn</title>
<style>
body{{font-family:Inter,system-ui,sans-serif;background:#F7F7F5;color:#111;margin:0;padding:1.5rem;font-size:16px}}
.banner{{background:#1E3A8A;color:#fff;padding:.75rem 1rem;border-radius:.5rem}}
.banner a{{color:#fff}}
.mail{{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:1rem;margin:1rem 0}}
.mail h2{{margin:0 0 .5rem;font-size:1.1rem}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:0}}
dt{{font-weight:600}} dd{{margin:0}}
pre{{white-space:pre-wrap;word-break:break-word;background:#f3f3f1;padding:.75rem;border-radius:.35rem}}
.code{{font:700 1.4rem ui-monospace,monospace;letter-spacing:.15em;background:#FFF1EC;border:1px solid #FF5734;
border-radius:.35rem;padding:.1rem .5rem;margin-right:.5rem;user-select:all}}
</style></head><body>
<div class="banner" role="note"><h1 style="margin:0;font-size:1.25rem">Dev mailbox — local only</h1>
<p style="margin:.25rem 0 0">Emails the local stack would have sent. Nothing leaves this machine.
<a href="{esc(public_url)}">Back to the app</a> · <a href="/_dev/mailbox.json">JSON</a> ·
<a href="">Refresh</a></p></div>
{filter_note}
<form method="get"><label>Filter by recipient <input type="email" name="to" value="{esc(to or "")}"></label>
<button type="submit">Filter</button></form>
<main>{body}</main></body></html>"""
