"""Reading time zones the way people type them."""
from __future__ import annotations

import pytest

from handlers.zones import resolve_zone, zone


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
