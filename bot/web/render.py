"""Pages as HTML: Jinja2 templates with autoescaping on, so every name, title and insight is
escaped; the only markup let through unescaped is the chart's SVG, which matplotlib writes
(escaping each text in it). Inline CSS and SVG: a page fetches nothing from anywhere."""
from __future__ import annotations

from collections import OrderedDict

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from handlers import chart
from handlers.chart_model import ChartData
from handlers.web_pages import Page, Refused
from handlers.web_views import ClientsPage, RecordPage, TeamPage

ENV = Environment(loader=PackageLoader("bot.web", "templates"), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)
MARKS = {"on_time": ("ok", "done on time"), "late": ("late", "done late"), "missed": ("missed", "missed"),
         "open": ("", "open"), "dropped": ("", "dropped")}
NEW_LINK = "Ask the bot for a new one: /dashboard on Telegram, /ft dashboard in Slack."
REFUSALS = {
    "expired": ("This link has expired", f"Links work for a limited time. {NEW_LINK}"),
    "invalid": ("This link is not valid", f"It may have been changed or revoked, or it no longer gives access. "
                                          f"{NEW_LINK}"),
}
_charts: OrderedDict[ChartData, str] = OrderedDict()
CACHED_CHARTS = 64


async def chart_svg(data: ChartData) -> str:
    """The chart's SVG, drawn in a worker process; the last 64 are kept (a page viewed again,
    or by coach and client, is not drawn twice)."""
    if data in _charts:
        _charts.move_to_end(data)
        return _charts[data]
    svg = (await chart.render_async(data, "svg")).decode()
    svg = svg[svg.index("<svg"):]
    _charts[data] = svg
    while len(_charts) > CACHED_CHARTS:
        _charts.popitem(last=False)
    return svg


async def html(page: Page | Refused) -> str:
    if isinstance(page, Refused):
        heading, text = REFUSALS[page.reason]
        return ENV.get_template("refused.html").render(heading=heading, text=text)
    if isinstance(page, ClientsPage):
        sessions = any(r.next_session for r in page.rows)
        return ENV.get_template("clients.html").render(page=page, sessions=sessions)
    if isinstance(page, RecordPage):
        svg = Markup(await chart_svg(page.chart)) if page.chart is not None else None  # noqa: S704 (matplotlib's own)
        return ENV.get_template("record.html").render(page=page, chart_svg=svg, marks=MARKS)
    assert isinstance(page, TeamPage)
    return ENV.get_template("team.html").render(page=page)
