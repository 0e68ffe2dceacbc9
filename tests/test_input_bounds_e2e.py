"""Input that used to stall the bot or end in "something went wrong", through the real Telegram
adapter: huge quantities in deadlines, overlong commands, forged buttons and non-ASCII digits,
numbers too big to count, and numeric dates read in each person's convention."""
from __future__ import annotations

import asyncio

import pytest

from tests.fakes import FakeTelegram
from tests.support.telegram_harness import OTHER, USER, Harness

OOPS = "went wrong"


async def test_a_huge_quantity_is_refused_at_once_and_nobody_waits(tg: Harness, fake: FakeTelegram) -> None:
    # Counting 2,000,000 business days one by one, 80 times over, froze every chat for a minute.
    flood = ("I'll file it in 2000000 business days. " * 60)[:2000]
    heavy = fake.user_text(USER, flood)
    light = fake.user_text(OTHER, "/start")
    await asyncio.wait_for(asyncio.gather(tg.wait(heavy, timeout=10), tg.wait(light, timeout=10)), 10)
    assert "further ahead than I plan" in fake.texts_to(USER)[-1]
    assert "Hi" in fake.texts_to(OTHER)[-1]
    for text in ("/commit Call Anna in 99999999999 days", "I'll call Anna in 99999999999 days",
                 "/commit Renew the lease in 200 years"):
        reply = await tg.say(text)
        assert "further ahead than I plan" in reply and "100 years" in reply and OOPS not in reply
    assert "No open actions" in await tg.say("/actions")            # nothing half-saved
    assert "#1" in await tg.say("/commit Call Anna")
    assert "further ahead" in await tg.say("in 99999999999 days")   # answering "By when?"
    assert "further ahead" in await tg.say("/move 1 in 2000000 business days")
    assert "due" in await tg.say("in 3 business days")


async def test_every_text_that_reaches_the_reader_is_length_limited(tg: Harness, fake: FakeTelegram) -> None:
    await tg.say("/commit Call Anna by Friday")
    for command in ("/move 1 ", "/assign 1 Call by ", "/log calls ", "/tz "):
        reply = await tg.say(command + "in 2 days " * 400)
        assert "4,0" in reply and "shorter version" in reply, command
    assert "#1 Call Anna" in await tg.say("/actions")
    for command in ("/done", "/drop"):                     # each number was a lookup and a reply
        reply = await tg.say(command + " 1" * 900)
        assert "900 actions" in reply and "up to 20" in reply and len(fake.texts_to(USER)) < 40


@pytest.mark.parametrize("text, expected", [
    ("/done ²", "Which action?"), ("/drop ²", "Which action?"), ("/move ² tomorrow", "/move N WHEN"),
    ("/assign ² Send the deck by Friday", "no client"), ("/assign ①② Send it by Friday", "no client"),
    ("/done 99999999999999999999", "no action"),
])
async def test_non_ascii_digits_in_commands_get_a_clear_answer(tg: Harness, text: str, expected: str) -> None:
    reply = await tg.say(text)
    assert expected in reply and OOPS not in reply


@pytest.mark.parametrize("data", ["done:²", "done:①", "more_time:²", "drop:³", "insight_act:²", "save_action:²",
                                  "forget_yes:²"])
async def test_forged_presses_with_non_ascii_digits_get_a_clear_answer(tg: Harness, fake: FakeTelegram,
                                                                         data: str) -> None:
    await tg.say("/commit Call Anna by Friday")
    await tg.say("/actions")                      # a real keyboard; its callback data is then forged
    sent = await tg.deliver(fake.user_press, USER, USER, data, message_id=tg.last()["message_id"])
    assert sent and all(OOPS not in m["text"] for m in sent)


async def test_numbers_too_big_to_count_are_refused_everywhere(tg: Harness, fake: FakeTelegram) -> None:
    nines = "9" * 400                                      # float() reads this as infinity
    assert "target I can use" in await tg.say(f"/metric add calls target {nines}")
    assert "Tracking calls" in await tg.say("/metric add calls target 20")
    for text in (f"/log calls {nines}", f"/log calls 1{'0' * 13}", f"{nines} calls"):
        reply = await tg.say(text)
        assert "too big" in reply and "1,000,000,000,000" in reply, text
    assert "📈 calls" in await tg.say("/log calls 1000000000000")   # the bound itself is fine
    assert "calls" in await tg.say("/digest") and OOPS not in fake.texts_to(USER)[-1]


