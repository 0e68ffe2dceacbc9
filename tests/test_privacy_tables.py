"""/forget and /export against the schema itself: every table is walked from SQLModel.metadata,
so a table added later without /forget and /export coverage fails here.

Each table is in exactly one list below: the columns that identify a person in it, a path to
a person through another table, or the reason it holds nothing personal.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from scheduler import Delivery, Ticker
from handlers.types import Attachment
from tests.support.chat import Person
from tests.test_lessons import GOOD as GOOD_LESSON
from tests.support.lessons import DISCOVERY, add_lesson, answer_arg
from tests.support.senders import RecordingSender

# table -> the columns whose value is a person's id.
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("id",),
    "insight": ("person_id",),
    "action": ("person_id", "assigned_by_id"),
    "action_event": ("person_id",),
    "metric": ("person_id",),
    "metric_value": ("person_id",),
    "coach_link": ("coach_id", "client_id"),
    "coach_invite": ("coach_id",),
    "team": ("manager_id",),
    "team_member": ("person_id",),
    "pending": ("person_id",),
    "nudge": ("person_id",),
    "notice": ("person_id", "sender_id"),
    "lesson": ("owner_id",),  # a coach's own lessons (the library's have none)
    "series": ("person_id",),
    "coaching_session": ("coach_id", "client_id"),
    "session_note": ("coach_id", "client_id"),
    "skill": ("owner_id", "client_id"),
    "skill_observation": ("person_id", "observer_id"),
    "skill_bingo": ("person_id",),
    "development_goal": ("person_id",),
    "goal_action": ("person_id",),
    "quiz_attempt": ("person_id",),
    "quiz_answer": ("person_id",),
    "review_card": ("person_id",),
    "topic_mastery": ("person_id",),
}
# table -> (its column, the table it points to, that table's person column): personal through a parent.
THROUGH: dict[str, tuple[str, str, str]] = {
    "team_metric": ("team_id", "team", "manager_id"),  # a managed team's metrics go with the team
    "lesson_question": ("lesson_id", "lesson", "owner_id"),  # a coach's lesson's quiz goes with the lesson
}
# Tables that name people only inside a stored platform payload (the platform user id).
IN_PAYLOAD: dict[str, str] = {
    "inbox": "payload",
}
NOT_PERSONAL: dict[str, str] = {
    "alembic_version": "the schema's revision number",
    "seen_event": "platform event ids already handled, with the time: no person, no text",
    "server_secret": "the deployment's own keys (the web links' signing key): no person",
}
# What /export holds of each table: a function from the exported JSON to the rows it shows.
EXPORTED: dict[str, Any] = {
    "person": lambda d: [d["person"]],
    "insight": lambda d: d["insights"],
    "action": lambda d: d["actions"],
    "action_event": lambda d: [e for a in d["actions"] for e in a["history"] if e["kind"] != "created"],
    "metric": lambda d: d["metrics"],
    "metric_value": lambda d: [v for m in d["metrics"] for v in m["values"]],
    "coach_link": lambda d: d["coaching"]["links"],
    "coach_invite": lambda d: [d["coaching"]["invite"]] if d["coaching"]["invite"] else [],
    "team": lambda d: d["teams"]["managed"],
    "team_member": lambda d: d["teams"]["member_of"],
    "team_metric": lambda d: [s for t in d["teams"]["managed"] for s in t["metrics"]],
    "pending": lambda d: d["pending"],
    "nudge": lambda d: d["nudges"],
    "notice": lambda d: d["notices"],
    "lesson": lambda d: d["lessons_authored"],
    "lesson_question": lambda d: [q for lesson in d["lessons_authored"] for q in lesson["questions"]],
    "series": lambda d: d["series"],
    "coaching_session": lambda d: d["sessions"],
    "session_note": lambda d: d["session_notes"],
    "skill": lambda d: d["development"]["skills"],
    "skill_observation": lambda d: d["development"]["observations"],
    "skill_bingo": lambda d: d["development"]["bingo"],
    "development_goal": lambda d: [d["development"]["goal"]] if d["development"]["goal"] else [],
    "goal_action": lambda d: d["development"]["goal_actions"],
    "quiz_attempt": lambda d: d["knowledge"]["attempts"],
    "quiz_answer": lambda d: [a for t in d["knowledge"]["attempts"] for a in t["answers"]]
    + d["knowledge"]["review_answers"],
    "review_card": lambda d: d["knowledge"]["review_cards"],
    "topic_mastery": lambda d: d["knowledge"]["mastery"],
}
NOT_EXPORTED: dict[str, str] = {
    **NOT_PERSONAL,
    "inbox": "the raw copy of an incoming message while it is handled; what it said is exported as the insight, "
             "action or value it became",
}
CHANNEL = "C-SALES"


async def _exported(person: Person) -> Any:
    file = (await person.send("/export"))[0].file
    assert file is not None
    return json.loads(file.data)


async def _exported_csv(person: Person) -> str:
    file = (await person.send("/export csv"))[0].file
    assert file is not None
    return file.data.decode()


def _tables() -> set[str]:
    return set(SQLModel.metadata.tables) | {"alembic_version"}


def test_every_table_is_classified_once_and_every_person_reference_is_listed() -> None:
    lists = [set(PERSON_COLUMNS), set(THROUGH), set(IN_PAYLOAD), set(NOT_PERSONAL)]
    assert sum(len(x) for x in lists) == len(set().union(*lists)), "a table is in two lists"
    assert set().union(*lists) == _tables(), "a table is missing from the lists above (or one is gone)"
    assert set(EXPORTED) | set(NOT_EXPORTED) == _tables() and not set(EXPORTED) & set(NOT_EXPORTED)
    for table in SQLModel.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "person":
                assert fk.parent.name in PERSON_COLUMNS.get(table.name, ()), f"{table.name}.{fk.parent.name}"


async def _everything(core, clock, store) -> tuple[Person, Person]:
    """Ada with a row in every personal table (as coach, client, manager and member), and Bob."""
    ada = Person(core, "U1", platform="slack", name="Ada")
    bob = Person(core, "U2", platform="slack", name="Bob")
    cat = Person(core, "U3", platform="slack", name="Cat")
    for p in (ada, bob, cat):
        await p.say("/tz Berlin")
    await ada.say("/reminders 2h")
    await ada.say("/quiet 22:00-07:00")
    await ada.say("/digest time friday 16:00")
    await ada.say("Insight: mornings are for calls")
    await ada.say("I'll call Anna by tomorrow 11am")
    await ada.say("/move 1 tomorrow noon")
    await ada.say("/commit Send the deck by Friday")
    await ada.say("/drop 2")
    await ada.say("/commit Book the venue")  # no deadline: "By when?" stays pending
    await ada.say("/commit Weekly report every Friday 4pm")  # a series and its first occurrence
    await ada.say("/metric add calls daily target 20 effort")
    await ada.say("/log calls 7")
    await ada.say("/metric remove calls")
    code = (await ada.say("/coach")).split("/join ")[1].split()[0]
    await bob.say(f"/join {code}")
    await ada.say("/assign Bob Send notes by Friday")
    cat_code = (await cat.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {cat_code}")
    await ada.send("/team create Closers", channel_id=CHANNEL)
    await ada.send("/team metric add deals daily target 3 results", channel_id=CHANNEL)
    await bob.send("/team join", channel_id=CHANNEL)
    await cat.send("/team create Hunters", channel_id="C-OTHER")
    await ada.send("/team join", channel_id="C-OTHER")
    await bob.say("/commit Bob's own task by Friday")
    await ada.send("", kind="document", document=Attachment("openers.md", "text/markdown", GOOD_LESSON))
    assert "Session with Bob" in await ada.say("/session add Bob tomorrow 15:00 every 2 weeks")
    await ada.say("/session note Bob Wants to talk about pricing")
    cat_session = await cat.say("/session add Ada tomorrow 16:00")
    assert "Session with Ada" in cat_session
    # Skills and development: Ada keeps Closers' card and observes Bob; Cat keeps Hunters' card and
    # observes Ada (a bingo), Ada reports herself; Ada's goal has an action.
    await ada.send("/team skill add Asks three questions", channel_id=CHANNEL)
    await ada.say("/observe Bob 1 no talked too much")
    for i in range(4):
        await cat.send(f"/team skill add Hunter skill {i}", channel_id="C-OTHER")
    assert [await cat.say(f"/observe Ada {i} yes") for i in (1, 2, 3, 4, 4)][3].count("Bingo") == 1
    await ada.say("/used 1")
    await ada.say("/goal run my own enterprise deals by 30 June 2027")
    await ada.say("/commit Shadow Sam on a call by Friday for goal")
    await _quiz_and_review(core, clock, store, ada)
    sender = RecordingSender()

    async def no_sleep(_s: float) -> None:
        return None

    ticker = Ticker(store, sender, clock, core.config, delivery=Delivery(store, sender, clock, sleep=no_sleep))
    clock.advance(timedelta(hours=24, minutes=10))  # Tue 09:10 UTC: the 2 h reminder of #1 (due 11:00 UTC)
    await ticker.tick()
    assert any("Call Anna" in r.text for _, r in sender.sent)
    # 22:30 Berlin: Ada's and Bob's quiet hours. Cat nudges Ada, Ada nudges Bob; both notices are held.
    clock.advance(timedelta(hours=12, minutes=20))
    await cat.say("/clients")
    assert "reaches them at 07:00 their time" in await cat.press("coach_nudge", _button_arg(cat, "coach_nudge"))
    await ada.say("/clients")
    assert "reaches them at 08:00 their time" in await ada.press("coach_nudge", _button_arg(ada, "coach_nudge"))
    await ticker.tick()
    assert not any("is thinking of you" in r.text for _, r in sender.sent)
    return ada, bob


async def _quiz_and_review(core, clock, store, ada: Person) -> None:
    """Ada takes a lesson's quiz with one answer wrong (a review card, then a review answer the next
    day), which gives her mastery per topic."""
    ada_id = await _person_id(store, "U1")
    await add_lesson(store, clock.now(), number=901, questions=[DISCOVERY[0], DISCOVERY[2]])
    await ada.say("/quiz 901")
    await ada.press("quiz_answer", answer_arg(ada.buttons(), "A"))
    assert "not passed" in await ada.press("quiz_answer", answer_arg(ada.buttons(), "B"))
    clock.advance(timedelta(days=1))
    async with store.unit() as u:
        card = await u.reviews.next_due(ada_id, clock.now())
    assert card is not None
    assert "Right!" in await ada.press("review_answer", f"{card[0].id}.2")
    clock.advance(timedelta(days=-1))  # back to where the rest of the story expects the clock


def _button_arg(person: Person, action: str) -> str:
    return next(b[2] for b in person.buttons() if b[1] == action)


async def _rows(store, table: str, column: str, values: list[Any]) -> list[Any]:
    t = SQLModel.metadata.tables[table]
    async with store.engine.connect() as conn:
        return list((await conn.execute(select(t).where(t.c[column].in_(values)))).all())


async def _person_id(store, user_id: str) -> int:
    t = SQLModel.metadata.tables["person"]
    async with store.engine.connect() as conn:
        return (await conn.execute(select(t.c.id).where(t.c.platform_user_id == user_id))).scalar_one()


async def test_export_holds_a_row_of_every_personal_table(core, clock, store) -> None:
    ada, _ = await _everything(core, clock, store)
    data = await _exported(ada)
    for table, rows_of in EXPORTED.items():
        assert rows_of(data), f"/export shows nothing of {table}"
    pid = await _person_id(store, "U1")
    for table, columns in PERSON_COLUMNS.items():  # as many rows as the database holds about Ada
        if table in {"coach_link", "action", "notice", "coaching_session", "session_note", "skill",
                     "skill_observation"}:
            continue  # these also hold other people's rows that merely name Ada (checked below)
        (column,) = columns
        assert len(EXPORTED[table](data)) == len(await _rows(store, table, column, [pid])), table
    assert {(link["role_of_other"], link["other"]) for link in data["coaching"]["links"]} == {("client", "Bob"),
                                                                                             ("coach", "Cat")}
    assert data["coaching"]["assigned"] == [{"to": "Bob", "number": 1, "text": "Send notes",
                                             "created_at": data["coaching"]["assigned"][0]["created_at"]}]
    assert "Bob's own task" not in json.dumps(data)  # another person's data is not in the export
    dev = data["development"]
    assert [s["name"] for s in dev["skills"]] == ["Asks three questions"]  # the card Ada keeps
    assert {(o.get("of"), o["applied"], o.get("self_report")) for o in dev["observations"]} >= {
        ("Bob", False, None), (None, True, True)}  # what she saw of Bob, and her own report
    assert sum(1 for o in dev["observations"] if o.get("observer_id") and not o.get("self_report")) == 5
    assert [b["label"] for b in dev["bingo"]] == ["row 1"]
    shadow = next(a["number"] for a in data["actions"] if a["text"] == "Shadow Sam on a call")
    assert dev["goal"]["text"] == "run my own enterprise deals" and dev["goal_actions"][0]["number"] == shadow
    assert data["settings"]["reminder_leads"] == ["2h"] and data["settings"]["quiet_hours"] == "22:00-07:00"
    assert data["settings"]["weekly_digest"] == {"day": "friday", "time": "16:00"}
    call = data["actions"][0]
    assert [e["kind"] for e in call["history"]] == ["created", "due", "moved"]
    assert [e["deadline_local"] for e in call["history"][1:]] == ["2026-11-24T11:00:00+01:00",
                                                                  "2026-11-24T12:00:00+01:00"]
    assert [e["kind"] for e in data["actions"][1]["history"]] == ["created", "due", "dropped"]
    assert data["metrics"][0]["name"] == "calls" and data["metrics"][0]["removed"]
    assert data["metrics"][0]["values"][0]["value"] == 7.0
    assert data["pending"][0]["kind"] == "deadline"
    assert sorted(n["direction"] for n in data["notices"]) == ["from you", "to you"]
    assert any(n["kind"] == "reminder" and n["about"] == "action #1" and n["status"] == "sent"
               for n in data["nudges"])
    kinds = {row.split(",")[0] for row in (await _exported_csv(ada)).splitlines()[1:]}
    assert {"person", "setting", "insight", "action", "action_history", "metric", "metric_value", "client", "coach",
            "invite_code", "assigned", "team_membership", "team_managed", "pending", "nudge", "notice",
            "lesson_authored", "series", "session", "session_note", "skill", "skill_observation", "skill_bingo",
            "development_goal", "goal_action",
            "quiz_attempt", "quiz_answer", "review_answer", "review_card", "mastery"} <= kinds


async def _forget(person: Person) -> None:
    await person.say("/forget")
    assert "all your data is deleted" in await person.press("forget_yes", person.buttons()[0][2])


async def test_forget_leaves_no_row_that_names_the_person(core, clock, store) -> None:
    ada, bob = await _everything(core, clock, store)
    pid = await _person_id(store, "U1")
    parents = {table: [r.id for r in await _rows(store, parent, column, [pid])]
               for table, (_, parent, column) in THROUGH.items()}
    assert all(parents.values()), parents
    await _forget(ada)
    for table, columns in PERSON_COLUMNS.items():
        for column in columns:
            assert await _rows(store, table, column, [pid]) == [], f"{table}.{column} still names the person"
    for table, (column, parent, _) in THROUGH.items():
        assert await _rows(store, table, column, parents[table]) == [], f"{table} still holds the person's {parent}"
    # Other people keep their own data; what Ada gave Bob stays his, no longer naming her.
    assert "Bob's own task" in await bob.say("/actions") and "Send notes" in await bob.say("/actions")
    assert "You have no coach linked" in await bob.say("/coaches")


async def test_forget_leaves_no_stored_platform_message_of_the_person(core, clock, store) -> None:
    ada, _ = await _everything(core, clock, store)
    t = SQLModel.metadata.tables["inbox"]
    async with store.engine.begin() as conn:  # what the adapters store before handling a message
        await conn.execute(t.insert().values(platform="slack", event_id="Ev1", received_at=clock.now(), sender="U1",
                                             payload=json.dumps({"event": {"user": "U1", "text": "hi"}})))
        await conn.execute(t.insert().values(platform="slack", event_id="Ev2", received_at=clock.now(), sender="U2",
                                             payload=json.dumps({"event": {"user": "U2", "text": "mine"}})))
    await _forget(ada)
    for table, column in IN_PAYLOAD.items():
        t = SQLModel.metadata.tables[table]
        async with store.engine.connect() as conn:
            rows = (await conn.execute(select(t).where(t.c[column].contains('"U1"')))).all()
        assert rows == [], f"{table} still holds the person's messages"
    async with store.engine.connect() as conn:  # somebody else's waiting message is kept
        assert len((await conn.execute(select(t).where(t.c.payload.contains('"U2"')))).all()) == 1


async def test_export_history_marks_each_deadline_that_passed(core, clock) -> None:
    """Missed by the reports' rule (still open when the deadline's grace ended), done on time or late."""
    ada = Person(core, "U1", platform="slack", name="Ada")
    await ada.say("/tz Berlin")
    await ada.say("/commit Call Anna by tomorrow 11am")  # missed, then moved, then done late
    await ada.say("/commit Send the deck by Wednesday")  # moved within its grace, done in time
    await ada.say("/commit Book the venue by tomorrow 9am")  # missed and still open
    await ada.say("/commit Order cake by tomorrow 9am")  # dropped after its grace: never "missed"
    clock.advance(timedelta(days=3, hours=3))  # Thu 26 Nov 12:00 UTC: Tuesday's graces ended at midnight
    await ada.say("/move 1 Monday 5pm")
    await ada.say("/move 2 Monday 5pm")
    await ada.say("/drop 4")
    await ada.say("/done 2")
    clock.advance(timedelta(days=7))  # Thu 3 Dec: Monday's grace ended Wednesday midnight
    await ada.say("/done 1")
    data = await _exported(ada)
    kinds = [[e["kind"] for e in a["history"]] for a in data["actions"]]
    assert kinds == [["created", "due", "missed", "moved", "done"], ["created", "due", "moved", "done"],
                     ["created", "due", "missed"], ["created", "due", "dropped"]]
    missed = data["actions"][0]["history"][2]
    assert missed == {"kind": "missed", "at": "2026-11-25T23:00:00+00:00", "deadline": "2026-11-24T10:00:00+00:00",
                      "derived": True}
    assert [a["history"][-1].get("on_time") for a in data["actions"][:2]] == [False, True]


async def test_export_reads_a_long_record_in_pages_and_misses_nothing(core, monkeypatch) -> None:
    monkeypatch.setattr("storage.personal.PAGE", 2)
    ada = Person(core, "U1", platform="slack", name="Ada")
    for i in range(5):
        await ada.say(f"/commit Task {i} by Friday")
        await ada.say(f"/move {i + 1} next Monday")
    data = await _exported(ada)
    assert [a["text"] for a in data["actions"]] == [f"Task {i}" for i in range(5)]
    assert sum(len(a["history"]) for a in data["actions"]) == 5 * 3  # created, due, moved


async def test_snoozes_and_what_came_of_an_action_are_exported_and_forgotten(core, clock, store) -> None:
    """A snooze is a column and a history line of the action; "What came of it?" is a pending row, then
    two columns of the action: /export holds each, /forget deletes each."""
    ada = Person(core, "U1", platform="slack", name="Ada")
    await ada.say("/tz Europe/Berlin")
    await ada.say("/metric add calls daily")
    await ada.say("/commit Ask for referrals by Friday 5pm")
    await ada.say("/snooze 1 tomorrow")
    await ada.say("/commit Call Anna by Friday")
    await ada.say("/done 1")
    await ada.press("outcome_metric", _button_arg(ada, "outcome_metric"))
    await ada.say("2 intros booked")
    await ada.say("/done 2")                                                 # its question still waits
    data = await _exported(ada)
    first = data["actions"][0]
    assert (first["snoozes"], first["outcome"], first["outcome_metric"]) == (1, "2 intros booked", "calls")
    assert first["snoozed_until"] == "2026-11-24T08:00:00+00:00"            # Tue 09:00 in Berlin
    assert [e["kind"] for e in first["history"]] == ["created", "due", "snoozed", "done"]
    assert [(p["kind"], p["ref"]) for p in data["pending"]] == [("outcome", 2)]
    pid = await _person_id(store, "U1")
    await _forget(ada)
    for table in ("action", "action_event", "pending"):
        assert await _rows(store, table, "person_id", [pid]) == [], table
