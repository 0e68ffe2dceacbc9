"""The web pages in a real browser: `followthrough chat` runs as its own process (its web server
on a free port of 127.0.0.1), the coach asks it for `dashboard` on stdin, and Debian's
Chromium (headless, driven by Playwright) opens what it answered. One browser and one process
for the module; a screenshot of each page is kept in tests/artifacts/ (git ignores it).

The data is seeded beforehand through the core, dated around the real clock (the process
reads the system clock): a coach whose clients need attention in a known order, one client
with an engagement of insights, actions and a metric (the chain and the chart), a hostile
name in every place a name shows, and a sales team for the manager's page.
"""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from handlers import Core, ManualClock
from handlers.turn import CoreConfig
from handlers.web_pages import make_signer
from storage import Store
from tests.support.chat import Person


ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
COACH_USER = "coachsam"
HOSTILE = '<img src=x onerror="document.title=1">Bob'


@dataclass
class Served:
    base: str
    db: str
    links: dict[str, str]
    proc: subprocess.Popen[str]


async def _seed(db: str) -> None:
    """Three clients of the terminal's coach, one of another coach, and a team."""
    store = Store(db)
    await store.migrate()
    now = datetime.now(timezone.utc)
    clock = ManualClock(now - timedelta(days=12))
    core = Core(store, clock, CoreConfig(default_timezone="Europe/Berlin"))
    sam = Person(core, COACH_USER, platform="terminal", name="Sam")
    await sam.say("/tz Berlin")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    ada, bob, cy = (Person(core, "101", name="Ada"), Person(core, "102", name=HOSTILE), Person(core, "103", name="Cy"))
    for p in (ada, bob, cy):
        await p.say("/tz Berlin")
        await p.say(f"/join {code}")
    await ada.say("/metric add calls daily target 20 effort")
    assert "Ada" in await sam.say("/session add Ada in 1 hour")
    clock.advance(timedelta(hours=1, minutes=30))                # during the session: its insight
    await ada.say("Insight: I talk more than I listen <script>alert(1)</script>")
    await ada.say("I'll ask three questions before pitching by tomorrow 5pm")
    for day in range(10):
        await ada.say(f"/log calls {20 + day}")
        if day == 0:
            await ada.say("/done 1")
        if day == 3:
            await ada.say("/commit Send the <b>Acme</b> proposal in 2 days")
        if day == 4:
            await ada.say("/done 2")
        clock.advance(timedelta(days=1))
    await ada.say("/commit Book the workshop next Friday")
    clock.set(now - timedelta(days=5))
    await bob.say("/commit Call the bank tomorrow 9am")     # missed by now: the most in need of attention
    clock.set(now - timedelta(hours=1))
    await cy.say("/commit Renew the lease in 30 minutes")   # overdue, not missed yet
    await ada.say("/log calls 25")                           # on target this week, whatever the weekday
    assert "Ada" in await sam.say("/session add Ada in 3 days")
    eve = Person(core, "104", name="Eve")
    await eve.say("/tz Berlin")
    boss = Person(core, "U1", platform="slack", name="Maya")
    await boss.say("/tz Berlin")
    await boss.send("/team create Closers", channel_id="C1")
    await boss.send("/team metric add deals daily target 3 results", channel_id="C1")
    for uid, name, deals in (("U2", "Rita", 3), ("U3", "Ron", 1)):
        rep = Person(core, uid, platform="slack", name=name)
        await rep.say("/tz Berlin")
        await rep.send("/team join", channel_id="C1")
        await rep.say(f"/log deals {deals}")
    await store.close()


async def _links(db: str, base: str) -> dict[str, str]:
    """Links as /dashboard makes them, for people who are not at the terminal (same stored secret)."""
    store = Store(db)
    now = datetime.now(timezone.utc)
    signer = await make_signer(store, None, now, base)
    core = Core(store, config=CoreConfig(default_timezone="Europe/Berlin", web=signer))
    async with store.unit() as u:
        ids = {p.name: p.id for p in [await u.people.find("telegram", i) for i in ("101", "102", "104")] if p}
        sam = await u.people.find("terminal", COACH_USER)
    assert sam is not None
    out = {"ada": _url(await Person(core, "101", name="Ada").say("/dashboard"), "record"),
           "team": _url(await Person(core, "U1", platform="slack", name="Maya").say("/dashboard"), "Team"),
           "ada_sees_bob": signer.url(ids["Ada"], "client", ids[HOSTILE], 0, now),
           "sam_sees_eve": signer.url(sam.id, "client", ids["Eve"], 0, now),
           "expired": signer.url(ids["Ada"], "client", ids["Ada"], 0, now - timedelta(days=8))}
    await store.close()
    return out


def _url(text: str, label: str) -> str:
    line = next(x for x in text.splitlines() if label in x and "http" in x)
    return re.search(r"http://\S+", line).group(0)  # type: ignore[union-attr]


