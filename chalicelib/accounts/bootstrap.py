"""Creating the first admin (by command, never with a default password) and the opt-in demo catalog."""

from __future__ import annotations

from chalicelib.accounts.models import User
from chalicelib.accounts.passwords import hash_password, password_problem
from chalicelib.accounts.service import create_user, find_by_email
from chalicelib.core import clock
from chalicelib.core.ids import new_secret

DEMO_MENTORS = [
    ("Demo Mentor · Priya (sample)", "demo.priya@peerlearn.in", ["Programming", "Data Science"],
     ["Python", "Pandas", "Machine Learning"], "Sample profile for the local demo: Python and data."),
    ("Demo Mentor · Arjun (sample)", "demo.arjun@peerlearn.in", ["Mathematics"],
     ["Algebra", "Calculus", "Statistics"], "Sample profile for the local demo: school and college maths."),
    ("Demo Mentor · Meera (sample)", "demo.meera@peerlearn.in", ["Design"],
     ["Figma", "UI Design", "UX Research"], "Sample profile for the local demo: product design."),
    ("Demo Mentor · Kabir (sample)", "demo.kabir@peerlearn.in", ["Career", "Communication"],
     ["Interview Preparation", "Public Speaking"], "Sample profile for the local demo: careers."),
]


def ensure_admin(email: str, password: str, totp_secret: str) -> str:
    """Create the admin, or reset its password and TOTP secret if it exists. Returns the user id."""
    email = email.strip().lower()
    problem = password_problem(password)
    if problem:
        raise ValueError(f"admin password rejected: {problem}")
    existing = find_by_email(email)
    if existing is not None:
        if existing.role != "admin":
            raise ValueError(f"{email} belongs to a {existing.role}, not an admin")
        existing.update(actions=[User.password_hash.set(hash_password(password)), User.totp_secret.set(totp_secret),
                                 User.locked_until.set(0), User.failed_logins.set(0), User.admin_key.set("admin"),
                                 User.updated_at.set(clock.now_int())])
        return existing.user_id
    user = create_user(role="admin", name="Admin", email=email, password=password, verified=True,
                       totp_secret=totp_secret)
    return user.user_id


def load_demo_mentors() -> int:
    """Opt-in (`--demo`) sample mentors, clearly labelled and flagged `is_demo`. Idempotent."""
    created = 0
    for name, email, domains, skills, bio in DEMO_MENTORS:
        if find_by_email(email) is not None:
            continue
        create_user(role="mentor", name=name, email=email, password=new_secret(24), verified=True, demo=True,
                    profile={"domains": domains, "skills": skills, "bio": bio,
                             "qualifications": "Demo data — not a real person."})
        created += 1  # listed in the directory through the profile.updated event create_user records
    return created
