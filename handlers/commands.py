"""The command table: one place that names every command, its aliases, help line and
handler. /help, the platforms' command menus and the router all read it."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers import (actions, capture, coaching, digest, insights, metrics, nudge_settings, privacy, teams,
                      timezone)
from handlers.turn import Turn
from handlers.types import CommandInfo, Reply

Run = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    info: CommandInfo
    run: Run


async def start(turn: Turn, args: str) -> list[Reply]:
    if args.strip():  # a deep link: t.me/<bot>?start=CODE
        return await coaching.join(turn, args)
    name = turn.person.name.split(" ")[0] if turn.person.name else "there"
    text = (f"Hi {name}! I'm your follow-through partner.\n"
            "Tell me what you realised (insights) and what you will do by when (commitments).\n"
            "I keep the list, and you mark things done: /help shows everything.")
    if turn.person.timezone is None:
        await turn.u.pending.clear(turn.person.id, [capture.ASK_TIMEZONE])
        await turn.u.pending.add(turn.person.id, capture.ASK_TIMEZONE, turn.now)
        text += "\n\nWhich time zone are you in? Reply with your city (e.g. Berlin, New York) or /tz +02:00."
        return [Reply(text, ask_location=timezone.SHARE_LOCATION)]
    return [Reply(text)]


async def help_(turn: Turn, args: str) -> list[Reply]:
    lines = ["Here's what I understand:"]
    for c in COMMANDS:
        alias = f" (or /{', /'.join(c.info.aliases)})" if c.info.aliases else ""
        lines.append(f"/{c.info.name}{alias}: {c.info.summary}\n   e.g. {c.info.example}")
    lines.append("You can also just talk: “I'll send the quote by Friday 5pm” is a commitment, "
                 "“Insight: I rush the close” is an insight.")
    return [Reply("\n".join(lines))]


COMMANDS: tuple[Command, ...] = (
    Command(CommandInfo("start", "say hello and set up", "/start"), start),
    Command(CommandInfo("commit", "record an action with a deadline", "/commit Send the proposal to Acme by Friday 5pm",
                        ("do",)), capture.commit),
    Command(CommandInfo("insight", "record something you realised", "/insight I talk more than I listen"),
            capture.insight),
    Command(CommandInfo("actions", "your open actions, soonest first", "/actions", ("list",)), actions.list_actions),
    Command(CommandInfo("done", "mark an action done", "/done 3"), actions.done),
    Command(CommandInfo("move", "give an action a new deadline", "/move 3 next Tuesday 10am"), actions.move),
    Command(CommandInfo("drop", "cancel an action", "/drop 3"), actions.drop),
    Command(CommandInfo("insights", "recent insights and the actions that came from them", "/insights"),
            insights.list_insights),
    Command(CommandInfo("metric", "track a number: add, list, remove",
                        "/metric add calls weekdays at 17:30 target 20 effort"), metrics.metric),
    Command(CommandInfo("log", "record a metric value (for today or a past day)", "/log calls 12 yesterday"),
            metrics.log),
    Command(CommandInfo("digest", "your week in review (the chart as a file: /digest png; clients: /digest clients; "
                        "/digest time DAY HH:MM)",
                        "/digest"), digest.digest),
    Command(CommandInfo("coach", "become a coach and get an invite for clients", "/coach"), coaching.coach),
    Command(CommandInfo("join", "join a coach with their code", "/join CODE"), coaching.join),
    Command(CommandInfo("coaches", "who coaches you", "/coaches"), coaching.coaches),
    Command(CommandInfo("leave", "stop sharing with a coach", "/leave Sam"), coaching.leave),
    Command(CommandInfo("shared", "what your coach sees about you", "/shared"), coaching.shared),
    Command(CommandInfo("clients", "your clients, one line each (coaches)", "/clients"), coaching.clients),
    Command(CommandInfo("assign", "give a client an action (coaches)", "/assign 2 Send the proposal by Friday"),
            coaching.assign),
    Command(CommandInfo("team", "sales teams (in the team's channel): create, join, metric add, digest",
                        "/team join", platforms=("slack",)), teams.team),
    Command(CommandInfo("tz", "set your time zone", "/tz Berlin"), timezone.set_timezone),
    Command(CommandInfo("reminders", "when to remind you before deadlines", "/reminders 1d 2h"),
            nudge_settings.reminders),
    Command(CommandInfo("quiet", "hours when I stay silent", "/quiet 22:00-07:00"), nudge_settings.quiet),
    Command(CommandInfo("export", "download your data (JSON, or CSV)", "/export csv"), privacy.export),
    Command(CommandInfo("forget", "delete all your data", "/forget"), privacy.forget),
    Command(CommandInfo("cancel", "stop waiting for an answer", "/cancel"), capture.cancel),
    Command(CommandInfo("help", "this list", "/help"), help_),
)

BY_NAME: dict[str, Command] = {}
for _c in COMMANDS:
    BY_NAME[_c.info.name] = _c
    for _alias in _c.info.aliases:
        BY_NAME[_alias] = _c
