"""Export, forget, bad input, duplicates and group chats."""
from __future__ import annotations

import csv
import io
import json

import pytest

from bot.render import render_text
from handlers import Incoming
from tests.support.chat import AS_TELEGRAM, Person


@pytest.fixture
async def ada(core):
    p = Person(core)
    await p.say("/tz Europe/Berlin")
    return p


async def test_export_json_holds_insights_and_actions(ada):
    await ada.say("Insight: follow-ups win deals")
    await ada.say("I'll follow up with Acme by Friday")
    reply = (await ada.send("/export"))[0]
    assert reply.file is not None and reply.file.name.endswith(".json")
    data = json.loads(reply.file.data)
    assert data["person"]["timezone"] == "Europe/Berlin"
    assert data["insights"][0]["text"] == "follow-ups win deals"
    action = data["actions"][0]
    assert action["text"] == "Follow up with Acme" and action["status"] == "open"
    assert action["deadline_local"] == "2026-11-27T17:00:00+01:00"
    assert action["insight_id"] == data["insights"][0]["id"]


async def test_export_csv(ada):
    await ada.say("/commit Call Anna tomorrow")
    reply = (await ada.send("/export csv"))[0]
    rows = list(csv.DictReader(io.StringIO(reply.file.data.decode())))
    actions = [r for r in rows if r["type"] == "action"]
    assert len(actions) == 1 and actions[0]["text"] == "Call Anna"


async def test_forget_needs_confirmation_then_deletes_everything(ada, core):
    await ada.say("/commit Call Anna tomorrow")
    await ada.say("Insight: I procrastinate on calls")
    assert "Delete everything?" in await ada.say("/forget")
    no_arg = ada.buttons()[1][2]
    assert "Nothing was deleted" in await ada.press("forget_no", no_arg)
    assert "Call Anna" in await ada.say("/actions")
    await ada.say("/forget")
    yes_arg = ada.buttons()[0][2]
    assert "all your data is deleted" in await ada.press("forget_yes", yes_arg)
    assert "No open actions" in await ada.say("/actions")
    assert "No insights yet" in await ada.say("/insights")
    assert "no longer open" in await ada.press("forget_yes", yes_arg)


async def test_forget_leaves_other_people_alone(core):
    ada, bob = Person(core, "1"), Person(core, "2", name="Bob")
    await bob.say("/commit Bob's task tomorrow")
    await ada.say("/forget")
    await ada.press("forget_yes", ada.buttons()[0][2])
    assert "Bob's task" in await bob.say("/actions")


@pytest.mark.parametrize("text, expected", [
    ("", "empty message"),
    ("   ", "empty message"),
    ("/frobnicate", "I don't know /frobnicate"),
    ("/acions", "Did you mean /actions?"),
    ("/", "I don't understand"),
    ("x" * 5000, "5,000 characters"),
])
async def test_bad_input_gets_a_clear_reply(ada, text, expected):
    assert expected in await ada.say(text)


async def test_any_script_and_emoji_are_kept_intact(ada):
    assert "#1 Позвонить Анне 📞, due" in await ada.say("/commit Позвонить Анне 📞 tomorrow")
    assert "#2 给客户发报价单 🚀, due" in await ada.say("/commit 给客户发报价单 🚀 by Friday")
    assert "Позвонить Анне 📞" in await ada.say("/actions")


async def test_help_lists_every_command_with_an_example(ada, core):
    text = await ada.say("/help")
    for info in core.commands():
        assert f"/{info.name}" in text and render_text(info.example, AS_TELEGRAM) in text


async def test_edits_media_and_groups_get_a_note(core):
    def incoming(**kw):
        return Incoming("telegram", "5", "5", name="Eve", **kw)
    assert "edits don't change" in (await core.handle(incoming(kind="edit", text="new")))[0].text
    assert "only read text" in (await core.handle(incoming(kind="media")))[0].text
    group = await core.handle(Incoming("telegram", "5", "-100", text="/commit x tomorrow", private=False))
    assert "private chat" in group[0].text


async def test_a_redelivered_event_is_processed_once(ada):
    first = await ada.send("/commit Call Anna tomorrow", event_id="dup-1")
    again = await ada.send("/commit Call Anna tomorrow", event_id="dup-1")
    assert first and again == []
    assert (await ada.say("/actions")).count("Call Anna") == 1


async def test_unknown_button_and_stale_done_button(ada):
    assert "no longer in use" in await ada.press("explode", "1")
    assert "You have no action #7" in await ada.press("done", "7")


@pytest.mark.parametrize("action, arg", [
    ("done", "99999999999999999999"), ("done", "-1"), ("save_action", "9" * 30), ("forget_yes", "x"),
    ("more_time", "123456789012"), ("insight_act", "0"), ("insight_thought", ""), ("drop", "1e9"),
])
async def test_forged_button_args_get_a_clear_answer(ada, action, arg):
    text = await ada.press(action, arg)
    assert text and "went wrong" not in text


async def test_huge_numbers_in_commands(ada):
    assert "You have no action #99999999999999999" in await ada.say("/done 99999999999999999")
    assert "Sorry" not in await ada.say("/move 99999999999 Friday")


async def test_nul_and_broken_unicode_are_cleaned_not_fatal(ada):
    assert "#1 Call Anna, due" in await ada.say("/commit Call\x00 Anna tomorrow")
    assert "#2" in await ada.say("/commit Bad \ud800 char tomorrow")
    assert "Call Anna" in await ada.say("/actions")
