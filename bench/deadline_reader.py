"""Worst cases for the deadline reader (`handlers.deadlines`): the phrases that used to freeze the
event loop, and adversarial texts of a whole message (2,000 characters, the bot's limit) and of
the reader's own cap (4,096, a Telegram message). Prints min / median / max milliseconds per call.

    python bench/deadline_reader.py            # 20 runs of each case
    python bench/deadline_reader.py --runs 100

Before the bounds (issue 11): "in 2000000 business days" cost 1.2 s, one 2,000-character message
repeating it 64 s, a 4,096-character /move 174 s, all on the event loop.
"""
from __future__ import annotations

from contextlib import suppress
import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.deadlines import DeadlineInputError, find_deadline  # noqa: E402

NOW = datetime(2026, 3, 24, 10, tzinfo=ZoneInfo("Europe/Berlin"))


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CASES: list[tuple[str, str]] = [
    ("in 2000000 business days", "in 2000000 business days"),
    ("in 99999999999 days", "in 99999999999 days"),
    ("in 26000 business days (in range)", "in 26000 business days"),
    ("Send the proposal to Acme by Friday 5pm", "Send the proposal to Acme by Friday 5pm"),
]
for size in (2000, 4096):
    CASES += [
        (f"'in 2000000 business days' × {size} chars", _fill("I'll file it in 2000000 business days. ", size)),
        (f"'in 3 business days' × {size} chars", _fill("in 3 business days ", size)),
        (f"'1 ' × {size} chars (bare numbers)", _fill("1 ", size)),
        (f"'q1 ' × {size} chars (periods)", _fill("q1 ", size)),
        (f"'12:30 ' × {size} chars (clock times)", _fill("12:30 ", size)),
        (f"'3/4 ' × {size} chars (numeric dates)", _fill("3/4 ", size)),
        (f"'at 5pm ' × {size} chars", _fill("at 5pm ", size)),
        (f"mixed phrase × {size} chars", _fill("tomorrow at 5pm on the 3rd of may in 2 days ", size)),
        (f"'9' × {size} (one long number)", "in " + "9" * (size - 8) + " days"),
    ]


def run(text: str) -> float:
    started = time.perf_counter()
    with suppress(DeadlineInputError):  # a refusal is an answer too: its cost counts the same
        find_deadline(text, NOW)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{'case':48s} {'min ms':>8s} {'median':>8s} {'max':>8s}")
    for name, text in CASES:
        times = [run(text) for _ in range(args.runs)]
        print(f"{name:48s} {min(times):8.2f} {statistics.median(times):8.2f} {max(times):8.2f}")


if __name__ == "__main__":
    main()
