"""`followthrough lessons import PATH...`: a folder of good and bad files, one line each; a bad
file changes nothing; importing a file again updates its lesson (same number) and keeps people's
results, its dropped questions kept aside with their answers. And the starter library in the
terminal (`followthrough chat`)."""
from __future__ import annotations

import asyncio
import io
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import col, select

from bot.cli import main
from bot.terminal import TerminalAdapter
from handlers import Core
from storage import LessonQuestion, QuizAnswer, QuizAttempt, Store
from tests.conftest import T0
from tests.test_lessons import BAD, GOOD

THIRD = b"""
3. And at the end?
- [x] Agree the next step with a date
- [ ] Say thanks and hang up
> A call without a next step is a call wasted.
"""


def _import(db: Path, *paths: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["lessons", "import", *map(str, paths), "--database-url", f"sqlite:///{db}"])


async def _answer_the_third_question(db: Path) -> None:
    store = Store(f"sqlite:///{db}")
    async with store.unit() as u:
        person, _ = await u.people.find_or_create("telegram", "1", "1", "Ada", T0)
        lesson = await u.lessons.by_number(1, [])
        assert lesson is not None
        third = (await u.lessons.questions(lesson.id))[2]
        attempt = QuizAttempt(person_id=person.id, lesson_id=lesson.id, started_at=T0, finished_at=T0, total=3,
                              right_count=3, score=100, passed=True)
        u.session.add(attempt)
        await u.session.flush()
        u.session.add(QuizAnswer(person_id=person.id, attempt_id=attempt.id, question_id=third.id, topic="openers",
                                 chosen="[0]", is_right=True, answered_at=T0))
    await store.close()


async def _state(db: Path) -> tuple[str, list[tuple[int, str, bool]], int]:
    store = Store(f"sqlite:///{db}")
    async with store.unit() as u:
        lesson = await u.lessons.by_number(1, [])
        assert lesson is not None
        rows = (await u.session.exec(select(LessonQuestion).order_by(col(LessonQuestion.position)))).all()
        answers = len((await u.session.exec(select(QuizAnswer))).all())
    await store.close()
    return lesson.title, [(q.position, q.text, q.active) for q in rows], answers


def test_import_a_folder_then_update_a_lesson_keeping_results(tmp_path: Path) -> None:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "openers.md").write_bytes(GOOD.rstrip() + b"\n" + THIRD)
    (folder / "broken.md").write_bytes(BAD)
    (folder / "notes.pdf").write_bytes(b"%PDF")
    db = tmp_path / "ft.db"
    first = _import(db, folder)
    assert first.exit_code == 1
    assert f"❌ {folder / 'broken.md'}: not imported, 5 problems:" in first.output
    assert "   line 4: minutes must be a whole number from 1 to 120" in first.output
    assert f"✅ {folder / 'openers.md'}: lesson 1 “Opening a call” added" in first.output
    assert "1 of 2 files imported." in first.output and "notes.pdf" not in first.output
    asyncio.run(_answer_the_third_question(db))
    (folder / "openers.md").write_bytes(GOOD.replace(b"Then?", b"And then?").replace(b"Opening a call",
                                                                                     b"Opening calls"))
    again = _import(db, folder / "openers.md")
    assert again.exit_code == 0, again.output
    assert "lesson 1 “Opening calls” updated (people's results kept); 1 question no longer in the file kept aside" \
        in again.output
    title, questions, answers = asyncio.run(_state(db))
    assert title == "Opening calls" and answers == 1
    assert questions == [(0, "What comes first?", True), (1, "And then?", True), (2, "And at the end?", False)]
    (folder / "openers.md").write_bytes(BAD)
    assert _import(db, folder / "openers.md").exit_code == 1
    assert asyncio.run(_state(db))[0] == "Opening calls"  # the bad version changed nothing


async def test_a_newcomer_in_the_terminal_finds_the_starter_lessons(store, clock, tmp_path) -> None:
    lines = "\n".join(["tz Europe/Berlin", "lessons", "lesson 1", ""])
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(lines), stdout=out, user_id="me", files_dir=tmp_path)
    await term.run()
    text = out.getvalue()
    assert "1. Discovery questions (discovery, 8 min): new" in text and "6. Asking for a referral" in text
    assert "📚 Lesson 1: Discovery questions" in text and "[1] 📝 Take the quiz" in text
    assert "/lesson" not in text and "lesson N opens one" in text  # terminal commands go without the slash
