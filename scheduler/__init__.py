"""Nudges: derived from the database each tick, claimed in a ledger, sent once.

`rules` (pure: leads, check-ins, follow-ups, quiet hours), `tick` (the periodic job),
`delivery` (claim, send, record, retry) and `service` (APScheduler wiring).
"""
from scheduler.delivery import Delivery, Job
from scheduler.service import NudgeService
from scheduler.digests import DigestTicker
from scheduler.stats import TickStats
from scheduler.tick import Ticker

__all__ = ["Delivery", "DigestTicker", "Job", "NudgeService", "Ticker", "TickStats"]
