"""For team managers: the team's weekly digest in its channel and the REKS reading by DM,
both worked out from one read of the team's records."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers import Address, CoreConfig, teams
from scheduler.sources.base import Duplicates, Owed, each_owed
from scheduler.sources.weekly import DigestFamily, DueBySlot
from storage import NudgeKind, Team, Unit


class TeamDigests(DigestFamily):
    kinds = {NudgeKind.TEAM_DIGEST: Duplicates.AT_MOST_ONCE, NudgeKind.REKS: Duplicates.AT_MOST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def owed(self, u: Unit, due: DueBySlot, now: datetime) -> list[Owed]:
        owed = []
        for slot, people in due.items():
            for manager in (p for p in people if p.is_coach):
                for team in await u.teams.managed_by(manager.id or 0):
                    owed.append(Owed(manager, NudgeKind.TEAM_DIGEST, team.id or 0, slot, slot, data=team,
                                     to=Address(team.platform, team.channel_id)))  # the channel's, not the manager's
        return owed

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        readings: list[Owed] = []

        async def one(o: Owed) -> None:
            team: Team = o.data
            channel, *reading = await teams.team_digest(u, team, self.config, o.anchor - timedelta(days=7), o.anchor,
                                                        now)
            o.reply, o.to = channel, channel.to
            readings.extend(Owed(o.person, NudgeKind.REKS, o.subject_id, o.anchor, o.planned, to=r.to, data=team,
                                 reply=r) for r in reading)

        await each_owed(owed, one)
        return owed + readings
