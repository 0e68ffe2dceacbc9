"""Reading time zones the way people type them."""
from __future__ import annotations

import pytest

from handlers.zones import lookup_zone, resolve_zone, zone


@pytest.mark.parametrize("typed, stored", [
    ("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"), ("Berlin", "Europe/Berlin"),
    ("new york", "America/New_York"), ("NYC", "America/New_York"), ("Los Angeles", "America/Los_Angeles"),
    ("Mumbai", "Asia/Kolkata"), ("São Paulo", "America/Sao_Paulo"), ("+02:00", "UTC+02:00"),
    ("UTC-5", "UTC-05:00"), ("GMT+5:30", "UTC+05:30"), ("utc", "UTC"),
])
def test_resolves(typed, stored):
    assert resolve_zone(typed) == stored


@pytest.mark.parametrize("typed", ["", "Atlantis", "+15:00", "Mars/Olympus"])
def test_refuses(typed):
    assert resolve_zone(typed) is None


def test_offsets_become_fixed_zones():
    from datetime import datetime, timedelta, timezone
    assert datetime(2026, 1, 1, tzinfo=timezone.utc).astimezone(zone("UTC+05:30")).utcoffset() == \
        timedelta(hours=5, minutes=30)


@pytest.mark.parametrize("typed, stored", [
    ("Lyon", "Europe/Paris"), ("Pune", "Asia/Kolkata"), ("Osaka", "Asia/Tokyo"), ("Ottawa", "America/Toronto"),
    ("Düsseldorf", "Europe/Berlin"), ("Dusseldorf", "Europe/Berlin"), ("Berlin, Germany", "Europe/Berlin"),
    ("New York, NY", "America/New_York"), ("AEST", "Australia/Sydney"), ("Cologne", "Europe/Berlin"),
    ("Paris, Texas", "America/Chicago"), ("Portland, Maine", "America/New_York"), ("portland oregon",
                                                                                  "America/Los_Angeles"),
    ("Manchester, UK", "Europe/London"), ("São Paulo", "America/Sao_Paulo"), ("Berlin", "Europe/Berlin"),
])
def test_cities_of_the_world_are_read(typed, stored):
    assert lookup_zone(typed).zone == stored


def test_a_clearly_bigger_city_wins_and_the_others_are_offered():
    paris = lookup_zone("Paris")
    assert paris.zone == "Europe/Paris" and paris.place == "Paris, France"
    assert ("Paris, Texas, US", "America/Chicago") in paris.choices


def test_a_name_shared_by_comparable_cities_is_asked():
    portland = lookup_zone("Portland")
    assert portland.zone is None
    assert [z for _, z in portland.choices][:2] == ["America/Los_Angeles", "America/New_York"]
    assert portland.choices[0][0] == "Portland, Oregon, US"


@pytest.mark.parametrize("typed", ["Xyzzy", "", "x" * 500])
def test_unknown_places_settle_nothing(typed):
    answer = lookup_zone(typed)
    assert answer.zone is None and not answer.choices
