"""Notices: a message one person's action addresses to another (a coach's 👋 Nudge, "X joined
as your client", "X stopped sharing", a team's changed visibility), held in the `notice` table
by the handler and sent here, through the recipient's policy like every unprompted message.

One page read gives each due notice with its recipient and its ledger row (one statement); a
notice is deleted once sent, so the ledger row (kind "notice", subject = the notice's id,
anchor = its creation) is all that is kept of it. Sent at least once: a send interrupted
mid-way is sent again, as a reminder would be.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers import CoreConfig, Reply
from handlers.notices import notice_reply
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source
from storage import Notice, Nudge, NudgeKind, NudgeStatus, Person, Unit

Row = tuple[Notice, Person, Nudge | None]


class Notices(Source):
    name = "notices"
    kinds = {NudgeKind.NOTICE: Duplicates.AT_LEAST_ONCE}  # a coach's word twice is better than never

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Row]:
        return await u.notices.due(now, limit)

    async def owed(self, u: Unit, rows: Sequence[Row], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        done: list[int] = []
        looks: list[tuple[int, datetime | None]] = []
        for notice, person, ledger in rows:
            if ledger is None:
                owed.append(Owed(person, NudgeKind.NOTICE, notice.id, notice.created_at, notice.created_at,
                                 data=notice))
            elif ledger.status == NudgeStatus.SENDING:  # in flight, or interrupted: settling decides
                looks.append((notice.id, now + RETRY_LATER))
            else:  # sent (its record was lost), or the recipient is gone
                done.append(notice.id)
        await u.notices.set_checks(looks)
        await u.notices.remove(done)
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        notice: Notice = owed.data
        return notice_reply(notice.text, notice.buttons)

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        done: list[int] = []
        looks: list[tuple[int, datetime | None]] = []
        for owed, outcome in results:
            if outcome in (Outcome.SENT, Outcome.GONE, Outcome.REFUSED, Outcome.UNKNOWN):
                done.append(owed.subject_id)
            elif outcome == Outcome.HELD:
                looks.append((owed.subject_id, owed.hold_until))
            elif outcome == Outcome.BROKEN:
                looks.append((owed.subject_id, now + BROKEN_RETRY))
            else:  # failed, or claimed before: the next look reads the ledger again
                looks.append((owed.subject_id, now + RETRY_LATER))
        await u.notices.set_checks(looks)
        await u.notices.remove(done)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.notices.set_checks([(row.subject_id, now)])
