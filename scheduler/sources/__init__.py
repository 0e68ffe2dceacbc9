"""The nudge registry: every kind of unprompted message, the source that owes it, and its
duplicates policy. The tick loops over `Registry.sources`; settling an interrupted send looks
its kind up here, and a kind no source declares raises `UnknownKind`.

Adding a kind: a member of `storage.kinds.NudgeKind`, a source module here (or a family in
an existing one) declaring the kind with its `Duplicates` policy, its composer in
`handlers/`, a migration for any new look-again column, and the source in `Registry`.
"""
from __future__ import annotations

from handlers import CoreConfig
from scheduler.sources.actions import ActionNudges
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source
from scheduler.sources.digests import WeeklyDigests
from scheduler.sources.insights import InsightNudges
from scheduler.sources.metrics import MetricQuestions
from scheduler.sources.morning import MorningPlans
from scheduler.sources.notices import Notices
from scheduler.sources.reviews import ReviewSittings
from scheduler.sources.series import SeriesOccurrences
from scheduler.sources.sessions import SessionNudges
from storage import NudgeKind


class UnknownKind(LookupError):
    """A ledger row of a kind no source declares: a bug or a newer version's row, never guessed at."""


class Registry:
    def __init__(self, config: CoreConfig) -> None:
        self.digests = WeeklyDigests(config)
        # The frequent nudges; weekly digests run in a job of their own (a Monday batch never delays them).
        # Series first: an occurrence made in a tick is looked at by the action source in the same tick.
        self.nudges: tuple[Source, ...] = (SeriesOccurrences(config), MorningPlans(config), ActionNudges(config),
                                           Notices(config), InsightNudges(config), MetricQuestions(config),
                                           SessionNudges(config), ReviewSittings(config))
        self.sources: tuple[Source, ...] = self.nudges + (self.digests,)
        self._by_kind = {kind: source for source in self.sources for kind in source.kinds}
        # Kinds that may share one bundled message (the policy's bundling): those sent at least once,
        # so a crash mid-bundle sends every item again rather than losing one.
        self.bundles = frozenset(k for s in self.sources for k, d in s.kinds.items() if d == Duplicates.AT_LEAST_ONCE)
        missing = set(NudgeKind) - set(self._by_kind)
        assert not missing, f"kinds without a source: {missing}"

    def source_of(self, kind: str) -> Source:
        try:
            return self._by_kind[NudgeKind(kind)]
        except (ValueError, KeyError):
            raise UnknownKind(f"no source sends nudges of kind {kind!r}") from None

    def duplicates(self, kind: str) -> Duplicates:
        return self.source_of(kind).kinds[NudgeKind(kind)]


__all__ = ["Registry", "UnknownKind", "Source", "Owed", "Outcome", "Duplicates", "RETRY_LATER", "BROKEN_RETRY"]
