"""Word tables and regex fragments shared by every deadline extractor.

Keeping the vocabulary in one place means a new chat spelling ("2moro", "thurs") is added
once and every grammar rule that mentions weekdays, months or numbers picks it up.
All fragments are plain strings (no groups) meant to be embedded in larger patterns that
run on lower-cased text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta, timezone

from handlers.timing.words import read_weekday

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1,
    "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
#: Abbreviations that are also ordinary English words; they only count with context.
AMBIGUOUS_WORDS = {"sat", "sun", "wed", "mar", "may", "march", "second"}

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "febr": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}

#: Fixed offsets for the zone abbreviations people type after a time ("4pm CET").
TZ_ABBREVIATIONS: dict[str, timedelta] = {
    "utc": timedelta(0), "gmt": timedelta(0), "z": timedelta(0),
    "wet": timedelta(0), "west": timedelta(hours=1), "bst": timedelta(hours=1),
    "cet": timedelta(hours=1), "cest": timedelta(hours=2),
    "eet": timedelta(hours=2), "eest": timedelta(hours=3), "msk": timedelta(hours=3),
    "ist": timedelta(hours=5, minutes=30), "sgt": timedelta(hours=8), "hkt": timedelta(hours=8),
    "jst": timedelta(hours=9), "kst": timedelta(hours=9),
    "aest": timedelta(hours=10), "aedt": timedelta(hours=11),
    "est": timedelta(hours=-5), "edt": timedelta(hours=-4),
    "cst": timedelta(hours=-6), "cdt": timedelta(hours=-5),
    "mst": timedelta(hours=-7), "mdt": timedelta(hours=-6),
    "pst": timedelta(hours=-8), "pdt": timedelta(hours=-7),
}


def _alt(words: Iterable[str]) -> str:
    """Alternation with the longest words first so 'thurs' wins over 'thu'."""
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


WD = _alt(WEEKDAYS) + r"\b\.?"
WD_PLURAL = _alt([w for w in WEEKDAYS if len(w) > 3]) + "s"
MON = _alt(MONTHS) + r"(?![a-z])\.?"
_ONES = _alt([w for w in SMALL_NUMBERS if SMALL_NUMBERS[w] and SMALL_NUMBERS[w] < 10 and w != "oh"])
NUMWORD = (r"(?:" + _alt(TENS) + r"(?:[\s-]" + _ONES + r")?|"
           + _alt([w for w in SMALL_NUMBERS if w != "oh"]) + r")\b")
ORDWORD = (r"(?:(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
           + _alt(ORDINAL_WORDS) + r")\b")
#: A day of the month written as digits (optionally with a suffix) or as an ordinal word.
DAYTOK = r"(?:[0-3]?\d(?:st|nd|rd|th)?(?![\d:])|" + ORDWORD + ")"
#: Small ordinals used to count ("third tuesday", "2nd last week").
ORDSMALL = r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\b"
TZ = r"\(?(?:" + _alt(TZ_ABBREVIATIONS) + r"|(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?)\b\)?"

_ORD_SUFFIX = re.compile(r"(st|nd|rd|th)$")


def word_number(text: str) -> int | None:
    """'twenty-one' -> 21, '7' -> 7, 'a'/'an' -> 1; None when not a number."""
    t = text.strip().replace("-", " ")
    if t.isdecimal():
        return int(t)
    if t in ("a", "an"):
        return 1
    parts = t.split()
    total = 0
    for p in parts:
        if p in TENS:
            total += TENS[p]
        elif p in SMALL_NUMBERS:
            total += SMALL_NUMBERS[p]
        else:
            return None
    return total if parts else None


def ordinal_number(text: str) -> int | None:
    """'3rd' -> 3, 'third' -> 3, 'twenty-first' -> 21, '15' -> 15."""
    t = _ORD_SUFFIX.sub("", text.strip()) if text.strip()[:1].isdecimal() else text.strip()
    if t.isdecimal():
        return int(t)
    t = t.replace("-", " ")
    parts = t.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINAL_WORDS:
        return TENS[parts[0]] + ORDINAL_WORDS[parts[1]]
    if len(parts) == 1 and parts[0] in ORDINAL_WORDS:
        return ORDINAL_WORDS[parts[0]]
    return None


def month_number(text: str) -> int:
    """Month index for a (possibly dotted) month name."""
    return MONTHS[text.rstrip(".").strip()]


def weekday_number(text: str) -> int:
    """Monday=0 index for a weekday name the patterns above matched (dotted or plural too), read
    by the project's one weekday reader."""
    number = read_weekday(text)
    if number is None:
        raise ValueError(f"not a weekday: {text!r}")
    return number


def tz_offset(text: str) -> timezone | None:
    """A fixed-offset tzinfo for 'cet', 'utc+2', '(bst)'; None when unknown."""
    t = text.strip("() ").replace(" ", "")
    if t in TZ_ABBREVIATIONS:
        return timezone(TZ_ABBREVIATIONS[t])
    m = re.fullmatch(r"(?:utc|gmt)([+-])(\d{1,2})(?::?(\d{2}))?", t)
    if not m:
        return None
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
