"""Words of a listed session, for the word index (`SessionTerm`)."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.catalog.models import Session, SessionTerm

MAX_TERMS = 20
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(text.casefold()):
        if len(w) >= 2 and w not in out:
            out.append(w)
    return out


def session_terms(s: Session) -> list[str]:
    return words(" ".join([s.title, *(str(t) for t in s.topics), s.category]))[:MAX_TERMS]


def items(s: Session) -> list[SessionTerm]:
    if s.visibility != "public":
        return []
    key = f"{int(s.starts_at):012d}#{s.session_id}"
    return [SessionTerm(term=t, sort_key=key, session_id=s.session_id, starts_at=s.starts_at, ends_at=s.ends_at,
                        category=s.category, price_paise=s.price_paise, search_text=s.search_text)
            for t in session_terms(s)]


def put_in(tx: Any, s: Session) -> None:
    for item in items(s):
        tx.save(item)


def delete_in(tx: Any, s: Session) -> None:
    for item in items(s):
        tx.delete(SessionTerm(term=item.term, sort_key=item.sort_key))


def remove(s: Session) -> None:
    """After a session leaves the listing (cancelled, completed)."""
    with SessionTerm.batch_write() as batch:
        for item in items(s):
            batch.delete(SessionTerm(term=item.term, sort_key=item.sort_key))
