"""Importing a lesson file into the library, shared by `followthrough lessons import` and a
coach's upload in chat: the file is read whole, and saved only when it has no problem at all.

A re-import of the same file (same name, or the same `id:` in its header) updates the lesson:
its number stays, questions are updated by position, those the file no longer has are kept
inactive with the answers people gave, so people's results stay.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.formatting import clip, plural
from handlers.lesson_file import LessonFile, Problem, parse_bytes
from storage import Unit
from storage.lessons import ADDED, LessonDraft, QuestionDraft, Saved


@dataclass(frozen=True)
class Imported:
    name: str
    saved: Saved | None = None
    problems: tuple[Problem, ...] = ()


def key_of(slug: str, owner_id: int | None) -> str:
    """The library's lessons are "lib:<slug>"; a coach's own "p<coach id>:<slug>", so two
    coaches' files of the same name stay two lessons."""
    return f"lib:{slug}" if owner_id is None else f"p{owner_id}:{slug}"


def draft_of(lesson: LessonFile, owner_id: int | None) -> LessonDraft:
    questions = tuple(QuestionDraft(q.text, tuple(q.options), tuple(q.correct), q.explanation)
                      for q in lesson.questions)
    return LessonDraft(key_of(lesson.slug, owner_id), lesson.title, lesson.topic, lesson.minutes, lesson.link,
                       lesson.body, lesson.pass_mark, questions)


async def import_bytes(u: Unit, data: bytes, name: str, owner_id: int | None, source: str,
                       now: datetime) -> Imported:
    parsed = parse_bytes(data, name)
    if isinstance(parsed, list):
        return Imported(name, problems=tuple(parsed))
    return Imported(name, saved=await u.lessons.save(draft_of(parsed, owner_id), owner_id, source, now))


def outcome_line(result: Imported) -> str:
    """One file's result, the way both the CLI and the chat say it."""
    name = clip(result.name, 60)
    if result.saved is None:
        lines = [f"❌ {name}: not imported, {plural(len(result.problems), 'problem')}:"]
        lines += [f"   {p}" for p in result.problems]
        return "\n".join(lines)
    lesson = result.saved.lesson
    verb = "added" if result.saved.outcome == ADDED else "updated (people's results kept)"
    retired = (f"; {plural(result.saved.retired, 'question')} no longer in the file kept aside with "
               "their answers") if result.saved.retired else ""
    return f"✅ {name}: lesson {lesson.number} “{clip(lesson.title, 60)}” {verb}{retired}"
