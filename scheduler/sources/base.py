"""What every source of nudges declares, and what the generic tick hands between its steps.

A source reads what is due in bounded pages (`due`), says what each row owes now (`owed`,
storing the next look for rows that owe nothing), does the database half of composing for a
whole page (`prepare`), composes one message (`compose`, outside any transaction), records
each outcome (`record`), and re-plans a subject whose send was interrupted (`reset`). Each
kind it sends has a duplicates policy: what happens to a claim left `sending`.
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from handlers import Address, Reply
from storage import Nudge, NudgeKind, Person, Unit

log = logging.getLogger("scheduler")

RETRY_LATER = timedelta(seconds=30)  # a send that failed is tried again this much later
BROKEN_RETRY = timedelta(hours=1)  # a message that could not be composed: look again much later


class Duplicates(StrEnum):
    """What a claim left `sending` (the send may or may not have reached the platform) becomes."""

    AT_LEAST_ONCE = "at_least_once"  # sent again: a check-in twice is better than none
    AT_MOST_ONCE = "at_most_once"  # kept, never sent again: a digest twice is worse than none
    # The same policy decides a send whose answer was lost (the platform may have it): retried, or not.


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"  # claimed before: handled already
    GONE = "gone"  # the recipient blocked the bot
    REFUSED = "refused"  # a channel refused the post (the bot is not in it); the person is told
    FAILED = "failed"  # not delivered; the claim was given back, a later tick tries again
    UNKNOWN = "unknown"  # at most once, and the platform may have it (its answer was lost): not sent again
    HELD = "held"  # the policy held it (quiet hours, too soon after the last one): look again later
    SKIPPED = "skipped"  # its moment fell inside a pause (a metric question, a digest): never sent afterwards
    BROKEN = "broken"  # composing it failed (bad stored data): nothing sent, others unaffected


@dataclass
class Owed:
    """A nudge a source owes now; the policy, the composer and the delivery fill in the rest."""

    person: Person
    kind: NudgeKind
    subject_id: int
    anchor: datetime  # what the nudge is about (a deadline, a period, a slot): unique with the kind
    planned: datetime
    lead_minutes: int = 0
    to: Address | None = None  # None: the person's own chat
    last_about_subject: datetime | None = None  # the latest nudge about the same subject
    data: Any = None  # what the source needs to compose and record it
    reply: Reply | None = None
    hold_until: datetime | None = None
    known_since: datetime | None = None  # since when the anchor stood (a deadline's setting): the morning plan
    # folds in only reminders about what it listed
    broken: bool = False  # preparing it failed (bad stored data): recorded as BROKEN, nothing sent

    @property
    def address(self) -> Address:
        return self.to or Address(self.person.platform, self.person.chat_id)


class Source(ABC):
    """Base of every source; see the module docstring for the contract. A source that leaves a
    step out cannot be built, so the registry never holds half a kind."""

    name: str = ""
    kinds: Mapping[NudgeKind, Duplicates] = {}

    @abstractmethod
    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Any]:
        """The rows whose look-again instant has come, at most `limit`, in one bounded read."""

    @abstractmethod
    async def owed(self, u: Unit, rows: Sequence[Any], now: datetime) -> list[Owed]:
        """What each row owes now (the rules of time, in the person's zone); plans the next look."""

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        """The database half of composing, for the whole page at once; returns what is still
        worth sending (a digest of an empty week is not). Default: everything, as it is."""
        return owed

    @abstractmethod
    async def compose(self, owed: Owed, now: datetime) -> Reply:
        """The neutral message for one owed nudge."""

    @abstractmethod
    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        """After the sends: store each subject's next look from its outcome."""

    @abstractmethod
    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        """Look at the row's subject again now, so an interrupted send is sent again."""


def each_owed(owed: list[Owed], prepare: Callable[[Owed], Awaitable[None]]) -> Awaitable[None]:
    """Prepare each nudge on its own: one person's bad data marks theirs broken, no one else's."""
    async def run() -> None:
        for o in owed:
            try:
                await prepare(o)
            except Exception:
                log.exception("preparing %s #%s for person %s failed; the others go on", o.kind, o.subject_id,
                              o.person.id)
                o.broken = True
    return run()


def each_row(rows: Sequence[Any], plan: Callable[[Any], None], failed: Callable[[Any], None]) -> None:
    """Plan every row; one row's error (bad stored data) is logged and costs no one else a nudge."""
    for row in rows:
        try:
            plan(row)
        except Exception:
            subject = row[0] if isinstance(row, tuple) else row
            log.exception("planning a nudge about %s %s failed; the others go on", type(subject).__name__,
                          getattr(subject, "id", "?"))
            failed(row)
