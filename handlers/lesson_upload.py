"""A lesson file sent in chat (a Telegram document, a file shared in a Slack DM): coaches and
team managers add it to their own lessons, seen by them and the people they coach or manage.
Anyone else is told who can; a malformed file gets every problem with its line number."""
from __future__ import annotations

from handlers.lesson_file import MAX_FILE_BYTES
from handlers.lesson_import import import_bytes, outcome_line
from handlers.lesson_library import ensure_library
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply

CHAT = "chat"


async def may_author(turn: Turn) -> bool:
    return turn.person.is_coach or bool(await turn.u.teams.managed_by(turn.person.id))


async def receive(turn: Turn) -> list[Reply]:
    document = turn.incoming.document
    if not await may_author(turn):
        return [Reply("I can only read text from you. (Coaches and team managers can send me lesson files; "
                      f"{CMD}lessons lists the lessons you can take.)")]
    if document is None:
        most = MAX_FILE_BYTES // 1024
        return [Reply(f"I could not read that file: a lesson file is a text file of at most {most} KB "
                      "(see the lesson format in the README).")]
    await ensure_library(turn.u, turn.now)  # the starter lessons keep numbers 1-6 whoever comes first
    result = await import_bytes(turn.u, document.data, document.name, turn.person.id, CHAT, turn.now)
    line = outcome_line(result)
    if result.saved is None:
        return [Reply(f"{line}\nNothing of the file was saved; fix these lines and send it again.")]
    n = result.saved.lesson.number
    return [Reply(f"{line}\nYou and the people you coach see it in {CMD}lessons; {CMD}lesson {n} opens it, "
                  f"{CMD}lesson assign {n} NAME by WHEN gives it to someone.")]
