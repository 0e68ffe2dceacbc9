"""Nudges: derived from the database each tick, claimed in a ledger, sent once.

`sources/` (the registry: one source per family of nudge kinds), `policy` (the one gate every
unprompted message passes), `tick` (the generic loop and the settling of interrupted sends),
`delivery` (claim, send, record, retry) and `service` (APScheduler wiring). The rules of time
themselves are pure functions in `handlers/timing/`.
"""
from scheduler.delivery import Delivery, Job
from scheduler.policy import Policy
from scheduler.service import NudgeService
from scheduler.sources import Duplicates, Outcome, Registry, UnknownKind
from scheduler.stats import TickStats
from scheduler.tick import Ticker

__all__ = ["Delivery", "Duplicates", "Job", "NudgeService", "Outcome", "Policy", "Registry", "Ticker", "TickStats",
           "UnknownKind"]
