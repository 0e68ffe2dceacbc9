"""The shape shared by the weekly digest families (client, coach, team): each says what it
owes people whose weekly slot has come, how it reads their records for a whole page, and how
it composes one message. `sources/digests.py` reads the slot and records the outcome once."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime

from handlers import Reply
from scheduler.sources.base import Duplicates, Owed
from storage import NudgeKind, Person, Unit

#: people whose slot has come, by slot
DueBySlot = Mapping[datetime, list[Person]]


class DigestFamily(ABC):
    kinds: Mapping[NudgeKind, Duplicates] = {}

    @abstractmethod
    async def owed(self, u: Unit, due: DueBySlot, now: datetime) -> list[Owed]:
        """What this family owes the people whose slot has come (one read per page)."""

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        assert owed.reply is not None, "composed in prepare"
        return owed.reply
