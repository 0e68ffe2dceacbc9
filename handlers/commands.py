"""The command table: one place that names every command, its aliases, help line and
handler. /help, the platforms' command menus and the router all read it."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers import (actions, assigning, budget, capture, card_view, coaching, dashboard, digest, goals, insights,
                      lessons, metrics, morning, nudge_settings, observe, onboarding, pause, privacy, quiz, record_chat,
                      recurring, reviews, sessions, skills, snooze_words, teams, timezone)
from handlers.turn import Turn
from handlers.types import CommandInfo, Reply
from handlers.refs import CMD

Run = Callable[[Turn, str], Awaitable[list[Reply]]]


# What may follow a command's word when it is typed without the slash (terminal, Slack DM). Without
# the slash "leave early on Friday" or "forget to call" are sentences, so each command says which
# arguments still make the line a command; None: only with the slash.
ALONE = ""                  # the word on its own: "actions", "digest"
TEXT = r".+"                # anything after it: "commit call Anna by Friday"
NUMBER = r"#?\d+\b.*"       # a number first: "done 3", "move 2 Friday"


@dataclass(frozen=True)
class Command:
    info: CommandInfo
    run: Run
    bare: tuple[str, ...] = ()   # patterns (ALONE, TEXT, NUMBER or one of its own) for the slash-less form


async def start(turn: Turn, args: str) -> list[Reply]:
    if args.strip():  # a deep link: t.me/<bot>?start=CODE
        return await coaching.join(turn, args)
    name = turn.person.name.split(" ")[0] if turn.person.name else "there"
    text = (f"Hi {name}! I'm your follow-through partner.\n"
            "Tell me what you realised (insights) and what you will do by when (commitments).\n"
            f"I keep the list, and you mark things done: {CMD}help shows everything.")
    return [onboarding.with_question(Reply(text), await onboarding.ask_zone(turn))]


async def help_(turn: Turn, args: str) -> list[Reply]:
    lines = ["Here's what I understand:"]
    for c in COMMANDS:
        alias = f" (or {CMD}" + f", {CMD}".join(c.info.aliases) + ")" if c.info.aliases else ""
        lines.append(f"{CMD}{c.info.name}{alias}: {c.info.summary}\n   e.g. {c.info.example}")
    lines.append("You can also just talk: “I'll send the quote by Friday 5pm” is a commitment, "
                 "“Insight: I rush the close” is an insight.")
    return [Reply("\n".join(lines))]


COMMANDS: tuple[Command, ...] = (
    Command(CommandInfo("start", "say hello and set up", f"{CMD}start"), start, (ALONE,)),
    Command(CommandInfo("commit", "record an action with a deadline",
                        f"{CMD}commit Send the proposal to Acme by Friday 5pm",
                        ("do",)), goals.commit, (TEXT,)),
    Command(CommandInfo("insight", "record something you realised", f"{CMD}insight I talk more than I listen"),
            capture.insight, (TEXT,)),
    Command(CommandInfo("actions", "your open actions, soonest first", f"{CMD}actions", ("list",)),
            actions.list_actions,
            (ALONE,)),
    Command(CommandInfo("done", "mark an action done", f"{CMD}done 3"), actions.done, (NUMBER,)),
    Command(CommandInfo("move", "give an action a new deadline", f"{CMD}move 3 next Tuesday 10am"), actions.move,
            (NUMBER,)),
    Command(CommandInfo("drop", "cancel an action", f"{CMD}drop 3"), actions.drop, (NUMBER,)),
    Command(CommandInfo("skip", "skip the next time of a repeating action", f"{CMD}skip 12"), recurring.skip,
            (NUMBER,)),
    Command(CommandInfo("stop", "end a repeating action (its history stays)", f"{CMD}stop 12"), recurring.stop,
            (NUMBER,)),
    Command(CommandInfo("snooze", "remind me later; the deadline stays", f"{CMD}snooze 3 tomorrow"),
            snooze_words.command, (ALONE, NUMBER)),
    Command(CommandInfo("insights", "recent insights and the actions that came from them", f"{CMD}insights"),
            insights.list_insights, (ALONE,)),
    Command(CommandInfo("metric", "track a number: add, list, remove",
                        f"{CMD}metric add calls weekdays at 17:30 target 20 effort"), metrics.metric,
            (ALONE, r"(add|list|remove)\b.*")),
    Command(CommandInfo("log", "record a metric value (for today or a past day)", f"{CMD}log calls 12 yesterday"),
            metrics.log, (r"\S+\s+[-+]?\d.*",)),
    Command(CommandInfo("digest", f"your week in review (the chart as a file: {CMD}digest png; "
                        f"clients: {CMD}digest clients; "
                        f"{CMD}digest time DAY HH:MM)",
                        f"{CMD}digest"), digest.digest, (ALONE, r"(clients|time|png)\b.*")),
    Command(CommandInfo("dashboard", "links to your pages on the web (revoke: turn them off)", f"{CMD}dashboard"),
            dashboard.dashboard, (ALONE, r"revoke")),
    Command(CommandInfo("coach", "become a coach and get an invite for clients", f"{CMD}coach"), coaching.coach,
            (ALONE,)),
    Command(CommandInfo("join", "join a coach with their code", f"{CMD}join CODE"), coaching.join,
            (r"[A-Za-z0-9_-]{12,}",)),
    Command(CommandInfo("coaches", "who coaches you", f"{CMD}coaches"), coaching.coaches, (ALONE,)),
    Command(CommandInfo("leave", "stop sharing with a coach", f"{CMD}leave Sam"), coaching.leave),
    Command(CommandInfo("shared", "what your coach sees about you", f"{CMD}shared"), coaching.shared, (ALONE,)),
    Command(CommandInfo("clients", "your clients, one line each (coaches)", f"{CMD}clients"), coaching.clients,
            (ALONE,)),
    Command(CommandInfo("assign", "give a client an action (coaches)", f"{CMD}assign 2 Send the proposal by Friday"),
            assigning.assign, (r"\d+\s+\S.*",)),
    Command(CommandInfo("lessons", "the lesson library, with where you stand on each", f"{CMD}lessons"),
            lessons.list_lessons, (ALONE,)),
    Command(CommandInfo("lesson", f"open lesson N and take its quiz (coaches: {CMD}lesson assign N NAME by WHEN)",
                        f"{CMD}lesson 2"), lessons.lesson, (r"#?\d+", r"assign\b.*")),
    Command(CommandInfo("session", "coaching sessions (coaches): add, move, cancel, note, notes, agenda",
                        f"{CMD}session add 2 Thursday 10:00 every 2 weeks"), sessions.session,
            (r"(add|move|cancel|note|notes|agenda|list)\b.*",)),
    Command(CommandInfo("sessions", "sessions ahead (yours, or your clients')", f"{CMD}sessions"), sessions.sessions,
            (ALONE,)),
    Command(CommandInfo("record", "what got done thanks to the coaching (coaches: of a client)", f"{CMD}record"),
            record_chat.record, (ALONE, r"\d+")),
    Command(CommandInfo("team", "sales teams (in the team's channel): create, join, metric add, digest",
                        f"{CMD}team join", platforms=("slack",)), teams.team,
            (r"(create|join|leave|metric|visibility|members|digest|skill|share)\b.*",)),
    Command(CommandInfo("skill", "a client's skills card: add, remove, starter, list (coaches)",
                        f"{CMD}skill add 2 Asks three discovery questions topic discovery"), skills.skill,
            (r"(add|remove|starter|list)\s+\S.*",)),
    Command(CommandInfo("observe", "record whether someone applied a skill (managers, coaches)",
                        f"{CMD}observe Ada 1 yes asked about budget and timing"), observe.observe),
    Command(CommandInfo("used", "say you applied a skill of your card", f"{CMD}used 1 on the Acme call"),
            observe.used),
    Command(CommandInfo("card", "a skills card: yours, or of someone you coach", f"{CMD}card Ada"), card_view.card,
            (ALONE,)),
    Command(CommandInfo("goal", "your long-term development goal: set, show, grow, clear",
                        f"{CMD}goal run my own enterprise deals by 30 June"), goals.goal, (ALONE, r"(clear|grow)\b.*")),
    Command(CommandInfo("quiz", "take (or resume) lesson N's quiz", f"{CMD}quiz 1"), quiz.quiz, (NUMBER,)),
    Command(CommandInfo("reviews", "spaced review of your quiz questions: on or off", f"{CMD}reviews off"),
            reviews.reviews, (ALONE, r"(on|off)")),
    Command(CommandInfo("tz", "set your time zone", f"{CMD}tz Berlin"), timezone.set_timezone, (ALONE, TEXT)),
    Command(CommandInfo("reminders", "when to remind you before deadlines", f"{CMD}reminders 1d 2h"),
            nudge_settings.reminders, (ALONE, r"(\d|off\b).*")),
    Command(CommandInfo("quiet", "hours when I stay silent", f"{CMD}quiet 22:00-07:00"), nudge_settings.quiet,
            (ALONE, r"(\d|off\b).*")),
    Command(CommandInfo("pause", "no unprompted messages until a day (vacation, sick)", f"{CMD}pause until Dec 28"),
            pause.pause, (ALONE, r"(until|for|\d).*")),
    Command(CommandInfo("resume", "end a pause now", f"{CMD}resume"), pause.resume, (ALONE,)),
    Command(CommandInfo("budget", "most unprompted messages a day (more are bundled)", f"{CMD}budget 4"),
            budget.budget, (ALONE, r"\d+")),
    Command(CommandInfo("morning", "a morning plan: due today and yesterday's misses", f"{CMD}morning 08:30"),
            morning.morning, (ALONE, r"(\d|off\b).*")),
    Command(CommandInfo("export", "download your data (JSON, or CSV)", f"{CMD}export csv"), privacy.export,
            (ALONE, r"(csv|json)")),
    Command(CommandInfo("forget", "delete all your data", f"{CMD}forget"), privacy.forget, (ALONE,)),
    Command(CommandInfo("cancel", "stop waiting for an answer", f"{CMD}cancel"), capture.cancel, (ALONE,)),
    Command(CommandInfo("help", "this list", f"{CMD}help"), help_, (ALONE,)),
)

BY_NAME: dict[str, Command] = {}
for _c in COMMANDS:
    BY_NAME[_c.info.name] = _c
    for _alias in _c.info.aliases:
        BY_NAME[_alias] = _c


def _bare_pattern(command: Command) -> re.Pattern[str] | None:
    if not command.bare:
        return None
    return re.compile("|".join(f"(?:{p})" for p in command.bare), re.IGNORECASE | re.DOTALL)


_BARE: dict[str, re.Pattern[str]] = {name: pattern for name, c in BY_NAME.items()
                                     if (pattern := _bare_pattern(c)) is not None}


def as_command(line: str) -> str:
    """A line typed without the slash, read against the command table: "log calls 12" → "/log calls 12",
    "metric list" → "/metric list"; a sentence that merely starts with a command's word stays as typed
    ("move the couch by Friday", "leave early on Friday"). For adapters where "/" is awkward or taken."""
    words = line.strip().split(maxsplit=1)
    if not words or line.startswith("/"):
        return line
    head, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    pattern = _BARE.get(head)
    if pattern is None or not pattern.fullmatch(rest):
        return line
    return f"/{head} {rest}".rstrip()
