"""Title suggestions and topic spelling correction, from the taxonomy (difflib, no network)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from chalicelib.core.taxonomy import CATEGORIES, SKILLS

if TYPE_CHECKING:
    from chalicelib.catalog.schemas import SuggestOut

TEMPLATES = [
    "Master {t} in 1 Hour",
    "{t} from Scratch: A Live Walkthrough",
    "{t} Crash Course for Beginners",
    "Hands-on {t}: Solve Real Problems Live",
    "{t} Interview Prep, One-to-One",
]

_VOCAB = {w.casefold(): w for w in SKILLS + CATEGORIES}
# Subject words mentors type, mapped to a concrete flagship topic for the title.
_FLAGSHIP = {"math": "Algebra", "maths": "Algebra", "mathematics": "Algebra", "coding": "Python",
             "programming": "Python", "design": "UI Design", "finance": "Personal Finance"}


def correct(topic: str) -> str | None:
    key = topic.strip().casefold()
    if not key or key in _VOCAB or key in _FLAGSHIP:
        return None
    match = difflib.get_close_matches(key, list(_VOCAB), n=1, cutoff=0.75)
    return _VOCAB[match[0]] if match else None


def suggest(topics: list[str], category: str | None) -> SuggestOut:
    from chalicelib.catalog.schemas import SuggestOut

    corrections = {t: c for t in topics if (c := correct(t))}
    fixed = [corrections.get(t, t) for t in topics]
    subjects = [_FLAGSHIP.get(t.casefold(), t) for t in fixed] or ([category] if category else [])
    titles: list[str] = []
    for subject in subjects[:3]:
        for template in TEMPLATES:
            title = template.format(t=subject)
            if title not in titles:
                titles.append(title)
    return SuggestOut(titles=titles[:6], corrections=corrections)
