"""The coach's weekly digest: one message over all their clients, those who need attention
first (12 statements for any number of clients)."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers import CoreConfig, digest
from scheduler.sources.base import Duplicates, Owed, each_owed
from scheduler.sources.weekly import DigestFamily, DueBySlot
from storage import NudgeKind, Unit


class CoachDigests(DigestFamily):
    kinds = {NudgeKind.COACH_DIGEST: Duplicates.AT_MOST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def owed(self, u: Unit, due: DueBySlot, now: datetime) -> list[Owed]:
        return [Owed(p, NudgeKind.COACH_DIGEST, p.id or 0, slot, slot)
                for slot, people in due.items() for p in people if p.is_coach]

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        async def one(o: Owed) -> None:
            o.reply = await digest.coach_digest(u, o.person, self.config, o.anchor - timedelta(days=7), o.anchor, now)

        await each_owed(owed, one)
        return owed
