"""What a feature needs to answer one message: the transaction, the person, the clock's
reading and the neutral settings. Passed explicitly, so handlers hold no global state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from handlers.types import Incoming
from handlers.zones import zone
from storage import Person, Unit


@dataclass(frozen=True)
class CoreConfig:
    """Neutral settings the conversation needs (the bot reads them from the environment)."""

    default_timezone: str = "UTC"
    end_of_day: time = time(17, 0)
    max_text: int = 2000
    bot_name: str = "Followthrough"


@dataclass
class Turn:
    u: Unit
    person: Person
    incoming: Incoming
    now: datetime  # aware UTC
    config: CoreConfig = field(default_factory=CoreConfig)

    @property
    def tz(self) -> tzinfo:
        return zone(self.person.timezone, self.config.default_timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def zone_name(self) -> str:
        return self.person.timezone or self.config.default_timezone
