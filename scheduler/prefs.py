"""A person's nudge preferences as the rules need them (zone, leads, quiet hours)."""
from __future__ import annotations

from handlers import CoreConfig
from handlers.turn import leads_of, quiet_of
from handlers.zones import zone
from handlers.timing import Prefs
from storage import Person


def prefs_for(person: Person, config: CoreConfig) -> Prefs:
    return Prefs(zone(person.timezone, config.default_timezone), leads_of(person, config), quiet_of(person, config))
