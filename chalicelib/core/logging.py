"""The structured logger shared by every context (Powertools Logger; Tracer stays out: it is heavy)."""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="peerlearn")
