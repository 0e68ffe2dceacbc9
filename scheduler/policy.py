"""The one place every unprompted message for a person passes before it is sent.

Per nudge (`hold`): a pause (/pause, an away Slack status) holds it until the pause ends; quiet
hours hold it until they end; a second nudge about the same action waits out the hour.
Per person, for everything that passed at one tick (`admit`): the daily message budget and
bundling. Whatever one person is owed at once goes out as ONE message (check-ins first); the
day's last allowed message is kept for the evening so nothing is dropped, and once the budget
is spent everything waits for the next local day. A reminder about an action due today is
folded into the morning plan when that went out today. Messages to a channel (a team digest)
are not the person's and pass untouched.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers import Address, CoreConfig
from handlers.timing import (last_call, local_day, messages_today, next_day_start, pause_end, quiet_hold,
                             spacing_hold)
from scheduler.prefs import prefs_for
from scheduler.sources.base import Owed
from storage import Nudge, NudgeKind, Person

MAX_BUNDLE = 20  # items in one bundled message; more wait a minute for the next one
OVERFLOW_WAIT = timedelta(minutes=1)
# The order items take in a bundle, and which go first when not all fit: check-ins at a deadline lead.
PRECEDENCE = {NudgeKind.CHECKIN: 0, NudgeKind.FOLLOWUP: 1, NudgeKind.ASSIGNED: 2, NudgeKind.NOTICE: 3,
              NudgeKind.MORNING: 4, NudgeKind.METRIC: 5, NudgeKind.INSIGHT: 6, NudgeKind.REMINDER: 7}
# Kinds about a moment (a day's metric, a week's digest, a morning): one planned inside a pause lapses.
LAPSES_IN_PAUSE = frozenset({NudgeKind.METRIC, NudgeKind.DIGEST, NudgeKind.COACH_DIGEST, NudgeKind.MORNING,
                             NudgeKind.REKS})
# Reminders are what the morning plan folds in: it already listed the action as due today.
FOLDS_INTO_MORNING = frozenset({NudgeKind.REMINDER})


@dataclass(frozen=True)
class Today:
    """What a person has been sent in their local day so far."""

    messages: int = 0
    morning_message: str | None = None  # the morning plan's message id, once it went out today
    morning_at: datetime | None = None


@dataclass
class Admitted:
    messages: list[list[Owed]] = field(default_factory=list)  # each list: one message (a bundle if > 1)
    held: list[Owed] = field(default_factory=list)  # hold_until set
    folded: list[tuple[Owed, str]] = field(default_factory=list)  # (nudge, the message it is folded into)


def to_someone_else(owed: Owed) -> bool:
    """A post to a channel (a team's digest): not the person's own message, so neither their pause
    nor their budget applies to it."""
    return owed.to is not None and owed.to != Address(owed.person.platform, owed.person.chat_id)


def paused_until(person: Person, now: datetime) -> datetime | None:
    """Until when the person is paused (a command or an away status), None when they are not."""
    return pause_end(person.paused_from, person.paused_until, person.away, person.away_until, now)


class Policy:
    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    @staticmethod
    def paused(owed: Owed, now: datetime) -> bool:
        return not to_someone_else(owed) and paused_until(owed.person, now) is not None

    def hold(self, owed: Owed, now: datetime) -> datetime | None:
        """None: it may go now (subject to the budget). Otherwise the instant to look at it again."""
        prefs = prefs_for(owed.person, self.config)
        paused = None if to_someone_else(owed) else paused_until(owed.person, now)
        holds = [h for h in (paused, quiet_hold(owed.planned, prefs, now), spacing_hold(owed.last_about_subject, now))
                 if h is not None]
        return max(holds, default=None)

    @staticmethod
    def lapsed(owed: Owed) -> bool:
        """A nudge about a moment that a pause covered (the pause's metric days, its digests): not
        sent then, and not afterwards either; its source plans the next one."""
        p = owed.person
        if to_someone_else(owed) or owed.kind not in LAPSES_IN_PAUSE or p.paused_from is None:
            return False
        if p.paused_until is not None and p.paused_from <= owed.planned < p.paused_until:
            return True
        return p.away and p.paused_from <= owed.planned and (p.away_until is None or owed.planned < p.away_until)

    def today(self, people: Sequence[Person], sent: Sequence[Nudge], now: datetime) -> dict[int, Today]:
        """Each person's messages so far in their local day, from their recent ledger rows."""
        rows: dict[int, list[Nudge]] = defaultdict(list)
        for n in sent:
            rows[n.person_id].append(n)
        out: dict[int, Today] = {}
        for person in people:
            mine = [n for n in rows.get(person.id, []) if n.sent_at is not None and n.kind != NudgeKind.TEAM_DIGEST]
            tz = prefs_for(person, self.config).tz
            morning = next((n for n in mine if n.kind == NudgeKind.MORNING
                            and n.sent_at is not None and local_day(n.sent_at, tz) == local_day(now, tz)), None)
            out[person.id] = Today(messages_today(((n.sent_at, n.message_id or str(n.id)) for n in mine
                                                   if n.sent_at is not None), tz, now),
                                   (morning.message_id or str(morning.id)) if morning else None,
                                   morning.sent_at if morning else None)
        return out

    def admit(self, passing: list[Owed], today: dict[int, Today], now: datetime,
              bundles: frozenset[NudgeKind]) -> Admitted:
        """Group what passed `hold` into messages per person, within each person's budget.
        `bundles`: the kinds that may share a message (those sent at least once)."""
        out = Admitted()
        mine: dict[int, list[Owed]] = defaultdict(list)
        for o in passing:
            if to_someone_else(o):  # a channel post: not the person's message
                out.messages.append([o])
            else:
                mine[o.person.id].append(o)
        for pid, items in mine.items():
            self._admit_one(items, today.get(pid, Today()), now, bundles, out)
        return out

    def _admit_one(self, items: list[Owed], today: Today, now: datetime, bundles: frozenset[NudgeKind],
                   out: Admitted) -> None:
        person = items[0].person
        prefs = prefs_for(person, self.config)
        items = sorted(items, key=lambda o: (PRECEDENCE.get(o.kind, 9), o.planned))
        if person.morning_time is not None and today.morning_message is not None and today.morning_at is not None:
            morning_at = today.morning_at
            folded = [o for o in items if o.kind in FOLDS_INTO_MORNING and o.known_since is not None
                      and o.known_since <= morning_at and local_day(o.anchor, prefs.tz) == local_day(now, prefs.tz)]
            out.folded += [(o, today.morning_message) for o in folded]
            items = [o for o in items if o not in folded]
        if not items:
            return
        budget = person.daily_budget or self.config.daily_budget
        left = budget - today.messages
        if left <= 0:
            return self._hold(items, next_day_start(now, prefs.tz), out)
        evening = last_call(now, prefs)
        if left == 1 and budget > 1 and now < evening:  # the last one is kept for the evening
            return self._hold(items, evening, out)
        messages = [[o] for o in items if o.kind not in bundles]
        together = [o for o in items if o.kind in bundles]
        messages += [together[i:i + MAX_BUNDLE] for i in range(0, len(together), MAX_BUNDLE)]
        messages.sort(key=lambda m: PRECEDENCE.get(m[0].kind, 9))
        out.messages += messages[:left]
        self._hold([o for m in messages[left:] for o in m], now + OVERFLOW_WAIT, out)

    @staticmethod
    def _hold(items: list[Owed], until: datetime, out: Admitted) -> None:
        for o in items:
            o.hold_until = until
        out.held += items
