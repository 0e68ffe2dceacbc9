"""The action list, done, move and drop, with their errors."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tests.support.chat import Person


@pytest.fixture
async def ada(core):
    p = Person(core)
    await p.say("/tz Europe/Berlin")
    return p


async def test_list_is_open_only_soonest_first_with_done_buttons(ada):
    await ada.say("/commit Write blog post by Friday")
    await ada.say("/commit Call Anna tomorrow 9am")
    await ada.say("/commit Old thing in 2 days")
    await ada.say("/done 3")
    text = await ada.say("/actions")
    assert text.index("#2 Call Anna") < text.index("#1 Write blog post")
    assert "Old thing" not in text
    assert [(b[1], b[2]) for b in ada.buttons()] == [("done", "2"), ("done", "1")]
    assert "🎉 Done: #2 Call Anna" in await ada.press("done", "2")
    assert "#2" not in await ada.say("/list")


async def test_overdue_actions_are_marked(ada, clock):
    await ada.say("/commit Send invoice today 3pm")
    clock.advance(timedelta(hours=8))
    assert "⚠️ #1 Send invoice, overdue since Mon 23 Nov, 15:00" in await ada.say("/actions")


async def test_empty_list_explains_how_to_add(ada):
    assert "No open actions" in await ada.say("/actions")


async def test_done_names_the_action_and_counts_the_record(ada):
    await ada.say("/commit A by Friday")
    await ada.say("/commit B by Friday")
    assert "Done: #1 A" in await ada.say("/done 1")
    assert "2 actions completed so far" in await ada.say("/done #2")


@pytest.mark.parametrize("command, error", [
    ("/done 9", "You have no action #9"),
    ("/done", "Which action?"),
    ("/done abc", "Which action?"),
    ("/drop", "Which action?"),
    ("/move 1", "Send /move N WHEN"),
    ("/move 1 whenever", "couldn't read a date"),
    ("/move 9 Friday", "You have no action #9"),
])
async def test_clear_errors(ada, command, error):
    await ada.say("/commit Call Anna tomorrow")
    assert error in await ada.say(command)


async def test_already_done_and_dropped_are_reported(ada):
    await ada.say("/commit A tomorrow")
    await ada.say("/commit B tomorrow")
    await ada.say("/done 1")
    await ada.say("/drop 2")
    assert "#1 A is already done" in await ada.say("/done 1")
    assert "#2 B was dropped" in await ada.say("/done 2")
    assert "#2 B was dropped" in await ada.say("/move 2 Friday")


async def test_move_sets_new_deadline_and_counts(ada):
    await ada.say("/commit Call Anna tomorrow")
    assert "moved to Fri 27 Nov, 17:00 (moved 1 time)" in await ada.say("/move 1 Friday")
    assert "(moved 2 times)" in await ada.say("/move 1 next Tuesday 10am")
    assert "already passed" in await ada.say("/move 1 today 9am")


async def test_numbers_are_per_person_and_private(core):
    ada, bob = Person(core, "1", name="Ada"), Person(core, "2", name="Bob")
    await ada.say("/commit Ada's secret plan tomorrow")
    assert "You have no action #1" in await bob.say("/done 1")
    assert "No open actions" in await bob.say("/actions")
    assert "#1 Bob's plan" in await bob.say("/commit Bob's plan tomorrow")
    assert "secret" not in await bob.say("/insights") + await bob.say("/actions")
    assert "Ada's secret plan" in await ada.say("/actions")


async def test_concurrent_commitments_get_distinct_numbers(core):
    ada = Person(core)
    replies = await asyncio.gather(*(ada.say(f"/commit Task {i} tomorrow") for i in range(12)))
    numbers = sorted(int(r.split("#")[1].split(" ")[0]) for r in replies)
    assert numbers == list(range(1, 13))
