"""Reading a time zone the way people type it: "Europe/Berlin", "Berlin", "New York", "+02:00".

Zones are stored as IANA names, or as "UTC+HH:MM" for a bare offset (a fixed offset has no
DST rules; the reply says so and suggests a city instead).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)

# Names people use that are not the last part of an IANA name.
_ALIASES = {
    "nyc": "America/New_York", "new york city": "America/New_York", "washington": "America/New_York",
    "washington dc": "America/New_York", "dc": "America/New_York", "boston": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York", "philadelphia": "America/New_York",
    "la": "America/Los_Angeles", "sf": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "dallas": "America/Chicago", "houston": "America/Chicago", "austin": "America/Chicago",
    "san antonio": "America/Chicago", "minneapolis": "America/Chicago", "salt lake city": "America/Denver",
    "munich": "Europe/Berlin", "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin", "cologne": "Europe/Berlin",
    "geneva": "Europe/Zurich", "milan": "Europe/Rome", "barcelona": "Europe/Madrid", "kiev": "Europe/Kyiv",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata", "india": "Asia/Kolkata", "beijing": "Asia/Shanghai", "china": "Asia/Shanghai",
    "uk": "Europe/London", "england": "Europe/London", "germany": "Europe/Berlin", "france": "Europe/Paris",
    "spain": "Europe/Madrid", "italy": "Europe/Rome", "japan": "Asia/Tokyo", "korea": "Asia/Seoul",
    "saint petersburg": "Europe/Moscow", "st petersburg": "Europe/Moscow", "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo", "brazil": "America/Sao_Paulo", "abu dhabi": "Asia/Dubai",
    "eastern": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "central": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mountain": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
    "pacific": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "bst": "Europe/London", "ist": "Asia/Kolkata",
    "utc": "UTC", "gmt": "UTC", "z": "UTC",
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """lowercase lookup key -> IANA name: full names and their city parts."""
    table: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/", "posix/", "right/")) or "/" not in name:
            continue
        table.setdefault(name.lower(), name)
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        table.setdefault(city, name)
    for key, value in _ALIASES.items():
        table[key] = value
    table["utc"] = "UTC"
    return table


def _fold(text: str) -> str:
    """'são paulo' -> 'sao paulo': accents are optional when typing a city."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def resolve_zone(text: str) -> str | None:
    """Return the stored form of the zone the person meant, or None."""
    raw = " ".join(text.strip().split())
    if not raw:
        return None
    m = _OFFSET.match(raw)
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    key = _fold(raw.lower().replace("_", " ")) if "/" not in raw else raw.lower()
    key = key.rstrip(".")
    if key in _names():
        return _names()[key]
    if "/" in raw:
        try:
            ZoneInfo(raw)
            return raw
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def suggest_zones(text: str, n: int = 3) -> list[str]:
    """Close matches for a zone that was not understood, for the error message."""
    key = text.strip().lower()
    matches = difflib.get_close_matches(key, list(_names()), n=n, cutoff=0.75)
    return sorted({_names()[m] for m in matches})


@lru_cache(maxsize=4096)
def zone(name: str | None, default: str = "UTC") -> tzinfo:
    """The tzinfo for a stored zone name; unknown or empty names fall back to `default`."""
    name = name or default
    m = _OFFSET.match(name)
    if m and name.upper().startswith("UTC") and name.upper() != "UTC":
        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default) if name != default else timezone.utc
