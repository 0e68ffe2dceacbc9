"""The one place every unprompted message for a person passes before it is sent.

Today it holds a message inside the person's quiet hours (until they end) and a second
nudge about the same action within an hour of the last one. Pause and a daily message
budget belong here too: each is one more hold, looked up per person, in `hold`.
"""
from __future__ import annotations

from datetime import datetime

from handlers import CoreConfig
from handlers.timing import quiet_hold, spacing_hold
from scheduler.prefs import prefs_for
from scheduler.sources.base import Owed


class Policy:
    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    def hold(self, owed: Owed, now: datetime) -> datetime | None:
        """None: send it now. Otherwise the instant to look at it again."""
        prefs = prefs_for(owed.person, self.config)
        holds = [h for h in (quiet_hold(owed.planned, prefs, now), spacing_hold(owed.last_about_subject, now))
                 if h is not None]
        return max(holds, default=None)
