"""What a message's buttons become after a press (bot/pressed.py), for the keyboards people get."""
from __future__ import annotations

from bot.pressed import after_press

CHECKIN = [[("✅ Done", "done:1"), ("⏳ Need more time", "more_time:1"), ("🗑 Drop", "drop:1")],
           [("⏰ 1 h", "snooze:1:1h:0"), ("📅 Next week", "snooze:1:week:0")]]


def test_a_press_on_one_checkin_settles_all_its_buttons() -> None:
    assert after_press(CHECKIN, "snooze:1:1h:0") == ([], "⏰ 1 h")


def test_a_bundle_press_settles_only_that_items_rows_snoozes_included() -> None:
    bundle = [[("#1 ✅ Done", "done:1"), ("#1 🗑 Drop", "drop:1")],
              [("#1 ⏰ 1 h", "snooze:1:1h:0"), ("#1 📅 Next week", "snooze:1:week:0")],
              [("#2 ✅ Done", "done:2"), ("#2 🗑 Drop", "drop:2")],
              [("#2 ⏰ 1 h", "snooze:2:1h:0")]]
    kept, label = after_press(bundle, "snooze:1:week:0")
    assert label == "#1 📅 Next week" and kept == [list(bundle[2]), list(bundle[3])]
    kept, _ = after_press(bundle, "done:2")
    assert kept == [list(bundle[0]), list(bundle[1])]


def test_a_list_of_done_buttons_loses_only_the_pressed_one() -> None:
    rows = [[("✅ #1", "done:1"), ("✅ #2", "done:2"), ("✅ #3", "done:3")]]
    assert after_press(rows, "done:2") == ([[("✅ #1", "done:1"), ("✅ #3", "done:3")]], "✅ #2")
