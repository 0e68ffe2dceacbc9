"""What a feature needs to answer one message: the transaction, the person, the clock's
reading and the neutral settings. Passed explicitly, so handlers hold no global state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

from handlers.timing import Prefs, Quiet, leads_from, quiet_from
from handlers.types import Incoming
from handlers.web_links import LinkSigner
from handlers.zones import zone
from storage import Person, Unit


@dataclass(frozen=True)
class CoreConfig:
    """Neutral settings the conversation needs (the bot reads them from the environment)."""

    default_timezone: str = "UTC"
    end_of_day: time = time(17, 0)
    max_text: int = 2000
    bot_name: str = "Followthrough"
    reminder_leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    quiet: Quiet | None = Quiet(time(21, 0), time(8, 0))
    insight_followup_after: timedelta = timedelta(hours=24)
    digest_day: int = 0  # Monday
    digest_time: time = time(8, 0)
    web: LinkSigner | None = None  # signs links to the web pages; None: no pages served
    daily_budget: int = 6  # unprompted messages per person per local day (/budget changes one's own)


def leads_of(person: Person, config: CoreConfig) -> tuple[timedelta, ...]:
    """The person's reminder leads, or the default when they never set any."""
    return leads_from(person.reminder_leads, config.reminder_leads)


def quiet_of(person: Person, config: CoreConfig) -> Quiet | None:
    """The person's quiet hours, None when they switched them off."""
    return quiet_from(person.quiet_hours, config.quiet)


def prefs_of(person: Person, config: CoreConfig) -> Prefs:
    """A person's nudge preferences as the rules need them (zone, leads, quiet hours)."""
    return Prefs(zone(person.timezone, config.default_timezone), leads_of(person, config), quiet_of(person, config))


@dataclass
class Turn:
    u: Unit
    person: Person
    incoming: Incoming
    now: datetime  # aware UTC
    config: CoreConfig = field(default_factory=CoreConfig)
    first_contact: bool = False  # the person was created by this message

    @property
    def tz(self) -> tzinfo:
        return zone(self.person.timezone, self.config.default_timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def zone_name(self) -> str:
        return self.person.timezone or self.config.default_timezone
