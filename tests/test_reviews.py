"""Spaced review through the core and the tick: the Leitner rule on the local calendar, the day's
sitting (at most one message, at most SITTING questions), presses on old or foreign cards, and the
page cost of the review source (statements per page do not grow with people)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, update

from handlers.reviews import SITTING
from handlers.timing import due_after, next_box
from scheduler import Delivery, Ticker
from scheduler.sources.reviews import ReviewSittings
from scheduler.stats import TickStats
from storage import LessonQuestion
from tests.support.chat import Person
from tests.support.lessons import DISCOVERY, add_lesson, answer_arg
from tests.support.senders import RecordingSender

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def no_chart(monkeypatch) -> None:
    """These tests are about review: the snapshot's chart is drawn elsewhere (tests/test_quiz.py)."""
    async def tiny(_data: object) -> bytes:
        return b"\x89PNG tiny"
    monkeypatch.setattr("handlers.mastery_chart.render_async", tiny)


def test_boxes_wait_1_3_7_21_local_days_and_a_wrong_answer_starts_over() -> None:
    assert [next_box(b, True) for b in range(4)] == [1, 2, 3, 3] and next_box(3, False) == 0
    friday = datetime(2027, 3, 12, 22, 30, tzinfo=timezone.utc)       # Fri 17:30 EST
    assert due_after(friday, 0, NEW_YORK) == datetime(2027, 3, 13, 15, 0, tzinfo=timezone.utc)  # Sat 10:00 EST
    assert due_after(friday, 1, NEW_YORK) == datetime(2027, 3, 15, 14, 0, tzinfo=timezone.utc)  # Mon 10:00 EDT
    late = datetime(2027, 3, 13, 3, 0, tzinfo=timezone.utc)          # still Friday 22:00 in New York
    assert due_after(late, 0, NEW_YORK).astimezone(NEW_YORK).date() == date(2027, 3, 13)


def ticker_for(store, clock, core) -> tuple[Ticker, RecordingSender]:
    sender = RecordingSender()

    async def no_sleep(_s: float) -> None:
        return None

    return Ticker(store, sender, clock, core.config, delivery=Delivery(store, sender, clock, sleep=no_sleep)), sender


async def _all_wrong(ada: Person, questions: int) -> None:
    await ada.say("/quiz 1")
    for _ in range(questions):
        await ada.press("quiz_answer", answer_arg(ada.buttons(), "C"))


async def test_one_sitting_a_day_asks_at_most_five_questions(core, clock, store) -> None:
    seven = [DISCOVERY[0]] * 7                                          # seven single-answer questions
    await add_lesson(store, clock.now(), questions=seven)
    ada = Person(core, "1")
    await ada.say("/tz Europe/Berlin")
    await _all_wrong(ada, 7)
    assert "7 questions due now" not in await ada.say("/reviews")
    clock.advance(timedelta(days=1))                                    # Tue 10:00 Berlin
    ticker, sender = ticker_for(store, clock, core)
    await ticker.tick_nudges()
    assert len(sender.sent) == 1 and "7 questions due today; up to 5 in a sitting" in sender.texts()[0]
    ada.last = [sender.sent[0][1]]
    for _ in range(SITTING):
        said = await ada.press("review_answer", answer_arg(ada.buttons(), "B"))
    assert "That's today's review done ✅ (5 answers today). 2 questions wait for tomorrow's sitting." in said
    await ticker.tick_nudges()
    assert len(sender.sent) == 1
    assert "Spaced review is on. 2 questions due now" in await ada.say("/reviews")


async def test_review_buttons_count_once_and_only_for_their_owner(core, clock, store) -> None:
    await add_lesson(store, clock.now(), questions=[DISCOVERY[0]])
    ada, bob = Person(core, "1"), Person(core, "2", name="Bob")
    await _all_wrong(ada, 1)
    clock.advance(timedelta(days=1, hours=2))
    ticker, sender = ticker_for(store, clock, core)
    await ticker.tick_nudges()
    ada.last = [sender.sent[0][1]]
    arg = answer_arg(ada.buttons(), "B")
    assert "isn't one of yours" in await bob.press("review_answer", arg)
    assert "isn't one of yours" in await bob.press("review_pick", arg)
    for forged in ("", "x.1", "1", "1.2.3", "99999999999.1"):
        assert "isn't one of yours" in await bob.press("review_answer", forged)
    assert "✅ Right!" in await ada.press("review_answer", arg)
    assert "You answered that one already; it counts once." in await ada.press("review_answer", arg)


