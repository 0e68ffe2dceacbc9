"""Reading a time zone the way people type it: "Europe/Berlin", "Berlin", "New York", "+02:00",
"AEST", "Pune", "Portland, Maine".

Zones are stored as IANA names, or as "UTC+HH:MM" for a bare offset (a fixed offset has no
DST rules; the reply says so and suggests a city instead). Names are read in this order: an
offset or an IANA name, a known alias or abbreviation, then the world's cities (`cities`,
offline), then the city part of an IANA name. A city name shared by places in different zones
is settled by population only when the biggest is at least CLEAR_LEAD times the next (Paris,
France over Paris, Texas, with the other offered as a button); otherwise the person picks
(Portland: Oregon or Maine).
"""
from __future__ import annotations

import asyncio
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from handlers import cities

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)

# Names people use that are not the last part of an IANA name.
_ALIASES = {
    "nyc": "America/New_York", "new york city": "America/New_York", "washington": "America/New_York",
    "washington dc": "America/New_York", "dc": "America/New_York", "boston": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York", "philadelphia": "America/New_York",
    "la": "America/Los_Angeles", "sf": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles",
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
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "acst": "Australia/Adelaide",
    "acdt": "Australia/Adelaide", "awst": "Australia/Perth", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    "jst": "Asia/Tokyo", "kst": "Asia/Seoul", "hkt": "Asia/Hong_Kong", "sgt": "Asia/Singapore",
    "pht": "Asia/Manila", "wib": "Asia/Jakarta", "ict": "Asia/Bangkok", "pkt": "Asia/Karachi",
    "gst": "Asia/Dubai", "msk": "Europe/Moscow", "wet": "Europe/Lisbon", "west": "Europe/Lisbon",
    "eet": "Europe/Athens", "eest": "Europe/Athens", "sast": "Africa/Johannesburg", "wat": "Africa/Lagos",
    "cat": "Africa/Maputo", "eat": "Africa/Nairobi", "brt": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
    "ast": "America/Halifax", "adt": "America/Halifax", "nst": "America/St_Johns", "akst": "America/Anchorage",
    "akdt": "America/Anchorage", "hst": "Pacific/Honolulu",
}
CLEAR_LEAD = 20  # population ratio at which the bigger of two same-named cities is assumed
MAX_CHOICES = 4


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


def _key(raw: str) -> str:
    return (_fold(raw.lower().replace("_", " ")) if "/" not in raw else raw.lower()).rstrip(".")


def _direct(raw: str) -> str | None:
    """An offset, an IANA name or an alias: what needs no city table."""
    m = _OFFSET.match(raw)
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    key = _key(raw)
    if key in _ALIASES:
        return _ALIASES[key]
    if "/" in raw:
        if key in _names():
            return _names()[key]
        try:
            ZoneInfo(raw)
            return raw
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def resolve_zone(text: str) -> str | None:
    """The stored form of the zone the person meant, without the city table (fast; for
    names platforms send, like Slack's IANA zones), or None."""
    raw = " ".join(text.strip().split())
    if not raw or len(raw) > 100:
        return None
    return _direct(raw) or _names().get(_key(raw))


@dataclass(frozen=True)
class ZoneAnswer:
    """What a typed zone or city settles. `zone` is set when it is settled (`place` names the
    city that decided it); `choices` (label, zone) are the other places of that name when
    settled, or the places to pick from when not."""

    zone: str | None
    place: str | None = None
    choices: tuple[tuple[str, str], ...] = ()


def _from_cities(raw: str) -> ZoneAnswer | None:
    table = cities.atlas()
    per_zone: dict[str, cities.City] = {}
    for city in cities.find_cities(raw):  # biggest first: keep the biggest city of each zone
        per_zone.setdefault(city.zone, city)
    ranked = list(per_zone.values())
    if not ranked:
        return None
    labelled = tuple((table.label(c), c.zone) for c in ranked[:MAX_CHOICES])
    if len(ranked) == 1 or ranked[0].population >= CLEAR_LEAD * ranked[1].population:
        return ZoneAnswer(ranked[0].zone, labelled[0][0], labelled[1:])
    return ZoneAnswer(None, None, labelled)


def lookup_zone(text: str) -> ZoneAnswer:
    """Read a zone, a city (with its country or US state) or an offset; blocking on first use
    while the city table is built (see `find_zone`)."""
    raw = " ".join(text.strip().split())
    if not raw or len(raw) > 100:
        return ZoneAnswer(None)
    direct = _direct(raw)
    if direct is not None:
        return ZoneAnswer(direct)
    return _from_cities(raw) or ZoneAnswer(_names().get(_key(raw)))


async def find_zone(text: str) -> ZoneAnswer:
    """`lookup_zone` for the event loop: the first lookup builds the city table (about a
    second) in a worker thread, so other chats are not held up."""
    if cities.loaded():
        return lookup_zone(text)
    return await asyncio.to_thread(lookup_zone, text)


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


class NoLocationSupport(RuntimeError):
    """timezonefinder (the optional `location` extra) is not installed."""


@lru_cache(maxsize=1)
def _finder():  # type: ignore[no-untyped-def]
    try:
        from timezonefinder import TimezoneFinder
    except ImportError as missing:
        raise NoLocationSupport("pip install 'followthrough[location]'") from missing
    return TimezoneFinder()


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on land (offline: timezonefinder's polygons), or None for the open
    sea and impossible coordinates. Raises NoLocationSupport without timezonefinder."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also False for NaN
        return None
    name = _finder().timezone_at(lat=latitude, lng=longitude)
    return name if name and not name.startswith("Etc/") and resolve_zone(name) == name else None


async def find_zone_at(latitude: float, longitude: float) -> str | None:
    """`zone_at` for the event loop: the first call loads the polygons (about half a second) in a
    worker thread."""
    if _finder.cache_info().currsize:
        return zone_at(latitude, longitude)
    return await asyncio.to_thread(zone_at, latitude, longitude)
