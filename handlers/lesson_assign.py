"""/lesson assign N NAME|team [by WHEN]: a coach gives a client a lesson, a team's manager gives
it to one rep or the whole team. The assignment is an action in the person's list ("📚 Discovery
questions, 8 min + quiz") naming the lesson, with a deadline, so reminders, check-ins, moves and
digests treat it as any action; the person is told as for /assign (the `assigned` nudge, after
their quiet hours)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from handlers.assigning import pick_client
from handlers.deadline_input import deadline_in
from handlers.formatting import clip, when_with_year
from handlers.ids import as_id
from handlers.lesson_library import ensure_library
from handlers.names import display
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import zone
from storage import Lesson, Person, Team
from storage.kinds import ActionStatus

DEFAULT_DAYS = 7  # without "by WHEN": a week ahead, at the person's end of day
USAGE = (f"Send {CMD}lesson assign N NAME by WHEN (N from {CMD}lessons, NAME a client's number from "
         f"{CMD}clients or their name; a team's manager can write team), e.g. {CMD}lesson assign 1 2 by Friday")


def action_text(lesson: Lesson) -> str:
    return f"📚 {clip(lesson.title, 80)}, {lesson.minutes} min + quiz"


async def assign(turn: Turn, args: str) -> list[Reply]:
    number_word, _, rest = args.strip().partition(" ")
    number = as_id(number_word)
    who, _, when_text = rest.strip().partition(" ")
    if number is None or not who:
        return [Reply(USAGE)]
    await ensure_library(turn.u, turn.now)
    lesson = await turn.u.lessons.by_number(number, [turn.person.id])  # the library's or the coach's own
    if lesson is None:
        return [Reply(f"There is no lesson {number} you can assign. {CMD}lessons lists them.")]
    people = await _assignees(turn, who)
    if isinstance(people, str):
        return [Reply(people)]
    lines = []
    for person in people:
        lines.append(await _assign_one(turn, lesson, person, when_text))
    return [Reply("\n".join(lines))]


async def _assignees(turn: Turn, who: str) -> list[Person] | str:
    if who.lower() == "team":
        team = await _my_team(turn)
        if isinstance(team, str):
            return team
        members = [m for m in await turn.u.teams.members(team.id or 0) if m.id != turn.person.id]
        return members or f"Team {team.name} has no members yet: reps join with {CMD}team join in its channel."
    mine = list(await turn.u.coaching.clients(turn.person.id))
    if not mine:
        return f"You have no clients or team members to assign lessons to. {CMD}coach gives you an invite."
    client = pick_client(mine, who)
    return [client] if isinstance(client, Person) else client


async def _my_team(turn: Turn) -> Team | str:
    """The team the manager means: the channel's when asked there, else their only team."""
    channel = turn.incoming.channel_id
    if channel:
        team = await turn.u.teams.in_channel(turn.incoming.platform, channel)
        if team is None or team.manager_id != turn.person.id:
            return "Only this channel's team manager can assign a lesson to the team."
        return team
    managed = list(await turn.u.teams.managed_by(turn.person.id))
    if not managed:
        return "You manage no team. A client gets a lesson by number or name: " + USAGE.removeprefix("Send ")
    if len(managed) > 1:
        return f"You manage {len(managed)} teams: send {CMD}lesson assign ... team in the team's channel."
    return managed[0]


def _default_deadline(turn: Turn, person: Person) -> datetime:
    tz = zone(person.timezone, turn.config.default_timezone)
    day = turn.now.astimezone(tz).date() + timedelta(days=DEFAULT_DAYS)
    return datetime.combine(day, turn.config.end_of_day, tzinfo=tz).astimezone(timezone.utc)


async def _assign_one(turn: Turn, lesson: Lesson, person: Person, when_text: str) -> str:
    name, tz = display(person), zone(person.timezone, turn.config.default_timezone)
    taken = [a for a in await turn.u.lesson_progress.assignments([person.id])
             if a.lesson_id == lesson.id and a.status == ActionStatus.OPEN]
    if taken:
        return f"· {name} already has it: #{taken[0].number}."
    if when_text.strip():
        match = deadline_in(turn, when_text, person.timezone or turn.config.default_timezone, turn.now.astimezone(tz))
        if match is None or match.when <= turn.now:
            return f"· {name}: “{clip(when_text, 40)}” is no deadline ahead; try by Friday."
        deadline = match.when
    else:
        deadline = _default_deadline(turn, person)
    number = await turn.u.people.take_action_number(person)
    action = await turn.u.actions.add(person.id, number, action_text(lesson), deadline, turn.now,
                                      assigned_by_id=turn.person.id, lesson_id=lesson.id)
    due = when_with_year(action.deadline, tz, turn.now)  # type: ignore[arg-type]
    return (f"📚 Lesson {lesson.number} “{clip(lesson.title, 60)}” assigned to {name}: #{number}, due {due} "
            "(their time). They'll be told now, or when their quiet hours end.")