async def test_reviews_off_and_on(core, clock, store) -> None:
    ada = Person(core, "1")
    assert "no questions to review yet" in await ada.say("/reviews")
    assert "Spaced review is off" in await ada.say("/reviews off")
    assert "Spaced review is off." in await ada.say("/reviews")
    assert "Send /reviews on or /reviews off" in await ada.say("/reviews maybe")
    assert "Spaced review is on" in await ada.say("/reviews on")


class Counted(ReviewSittings):
    """The real source; `pages` gets each page's statements (from `due` to `record`), less the
    delivery's claim and record of each message (one INSERT and one UPDATE, as for every kind)."""

    def __init__(self, store, config) -> None:  # type: ignore[no-untyped-def]
        super().__init__(config)
        self.n, self.pages = 0, list[int]()
        event.listen(store.engine.sync_engine, "before_cursor_execute", self.count)

    def count(self, *_a: object) -> None:
        self.n += 1

    async def due(self, u, now, limit):  # type: ignore[no-untyped-def]
        self.n = 0
        return await super().due(u, now, limit)

    async def record(self, u, results, now):  # type: ignore[no-untyped-def]
        await super().record(u, results, now)
        if results:
            self.pages.append(self.n - 2 * len(results))


async def test_a_review_page_costs_the_same_statements_for_4_or_16_people(core, clock, store) -> None:
    await add_lesson(store, clock.now(), questions=[DISCOVERY[0], DISCOVERY[2]])
    people = [Person(core, str(i), name=f"P{i}") for i in range(16)]
    costs: dict[int, set[int]] = {}
    for count, newcomers in ((4, people[:4]), (16, people[4:])):      # the first 4 are still due the next day
        for p in newcomers:
            await _all_wrong(p, 2)
        clock.advance(timedelta(days=1, hours=1))                       # past 10:00 the next day
        source = Counted(store, core.config)
        ticker, sender = ticker_for(store, clock, core)
        ticker.page = 4
        await ticker.run(source, clock.now(), TickStats())
        event.remove(store.engine.sync_engine, "before_cursor_execute", source.count)
        assert len(sender.sent) == count
        costs[count] = set(source.pages)
    assert costs[4] == costs[16] and len(costs[16]) == 1


async def test_a_review_waits_for_the_end_of_quiet_hours(core, clock, store) -> None:
    await add_lesson(store, clock.now(), questions=[DISCOVERY[0]])
    ada = Person(core, "1")
    await ada.say("/quiet 09:00-12:00")                                  # UTC: the review slot falls inside
    await _all_wrong(ada, 1)
    clock.advance(timedelta(days=1, hours=1))                            # Tue 10:00 UTC
    ticker, sender = ticker_for(store, clock, core)
    await ticker.tick_nudges()
    assert sender.sent == []
    clock.advance(timedelta(hours=2))                                    # 12:00: quiet hours over
    await ticker.tick_nudges()
    assert len(sender.sent) == 1 and "Review time" in sender.texts()[0]


async def test_a_question_a_reimport_dropped_is_not_reviewed_again(core, clock, store) -> None:
    await add_lesson(store, clock.now(), questions=[DISCOVERY[0]])
    ada = Person(core, "1")
    await _all_wrong(ada, 1)
    async with store.unit() as u:                                        # the lesson file lost the question
        await u.session.exec(update(LessonQuestion).values(active=False))  # type: ignore[call-overload]
    clock.advance(timedelta(days=1, hours=1))
    ticker, sender = ticker_for(store, clock, core)
    await ticker.tick_nudges()
    assert sender.sent == [] and "no questions to review yet" in await ada.say("/reviews")
