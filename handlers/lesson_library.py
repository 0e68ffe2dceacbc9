"""The starter library shipped with the package (`handlers/starter_lessons/*.md`): loaded into
an empty library on first use (/lessons, /lesson, /lesson assign), so a newcomer can try lessons
and quizzes at once in `followthrough chat`. Once the library holds any lesson (the starter ones,
or files imported with `followthrough lessons import`), nothing is loaded again; coaches' own
lessons are not the library and do not count."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib.resources import files

from handlers.lesson_file import LessonFile, parse
from handlers.lesson_import import draft_of
from storage import Unit

STARTER = "starter"


@cache
def starter_lessons() -> tuple[LessonFile, ...]:
    """The shipped lessons, read once. A starter file that does not parse is a packaging bug: it
    fails loudly here (and in the test that reads every starter file)."""
    folder = files("handlers").joinpath("starter_lessons")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md"):
            continue
        parsed = parse(entry.read_text(encoding="utf-8"), entry.name)
        if isinstance(parsed, list):
            raise ValueError(f"starter lesson {entry.name}: " + "; ".join(map(str, parsed)))
        out.append(parsed)
    return tuple(out)


async def ensure_library(u: Unit, now: datetime) -> None:
    """Load the starter library when no lesson exists yet."""
    if await u.lessons.library_count():
        return
    for lesson in starter_lessons():
        await u.lessons.save(draft_of(lesson, None), None, STARTER, now)
