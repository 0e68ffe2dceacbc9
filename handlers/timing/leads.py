"""Reminder leads as people type them: "1d 2h 15m", "24h, 1h", "90m", "off"."""
from __future__ import annotations

import re
from datetime import timedelta

_UNIT = r"(?:days|day|d|hours|hour|hrs|hr|h|minutes|minute|mins|min|m|weeks|week|wks|wk|w)(?![a-z])"
_PART = re.compile(rf"(\d{{1,4}})\s*({_UNIT})", re.IGNORECASE)
# One lead is number-unit pairs written together ("2h30m"); leads are separated by spaces,
# commas or "and" ("1d 2h 15m" is three leads).
_LEAD = re.compile(rf"\d{{1,4}}\s*{_UNIT}(?:\d{{1,4}}\s*{_UNIT})*", re.IGNORECASE)
_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1), "w": timedelta(weeks=1)}
MAX_LEAD = timedelta(days=14)
MAX_LEADS = 5


def parse_leads(text: str) -> tuple[timedelta, ...] | None:
    """Distinct leads, longest first; () for "off"; None when the text is not a list of leads
    (or a lead is zero or beyond two weeks)."""
    cleaned = text.strip().lower()
    if cleaned in {"off", "none", "no", "0"}:
        return ()
    leftover = re.sub(r"\band\b", " ", _LEAD.sub("", cleaned)).replace(",", " ").strip()
    found = _LEAD.findall(cleaned)
    if leftover or not found:
        return None
    leads = set()
    for lead in found:
        delta = sum((_UNITS[unit[0].lower()] * int(n) for n, unit in _PART.findall(lead)), timedelta(0))
        if delta <= timedelta(0) or delta > MAX_LEAD:
            return None
        leads.add(delta)
    if len(leads) > MAX_LEADS:
        return None
    return tuple(sorted(leads, reverse=True))


def format_lead(lead: timedelta) -> str:
    minutes = int(lead.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    return " ".join(f"{v}{u}" for v, u in ((days, "d"), (hours, "h"), (mins, "m")) if v) or "0m"


def store_leads(leads: tuple[timedelta, ...]) -> str:
    """Canonical stored form: minutes, comma-separated ("1440,60"); "" means off."""
    return ",".join(str(int(lead.total_seconds() // 60)) for lead in leads)


def load_leads(stored: str) -> tuple[timedelta, ...]:
    return tuple(timedelta(minutes=int(m)) for m in stored.split(",") if m.strip())


def leads_from(stored: str | None, default: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
    """A person's stored leads ("1440,60", "" for off), or the default when they never set any."""
    return default if stored is None else load_leads(stored)
