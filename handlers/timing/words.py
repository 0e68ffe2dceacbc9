"""The one reader each for weekday names and clock times, as people type them in settings
("fri", "Fridays", "thurs."; "17:30", "5pm", "9"). Every command that takes a day or a time of
day (/metric add, /digest time, /quiet and QUIET_HOURS, /log) reads it here."""
from __future__ import annotations

import re
from datetime import time

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def read_weekday(text: str) -> int | None:
    """Monday = 0 for a weekday name or its abbreviation of at least three letters ("tue",
    "tues", "Thursday", "fri."); None when the text is not one."""
    t = text.strip().lower().rstrip(".")
    if len(t) < 3 or not t.isalpha():
        return None
    for _ in range(3):  # "fri", then a plural's "s" off: "fridays", "weds", "wedss"
        found = next((i for i, day in enumerate(DAYS) if day.startswith(t)), None)
        if found is not None or not t.endswith("s") or len(t) <= 3:
            return found
        t = t[:-1]
    return None


def day_name(weekday: int) -> str:
    """0 -> "Monday"."""
    return DAYS[weekday].title()


def read_clock(text: str) -> time | None:
    """A time of day: "17:30", "17.30", "9", "09", "5pm", "5:30 pm"; None when it is not one."""
    m = _CLOCK.match(text.strip().lower())
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
