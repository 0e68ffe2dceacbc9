"""Charts a coach would put in front of a client: the axis fits the data, whole numbers for
counts, each period against its target, completed actions labelled without overlap, and no
chart at all when there is too little data for a trend. The same drawing gives the digest's
PNG and the pages' SVG."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta

from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.dates import num2date

from handlers.chart import MIN_PERIODS, build
from handlers.chart_draw import BELOW, ON_TARGET, draw, render, render_svg
from storage import Metric
from tests.support.chat import Person

END = date(2026, 11, 27)
CALLS = Metric(person_id=1, name="calls", cadence="daily", target=20, kind="effort", created_at=datetime(2026, 1, 1))


def _daily(n: int, start: int = 10) -> list[tuple[date, float]]:
    return [(END - timedelta(days=n - 1 - i), float(start + i)) for i in range(n)]


def test_no_chart_below_the_data_threshold() -> None:
    assert build("t", [(CALLS, _daily(MIN_PERIODS - 1))], [(END, 1), (END, 2)], END) is None
    assert build("t", [], [(END, 1)], END) is None               # actions alone show no trend
    data = build("t", [(CALLS, _daily(MIN_PERIODS))], [], END)
    assert data is not None and len(data.series[0].points) == MIN_PERIODS


def test_the_axis_fits_one_week_of_data_and_ticks_are_whole_numbers() -> None:
    data = build("t", [(CALLS, _daily(5, start=1))], [(END - timedelta(days=1), 1)], END)
    assert data is not None
    fig = draw(data)
    left, right = (num2date(x).date() for x in fig.axes[0].get_xlim())
    assert left == END - timedelta(days=4) and (right - left).days <= 7       # not eight weeks for five days
    ticks = fig.axes[0].get_yticks()
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)    # no "0.5 calls"


def test_each_period_against_the_target_on_target_in_green() -> None:
    points = [(END - timedelta(days=3), 25.0), (END - timedelta(days=2), 12.0), (END - timedelta(days=1), 20.0),
              (END, 19.0)]
    data = build("t", [(CALLS, points)], [], END)
    assert data is not None
    fig = draw(data)
    bars = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    colours = [to_hex((float(r), float(g), float(b))) for r, g, b, _ in bars.get_facecolor()]  # type: ignore[misc, str-unpack]
    assert colours == [ON_TARGET, BELOW, ON_TARGET, BELOW]
    assert "on target 2 of 4 days" in fig.axes[0].get_title(loc="left")


def test_long_engagements_fold_into_weeks_then_months() -> None:
    weeks = build("t", [(CALLS, _daily(120))], [], END)
    months = build("t", [(CALLS, _daily(800))], [], END)
    assert weeks is not None and weeks.series[0].period_days == 7 and len(weeks.series[0].points) in (18, 19)
    assert months is not None and months.series[0].period_days == 30
    first_week = weeks.series[0].points[1]  # a full week: the average of its seven days
    assert first_week[0].weekday() == 0


def _labels(fig):
    timeline = fig.axes[-1]
    renderer = fig.canvas.get_renderer()
    return [t for t in timeline.texts if t.get_gid() == "done-label"], renderer, timeline


def test_action_labels_never_overlap_and_stay_inside_the_chart() -> None:
    for n, spacing in ((3, 1), (12, 1), (40, 2), (150, 1)):
        done = [(END - timedelta(days=i * spacing % 60), 100 + i) for i in range(n)]
        data = build("t", [(CALLS, _daily(60))], done, END)
        assert data is not None
        fig = draw(data)
        labels, renderer, timeline = _labels(fig)
        boxes = [t.get_window_extent(renderer) for t in labels]
        assert boxes, f"{n} actions: some label"
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), f"{n} actions: labels overlap"
        frame = timeline.get_window_extent(renderer)
        assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    small = build("t", [(CALLS, _daily(10))], [(END, 7), (END - timedelta(days=5), 8)], END)
    assert small is not None
    few = _labels(draw(small))[0]
    assert sorted(t.get_text() for t in few) == ["#7", "#8"]               # short, readable, one each


def test_what_came_of_an_action_is_on_its_label_when_there_is_room() -> None:
    small = build("t", [(CALLS, _daily(10))], [(END, 7), (END - timedelta(days=5), 8)], END)
    assert small is not None
    said = replace(small, outcomes=((7, "2 intros booked"), (8, "a much longer account of what happened next")))
    texts = sorted(t.get_text() for t in _labels(draw(said))[0])
    assert texts == ["#7 → 2 intros booked", "#8 → a much longer account…"]
    crowded = build("t", [(CALLS, _daily(60))], [(END - timedelta(days=i), 100 + i) for i in range(40)], END)
    assert crowded is not None
    fig = draw(replace(crowded, outcomes=tuple((100 + i, f"outcome number {i}") for i in range(40))))
    labels, renderer, _ = _labels(fig)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert boxes and not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))  # too many: plain groups
    assert not any("→" in t.get_text() for t in labels)


def test_the_same_drawing_as_png_and_svg_and_hostile_text_is_text() -> None:
    odd = Metric(person_id=1, name="<b>$5 $deals</b>", cadence="weekly", target=3, unit="$",
                 created_at=datetime(2026, 1, 1))
    mondays = [(END - timedelta(days=END.weekday() + 7 * i), float(i)) for i in range(4)]
    data = build("A $name & <script>", [(odd, mondays)], [], END)
    assert data is not None
    png = render(data)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = render_svg(data)
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg and "$5 $deals" in svg


async def test_a_digest_with_too_little_data_has_no_chart(core, clock) -> None:
    ada = Person(core, "2", name="Ada")
    await ada.say("/tz Berlin")
    await ada.say("/metric add calls daily target 20")
    await ada.say("/log calls 4")
    await ada.say("/commit Call Anna tomorrow")
    reply = (await ada.send("/digest"))[0]
    assert "📈 calls" in reply.text and reply.file is None
