"""Nudges: derived from the database each tick, claimed in a ledger, sent once.

`rules` (pure: leads, check-ins, follow-ups, quiet hours), `tick` (the periodic job),
`delivery` (claim, send, record, retry) and `service` (APScheduler wiring).
"""
from scheduler.delivery import Delivery, Job
from scheduler.service import NudgeService
from scheduler.tick import Ticker, TickStats

__all__ = ["Delivery", "Job", "NudgeService", "Ticker", "TickStats"]
