"""Everyday words, read as classes (handlers/phrases.py): several phrasings each, and the near misses
that must stay commitments or plain messages."""
from __future__ import annotations

import pytest

from handlers import phrases


@pytest.mark.parametrize("text, ref", [
    ("done with the Paul one", "the Paul one"), ("I finished #1", "#1"), ("#2 done", "#2"),
    ("mark 3 as done", "3"), ("the venue is sorted!", "the venue"),
    ("just wrapped up the newsletter 🎉", "the newsletter"),
    ("I've completed the deck", "the deck"), ("ok, finally done with Acme!", "Acme"), ("did #4", "#4"),
    ("finished!!", ""), ("done", ""), ("tick off 2", "2"), ("knocked out the budget review", "the budget review"),
])
def test_completions(text: str, ref: str) -> None:
    assert phrases.completion(text) == phrases.Completion(ref)


@pytest.mark.parametrize("text", [
    "I'll finish the report by Friday", "Done by Friday: the report", "did 12 calls today", "the report is not done",
    "not done yet", "check the numbers by friday", "is the deck done?", "report isn't done",
])
def test_not_completions(text: str) -> None:
    assert phrases.completion(text) is None


@pytest.mark.parametrize("text", [
    "what's still open?", "what do I have this week", "What do I still have?", "show me my list", "anything due today?",
    "what's left", "whats on my plate", "where am I at?", "what did I commit to",
])
def test_list_questions(text: str) -> None:
    assert phrases.is_list_question(text)


@pytest.mark.parametrize("text, kind", [
    ("I'm on vacation until March 20", "ahead"), ("I'll be away next week", "ahead"), ("off until Monday", "ahead"),
    ("taking next week off", "ahead"), ("I'm off sick today", "ahead"), ("I'll be out of office tomorrow", "ahead"),
    ("on holiday from Friday", "ahead"), ("back from vacation! what's still open?", "back"),
    ("sorry I went MIA, was sick for a week", "back"), ("I'm back!", "back"), ("been sick all week", "back"),
    ("hi, I'm back", "back"), ("Back at work, what's open?", "back"), ("We were travelling", "back"),
])
def test_absences(text: str, kind: str) -> None:
    assert phrases.absence(text) == kind


@pytest.mark.parametrize("text", [
    "I'm off to call Anna", "I'm sick of cold calls, I'll change my script by Friday", "I got off the phone with Paul",
    "I'll call Maria back after lunch tomorrow", "the deal was off", "I'll get back to Anna by Friday",
    "I'll call Anna by Friday", "I'm going to the gym tomorrow",
])
def test_not_absences(text: str) -> None:
    assert phrases.absence(text) is None


@pytest.mark.parametrize("text, rest", [
    ("hi! my coach said I should write my insights here", "my coach said I should write my insights here"),
    ("hi", ""), ("Hello there!", ""), ("good morning :)", ""),
    ("hey, I'll call Anna by Friday", "I'll call Anna by Friday"),
    ("Hiya 👋", ""),
])
def test_greetings(text: str, rest: str) -> None:
    assert phrases.greeting_rest(text) == rest


@pytest.mark.parametrize("text", ["hiring plan by friday", "Hello world is an insight", "history homework"])
def test_not_greetings(text: str) -> None:
    assert phrases.greeting_rest(text) in (None, "world is an insight")


@pytest.mark.parametrize("text", ["snooze #1 until tomorrow", "remind me about #2 later", "Please snooze the Paul one",
                                  "remind me tomorrow about the deck", "can you snooze 3"])
def test_snoozes(text: str) -> None:
    assert phrases.is_snooze(text)


@pytest.mark.parametrize("text, number", [("push #3 to Monday", 3), ("move 2 to friday", 2),
                                          ("postpone #4 until next week", 4), ("I'll move the desk by Friday", None)])
def test_move_requests(text: str, number: int | None) -> None:
    assert phrases.move_request(text) == number


@pytest.mark.parametrize("text", ["1" * 1999 + "x", "a " * 999, "done " * 400, "I'm " * 500 + "x", "12 " * 600 + "x",
                                  "calls 12, " * 190 + "x", "1," * 999 + "x", "back " * 400, "#" * 1999])
def test_adversarial_input_is_read_quickly(text: str) -> None:
    import time

    from handlers.everyday import numbers_named
    from handlers.metric_answers import pairs
    started = time.perf_counter()
    for read in (phrases.completion, phrases.is_list_question, phrases.absence, phrases.is_snooze,
                 phrases.move_request, phrases.greeting_rest, phrases.is_thanks, phrases.is_about_bot, phrases.words,
                 numbers_named, pairs):
        read(text)
    assert time.perf_counter() - started < 0.1   # a backtracking regex would take seconds
