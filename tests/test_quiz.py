"""Taking a lesson's quiz through the core: questions one at a time, feedback, the snapshot, an
assignment completed by passing, double presses and other people's buttons, resuming."""
from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from handlers.learning import mastery_after
from storage import QuizAnswer
from tests.support.chat import Person
from tests.support.lessons import DISCOVERY, add_lesson, answer_arg, make_assignment, pick_arg, submit_arg

Choice = str | tuple[str, ...]
RIGHT: list[Choice] = ["B", ("A", "C"), "B", "B", "B"]  # the right answers of tests.support.lessons.DISCOVERY


async def _answer(ada: Person, answer: Choice) -> str:
    """Answer the question on screen: one tap, or toggles then Submit."""
    if isinstance(answer, str):
        return await ada.press("quiz_answer", answer_arg(ada.buttons(), answer))
    for letter in answer:
        await ada.press("quiz_pick", pick_arg(ada.buttons(), letter))
    return await ada.press("quiz_answer", submit_arg(ada.buttons()))


async def test_an_assigned_lesson_opens_its_quiz_and_passing_completes_it(core, clock, store) -> None:
    lesson = await add_lesson(store, clock.now())
    ada = Person(core, "1")
    await ada.say("/tz Europe/Berlin")
    await ada.say("/commit 📚 Discovery questions by Friday 5pm")
    await make_assignment(store, "1", 1, lesson)
    opened = await ada.say("/done 1")
    assert "#1 is a lesson: pass its quiz to complete it" in opened and "question 1 of 5" in opened
    assert "Passing it completes #1" in opened
    assert [b[1] for b in ada.buttons()] == ["quiz_answer"] * 3 + ["quiz_later"]
    said = await _answer(ada, "A")
    assert "❌ Not quite. The answer: B) An open question about their goals." in said
    assert "question 2 of 5" in said and "Several answers are right" in said
    for answer in RIGHT[1:]:
        said = await _answer(ada, answer)
    assert "4 of 5 right, 80%: passed ✅" in said and "Your first attempt at this lesson." in said
    assert "Mastery by topic: discovery" in said and "🎉 Done: #1 📚 Discovery questions" in said
    assert "1 question to learn again: they come back for review tomorrow" in said
    assert ada.last[-1].file is not None and ada.last[-1].file.data.startswith(b"\x89PNG")
    assert "No open actions" in await ada.say("/actions")


async def test_a_failed_quiz_offers_a_retake_and_the_snapshot_compares_attempts(core, clock, store) -> None:
    await add_lesson(store, clock.now())
    ada = Person(core, "1")
    await ada.say("/quiz 1")
    wrongs: list[Choice] = ["A", ("B",), "A", "A", "A"]
    for wrong in wrongs:
        said = await _answer(ada, wrong)
    assert "0 of 5 right, 0%: not passed (the pass mark is 80%)" in said
    assert ("🔁 Retake the quiz", "quiz_start", "1") in ada.buttons()
    await ada.press("quiz_start", "1")
    for answer in RIGHT:
        said = await _answer(ada, answer)
    assert "Your earlier attempts: 0%; now 100% (+100 points)." in said


async def test_a_second_press_or_an_old_question_counts_once(core, clock, store) -> None:
    await add_lesson(store, clock.now())
    ada = Person(core, "1")
    await ada.say("/quiz 1")
    first = answer_arg(ada.buttons(), "B")
    await ada.press("quiz_answer", first)
    again = await ada.press("quiz_answer", first)
    assert "You answered that question already; it counts once." in again and "question 2 of 5" in again
    other = answer_arg([("A) x", "quiz_answer", first.rsplit(".", 1)[0] + ".1")], "A")
    assert "already" in await ada.press("quiz_answer", other)  # the same question, another option
    async with store.unit() as u:
        assert (await u.session.exec(select(func.count()).select_from(QuizAnswer))).one() == 1


async def test_another_persons_quiz_buttons_are_refused(core, clock, store) -> None:
    await add_lesson(store, clock.now())
    ada, bob = Person(core, "1"), Person(core, "2", name="Bob")
    await ada.say("/quiz 1")
    arg = answer_arg(ada.buttons(), "B")
    assert "isn't one of yours" in await bob.press("quiz_answer", arg)
    assert "isn't one of yours" in await bob.press("quiz_pick", arg)
    assert "isn't one of yours" in await bob.press("quiz_later", arg.rsplit(".", 1)[0])
    for forged in ("", "x", "1.2", "99999999999.0.1", "1.0.999", "-1.0.1", "1.0.1.2"):
        reply = await bob.press("quiz_answer", forged)
        assert "isn't one of yours" in reply or "out of date" in reply
    assert "out of date" in await ada.press("quiz_answer", answer_arg(ada.buttons(), "B")[:-1] + "9")
    assert "no lesson" in await ada.say("/quiz 99")
    assert "Which lesson?" in await ada.say("/quiz")


async def test_a_quiz_left_half_way_resumes_where_it_stopped(core, clock, store) -> None:
    await add_lesson(store, clock.now())
    ada = Person(core, "1")
    await ada.say("/quiz 1")
    await _answer(ada, "B")
    paused = await ada.press("quiz_later", ada.buttons()[-1][2])
    assert "Paused at question 2 of 5" in paused
    resumed = await ada.say("/quiz 1")
    assert "Picking up where you stopped: question 2 of 5" in resumed