def _read_until(proc: subprocess.Popen[str], pattern: str) -> str:
    assert proc.stdout is not None
    seen = ""
    for line in proc.stdout:
        seen += line
        if re.search(pattern, line):
            return seen
    raise AssertionError(f"the process ended before printing {pattern!r}:\n{seen}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("web")
    db = f"sqlite+aiosqlite:///{tmp}/ft.db"
    asyncio.run(_seed(db))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "WEB_"))}
    path = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(DATABASE_URL=db, WEB_PORT="0", USER=COACH_USER, LOGNAME=COACH_USER, PYTHONUNBUFFERED="1",
               DEFAULT_TIMEZONE="Europe/Berlin", PYTHONPATH=path)
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=tmp, env=env)
    try:
        base = re.search(r"Web pages on (http://\S+)", _read_until(proc, r"Web pages on")).group(1)  # type: ignore
        assert proc.stdin is not None
        proc.stdin.write("dashboard\n")
        proc.stdin.flush()
        answer = _read_until(proc, r"dashboard revoke")
        links = {"sam": _url(answer, "clients"), "sam_record": _url(answer, "record"), **asyncio.run(_links(db, base))}
        yield Served(base, db, links, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def page(served: Served) -> Iterator[Page]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        tab = browser.new_page(viewport={"width": 1000, "height": 800})
        tab.on("dialog", lambda d: pytest.fail(f"a script ran in the page: {d.message}"))
        yield tab
        browser.close()


def _open(page: Page, url: str, shot: str | None = None) -> int:
    response = page.goto(url)
    assert response is not None
    if shot:
        page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    return response.status


def test_the_coach_page_lists_the_clients_most_in_need_first(page, served: Served) -> None:
    assert _open(page, served.links["sam"], "coach-clients") == 200
    names = page.locator("#clients tr.client a.name").all_inner_texts()
    assert names == [HOSTILE, "Cy", "Ada"]          # missed > overdue > on track; the name shown as text
    bob_row = page.locator("#clients tr.client").first.inner_text()
    assert "missed 1" in bob_row and "0% (0 of 1)" in bob_row
    ada_row = page.locator("#clients tr.client").nth(2).inner_text()
    assert "on track" in ada_row and "100% (2 of 2)" in ada_row
    assert page.locator("#clients th", has_text="Next session").count() == 1
    assert page.title() == f"{COACH_USER}: clients" and page.locator("img").count() == 0   # the hostile name: text only


def test_a_client_page_shows_the_chain_and_the_chart(page, served: Served) -> None:
    page.goto(served.links["sam"])
    page.locator("#clients a.name", has_text="Ada").click()           # the coach's link to one client
    assert page.locator("h1").inner_text() == "Ada: the record"
    session = page.locator("#timeline .session").first
    assert session.locator("h3").inner_text().startswith("Session ")
    chain = session.locator("li.chain").first.inner_text()
    assert "I talk more than I listen <script>alert(1)</script>" in chain
    assert "#1 Ask three questions before pitching" in chain and "done on time" in chain
    assert "#2 Send the <b>Acme</b> proposal" in page.locator("body").inner_text()
    assert "#3 Book the workshop" in page.locator("#open").inner_text()
    assert "Next session:" in page.locator("body").inner_text()
    svg = page.locator("#chart svg")
    assert svg.count() == 1 and "calls: target 20" in (svg.text_content() or "")
    page.screenshot(path=str(ARTIFACTS / "client-record.png"), full_page=True)
    assert _open(page, served.links["ada"], "client-own-record") == 200
    assert page.locator("h1").inner_text() == "Ada: the record"


def test_the_record_reads_on_a_phone_and_prints(page, served: Served) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        assert _open(page, served.links["ada"], "client-record-phone") == 200
        assert page.evaluate("document.documentElement.scrollWidth") <= 390      # no sideways scrolling
        page.emulate_media(media="print")
        assert not page.locator("p.noprint").is_visible()
        pdf = page.pdf(path=str(ARTIFACTS / "client-record.pdf"))
        assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1000, "height": 800})


def test_the_managers_team_page(page, served: Served) -> None:
    assert _open(page, served.links["team"], "team-reks") == 200
    rows = page.locator("#reps tr.rep").all_inner_texts()
    assert rows[0].startswith("Ron") and "deals 1/3" in rows[0]
    assert rows[1].startswith("Rita") and "on track" in rows[1]


def test_expired_tampered_and_other_peoples_links_are_refused(page, served: Served) -> None:
    assert _open(page, served.links["expired"], "refused-expired") == 403
    assert "expired" in page.locator("h1").inner_text()
    token = served.links["ada"].rsplit("/", 1)[1]
    forged = served.links["ada"][: -len(token)] + token.replace(token[3], "A" if token[3] != "A" else "B", 1)
    for url in (forged, served.links["ada_sees_bob"], served.links["sam_sees_eve"], served.links["ada"] + "x"):
        assert _open(page, url) == 403
        assert page.locator("h1").inner_text() == "This link is not valid"
        assert "Bob" not in page.content() and "Eve" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "refused-invalid.png"))
    assert _open(page, served.base + "/") == 404 and _open(page, served.base + "/p/") == 404
