"""Shared test support: real helper services the test tiers start (coturn)."""
