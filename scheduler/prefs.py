"""A person's nudge preferences as the rules need them (zone, leads, quiet hours)."""
from __future__ import annotations

from handlers.turn import prefs_of as prefs_for

__all__ = ["prefs_for"]
