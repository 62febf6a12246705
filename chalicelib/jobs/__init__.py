"""Scheduled handlers that act on several contexts at once: session reminders, feedback prompts,
no-shows, the release of earnings on attendance, and the monthly report (docs/architecture.md, Jobs)."""