async def test_numeric_dates_follow_the_persons_convention(tg: Harness) -> None:
    # Monday 23 Nov 2026: "05/12" is 5 December in Berlin, May 12 in New York; echoed in words.
    await tg.say("/tz Berlin")
    assert "Sat 5 Dec" in await tg.say("/commit Send the report by 05/12")
    assert "Thu 24 Dec" in await tg.say("/commit Wrap presents by 24/12")    # no month 24 either way
    await tg.say("/metric add calls")
    assert "5 Nov" in await tg.say("/log calls 4 05/11")
    assert "Mon 2 Nov" in await tg.say("/log calls 4 2026-11-02")             # year first stays year-month-day
    await tg.say("/tz New York")
    assert "12 May" in await tg.say("/commit Send the report by 05/12")
    assert "Thu 24 Dec" in await tg.say("/commit Wrap presents by 12/24")
    assert "11 May" not in await tg.say("/log calls 4 11/05") and "5 Nov" in tg.last()["text"]


async def test_time_zones_from_the_worlds_cities(tg: Harness, fake: FakeTelegram) -> None:
    assert "Asia/Kolkata (Pune, India)" in await tg.say("/tz Pune")
    asked = await tg.say("/tz Portland")
    assert "Which one is yours?" in asked
    buttons = [b for row in tg.last()["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons][:2] == ["tz:America/Los_Angeles", "tz:America/New_York"]
    assert "Portland, Maine, US" in buttons[1]["text"]
    assert "Time zone set to America/New_York" in await tg.press("tz:America/New_York")
    paris = await tg.say("/tz Paris")
    assert "Europe/Paris (Paris, France)" in paris and "Not that Paris?" in paris
    assert "America/Chicago" in await tg.press("tz:America/Chicago")
    forged = await tg.deliver(fake.user_press, USER, USER, "tz:Mars/Olympus", message_id=tg.last()["message_id"])
    assert "out of date" in forged[0]["text"]
    assert "America/Chicago" in await tg.say("/tz")


async def test_the_first_question_takes_a_city_with_its_country(tg: Harness) -> None:
    assert "time zone" in await tg.say("/start")
    assert "Europe/Berlin (Berlin, Germany)" in await tg.say("Berlin, Germany")


def _share_location(fake: FakeTelegram, latitude: float, longitude: float) -> dict:
    message = fake._message(USER, "private", None, "Ada", "Lovelace",
                            location={"latitude": latitude, "longitude": longitude})
    return fake.queue(fake.make_update(message=message))


async def test_a_shared_location_sets_the_zone_offline(tg: Harness, fake: FakeTelegram,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    assert "Which time zone" in await tg.say("/start")
    assert not [r for r in caplog.records if "failed" in r.getMessage()]   # Telegram's answer was understood
    markup = tg.last()["reply_markup"]
    assert markup["keyboard"][0][0]["request_location"] is True and markup["one_time_keyboard"] is True
    sent = await tg.deliver(_share_location, USER, fake, 43.66, -70.25)      # Portland, Maine
    assert "Time zone set to America/New_York" in sent[0]["text"]
    sent = await tg.deliver(_share_location, USER, fake, 0.0, -30.0)         # the open Atlantic
    assert "no time zone at that spot" in sent[0]["text"]
    assert "America/New_York" in await tg.say("/tz")


async def test_without_timezonefinder_a_location_gets_a_clear_answer(tg: Harness, fake: FakeTelegram,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from handlers import zones
    zones._finder.cache_clear()
    monkeypatch.setitem(sys.modules, "timezonefinder", None)                 # as if not installed
    try:
        sent = await tg.deliver(_share_location, USER, fake, 52.52, 13.40)
        assert "can't read locations here" in sent[0]["text"] and OOPS not in sent[0]["text"]
    finally:
        zones._finder.cache_clear()
