"""The lesson file reader: the starter library parses, every problem is named with its line, the
limits hold, and garbage or huge input never raises or takes long (seeded fuzz)."""
from __future__ import annotations

import random
from pathlib import Path
import time

import pytest

from handlers.lesson_file import MAX_FILE_BYTES, LessonFile, Problem, parse, parse_bytes, slug_of
from handlers.lesson_library import starter_lessons
from tests.test_lessons import GOOD


def _problems(text: str) -> list[str]:
    result = parse(text, "x.md")
    assert isinstance(result, list), result
    return [str(p) for p in result]


def test_the_starter_library_has_six_original_lessons_with_quizzes() -> None:
    lessons = starter_lessons()
    assert [lesson.slug for lesson in lessons] == ["discovery-questions", "following-up", "price-objection",
                                                   "cold-email", "insight-to-action", "asking-for-referrals"]
    for lesson in lessons:
        assert 2 <= len(lesson.questions) <= 8 and lesson.body and lesson.minutes <= 15
        assert all(q.correct and q.explanation and 2 <= len(q.options) <= 5 for q in lesson.questions)


def test_a_good_file_reads_whole() -> None:
    lesson = parse_bytes(GOOD, "Openers Call.md")
    assert isinstance(lesson, LessonFile)
    assert (lesson.slug, lesson.title, lesson.topic, lesson.minutes, lesson.pass_mark) == \
        ("openers-call", "Opening a call", "openers", 4, 80)
    assert lesson.link == "https://example.com/openers" and lesson.body.startswith("Say why you called")
    first = lesson.questions[0]
    assert (first.text, first.options, first.correct) == ("What comes first?", ["Why you called",
                                                                               "Your company history"], [0])
    assert first.explanation == "People listen once they know why you called."
    with_id = parse_bytes(GOOD.replace(b"title:", b"id: Openers 2\ntitle:"), "whatever.md")
    assert isinstance(with_id, LessonFile) and with_id.slug == "openers-2"


@pytest.mark.parametrize("change, expected", [
    (lambda t: t.replace("---\ntitle", "title", 1), "line 1: the file must start with a header"),
    (lambda t: t.replace("minutes: 4", "minutes: 400"), "line 4: minutes must be a whole number from 1 to 120"),
    (lambda t: t.replace("minutes: 4", "colour: red"), "line 4: unknown key “colour”"),
    (lambda t: t.replace("link: https://example.com/openers", "link: javascript:alert(1)"),
     "line 5: the link must be one http(s) address"),
    (lambda t: t.replace("topic: openers", "topic: openers\ntopic: again"), "line 4: “topic” is given twice"),
    (lambda t: t.replace("## Quiz", "## Questions"), "no “## Quiz” section"),
    (lambda t: t.replace("- [x] Why you called", "- [ ] Why you called"),
     "line 11: no option is marked right"),
    (lambda t: t.replace("> People listen once they know why you called.\n", ""),
     "line 11: the question needs a one-line explanation"),
    (lambda t: t.replace("Say why you called in one sentence, then ask a question.", "x" * 3001),
     "line 7: the text is 3001 characters; keep it under 3000"),
    (lambda t: t.replace("1. What comes first?", "1. " + "w" * 301), "line 11: the question is 301 characters"),
    (lambda t: t.replace("- [ ] Your company history", "\n".join(f"- [ ] {i}" for i in range(5))),
     "line 11: the question has 6 options; it needs 2 to 5"),
    (lambda t: t.replace("title: Opening a call", "title: " + "T" * 121), "line 2: the title is 121 characters"),
    (lambda t: t.split("2. Then?")[0], "the quiz has 1 question; it needs 2 to 8"),
])
def test_each_problem_is_named_with_its_line(change, expected) -> None:
    problems = _problems(change(GOOD.decode()))
    assert any(p.startswith(expected) or expected in p for p in problems), problems


def test_every_problem_of_a_file_comes_at_once_in_line_order() -> None:
    text = "---\ntitle:\ntopic: ?\nminutes: x\n---\n\n## Quiz\n- [x] orphan\n> why\n"
    problems = _problems(text)
    assert problems[:4] == ["line 2: the header needs a “title:”",
                            "line 3: the topic is a short tag: lowercase letters, digits and dashes, at most 40 "
                            "(e.g. discovery, price-objections)",
                            "line 4: minutes must be a whole number from 1 to 120",
                            "line 6: the lesson has no text: write what to take away below the header"]
    assert "line 8: an option before any question: write the question first" in problems
    lines = [p.line for p in parse(text, "x.md")]  # type: ignore[union-attr]
    assert lines == sorted(lines)


def test_files_that_are_not_text_or_too_big_are_refused() -> None:
    not_utf8 = Problem(1, "this is not UTF-8 text (save the file as UTF-8)")
    assert parse_bytes(b"\xff\xfe\x00garbage", "x.md") == [not_utf8]
    assert parse_bytes(b"---\n\x00\x01", "x.md") == [Problem(2, "this looks like a binary file, not text")]
    too_big = parse_bytes(b"a" * (MAX_FILE_BYTES + 1), "x.md")
    assert isinstance(too_big, list) and "at most 64 KB" in str(too_big[0])
    many = parse("---\n" + "\n".join(f"k{i}: v" for i in range(100)) + "\n---\n", "x.md")
    assert isinstance(many, list) and len(many) == 31 and str(many[-1]).endswith("more problems")


def test_slugs_are_stable_and_safe() -> None:
    assert slug_of("dir/Discovery Questions.md") == "discovery-questions"
    assert slug_of("Überraschung!.markdown") == "uberraschung"
    assert slug_of("…") == "lesson"


PIECES = ["---", "title: T", "topic: t", "minutes: 5", "pass_mark: 90", "link: https://x.y", "## Quiz", "1. Q?",
          "- [x] a", "- [ ] b", "> why", "", "- [", "> ", ":", "#", "\x00", "\r", "ü", "- [X] c", "id: z"]


def test_garbage_and_huge_input_never_raise_or_hang() -> None:
    rng = random.Random(12)
    worst = 0.0
    for round_ in range(150):
        if round_ % 3 == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400)))
        elif round_ % 3 == 1:
            data = "\n".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 60))).encode()
        else:
            line = rng.choice(PIECES) * rng.randrange(1, 200)
            data = ("\n".join([line] * rng.randrange(1, 300))).encode()[: MAX_FILE_BYTES + rng.randrange(-5, 5)]
        started = time.perf_counter()
        result = parse_bytes(data, "fuzz.md")
        worst = max(worst, time.perf_counter() - started)
        assert isinstance(result, (LessonFile, list))
        if isinstance(result, list):
            assert result and all(isinstance(p, Problem) for p in result) and len(result) <= 31
    biggest = ("- [x] a\n" * (MAX_FILE_BYTES // 8)).encode()[:MAX_FILE_BYTES]
    started = time.perf_counter()
    assert isinstance(parse_bytes(biggest, "big.md"), list)
    assert max(worst, time.perf_counter() - started) < 0.5


def test_the_readme_example_is_a_valid_lesson() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    lesson = parse(example, "README.md")
    assert isinstance(lesson, LessonFile), lesson
    assert (lesson.slug, lesson.topic, len(lesson.questions), lesson.questions[1].correct) == \
        ("opening-a-call", "openers", 2, [0, 1])
