"""Which way round a person writes numeric dates: "05/03" is 5 March in Berlin, May 3 in New York.

Decided by the country of the person's zone (tzdata's zone.tab, offline): month-first where
that is the everyday convention (the United States and its territories, Canada, the
Philippines, Micronesia, the Marshall Islands, Palau), day-first everywhere else. A zone
with no country (UTC, a bare offset) keeps the reader's month-first default. Whatever the
reading, the bot echoes the date back in words ("Thu 5 Mar"), so a surprise shows at once.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

MONTH_FIRST_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "CA", "PH", "FM", "MH", "PW"})
_MONTH_FIRST_PREFIXES = ("US/", "Canada/")  # old link names, not in zone.tab


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country code, from tzdata's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                table[fields[2]] = fields[0]
    return table


@lru_cache(maxsize=1024)
def day_first(zone_name: str | None) -> bool:
    """True when people in `zone_name` write the day before the month."""
    if not zone_name:
        return False
    country = zone_countries().get(zone_name)
    if country is None:
        return False if zone_name.startswith(_MONTH_FIRST_PREFIXES) or "/" not in zone_name else True
    return country not in MONTH_FIRST_COUNTRIES