async def test_mastery_is_a_running_average_in_which_recent_answers_weigh_more() -> None:
    assert mastery_after(0.0, 0, True) == 100.0  # the first answer counts whole
    assert mastery_after(100.0, 1, False) == 50.0  # the second halves it
    assert mastery_after(50.0, 10, True) == 62.5  # later ones weigh a quarter


async def test_lessons_of_someone_elses_coach_stay_hidden(core, clock, store) -> None:
    ada, bob = Person(core, "1"), Person(core, "2", name="Bob")
    await ada.say("/coach")
    async with store.unit() as u:
        ada_id = (await u.people.find_or_create("telegram", "1", "1", "Ada", clock.now(), True))[0].id
    await add_lesson(store, clock.now(), number=7, owner_id=ada_id)
    assert "question 1 of 5" in await ada.say("/quiz 7")
    assert "no lesson 7" in await bob.say("/quiz 7")
    code = (await ada.say("/coach")).split("/join ")[1].split()[0]
    await bob.say(f"/join {code}")                                      # Bob becomes Ada's client
    assert "question 1 of 5" in await bob.say("/quiz 7")


async def test_the_snapshot_shows_a_teams_average_only_over_three_people_or_more(core, clock, store) -> None:
    await add_lesson(store, clock.now(), questions=[DISCOVERY[0], DISCOVERY[2]])
    ada, bob, cat = (Person(core, f"U{i}", platform="slack", name=n) for i, n in enumerate(("Ada", "Bob", "Cat")))
    await ada.send("/team create Closers", channel_id="C-SALES")
    for p in (bob, cat):
        await p.send("/team join", channel_id="C-SALES")
    said = await _take(ada, ["B", "B"])                                 # 100%
    assert "team's average" not in said
    assert "team's average" not in await _take(bob, ["A", "B"])        # 50%: two people, no average yet
    said = await _take(cat, ["A", "A"])                                 # 0%
    assert "Your team's average on this lesson: 50% (3 people)." in said
    assert "100%" not in said.split("Your team's")[1]                   # never anyone's own score
    async with store.unit() as u:                                       # the manager's own lesson: the team's
        ada_id = (await u.people.find_or_create("slack", "U0", "U0", "Ada", clock.now(), True))[0].id
    await add_lesson(store, clock.now(), number=8, owner_id=ada_id)
    assert "question 1 of 5" in await bob.say("/quiz 8")
    assert "no lesson 8" in await Person(core, "U9", platform="slack", name="Dan").say("/quiz 8")


async def _take(person: Person, answers: list[str]) -> str:
    await person.say("/quiz 1")
    for answer in answers:
        said = await person.press("quiz_answer", answer_arg(person.buttons(), answer))
    return said


async def test_in_the_terminal_options_are_numbered_choices(core, clock, store, tmp_path) -> None:
    import io

    from bot.terminal import TerminalAdapter

    await add_lesson(store, clock.now(), questions=[DISCOVERY[0], DISCOVERY[1]])
    lines = "\n".join(["quiz 1", "2", "1", "3", "5", ""])  # B; then toggle A, toggle C, Submit
    out = io.StringIO()
    term = TerminalAdapter(core, stdin=io.StringIO(lines), stdout=out, user_id="me", files_dir=tmp_path)
    await term.run()
    text = out.getvalue()
    assert "[1] A) A feature tour" in text and "[2] B) An open question about their goals" in text
    assert "✅ Right!" in text and "[1] ☐ A) What made you look now?" in text and "Chosen: A, C." in text
    assert "2 of 2 right, 100%: passed ✅" in text


async def test_done_in_words_opens_the_quiz_and_a_quiz_passed_since_the_assignment_completes_it(core, clock,
                                                                                                store) -> None:
    lesson = await add_lesson(store, clock.now(), questions=[DISCOVERY[0]])
    ada = Person(core, "1")
    await ada.say("/commit 📚 Discovery questions by Friday 5pm")
    await ada.say("/commit 📚 Discovery, from my other coach by Friday 5pm")
    await make_assignment(store, "1", 1, lesson)
    await make_assignment(store, "1", 2, lesson)
    assert "#1 is a lesson: pass its quiz to complete it" in await ada.say("I finished #1")
    await ada.press("quiz_later", ada.buttons()[-1][2])
    await ada.say("/quiz 1")                                            # the same attempt, by the lesson's number
    assert "🎉 Done: #1" in await ada.press("quiz_answer", answer_arg(ada.buttons(), "B"))
    said = await ada.say("/done 2")                                     # the same lesson, assigned twice
    assert "You passed “Discovery questions” already (100%)." in said and "🎉 Done: #2" in said


async def test_a_newcomer_takes_a_starter_lesson_from_its_button(core, clock, store) -> None:
    ada = Person(core, "1")
    assert "📚 Quiz: Discovery questions" in await ada.say("/quiz 1")   # the starter library, loaded on first use
    await ada.press("quiz_later", ada.buttons()[-1][2])
    await ada.say("/lesson 1")
    assert "Picking up where you stopped: question 1" in await ada.press("quiz_start", "1")


async def test_done_on_a_lesson_a_coach_assigned_opens_its_quiz(core, clock, store) -> None:
    sam, ada = Person(core, "1", name="Sam"), Person(core, "2", name="Ada")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {code}")
    assert "Ada" in await sam.say("/lesson assign 1 Ada by Friday")
    opened = await ada.say("/done 1")
    assert "#1 is a lesson: pass its quiz to complete it" in opened and "Passing it completes #1" in opened
