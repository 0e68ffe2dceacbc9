"""The web pages through the real aiohttp door (in process, under the manual clock): signed
links from /dashboard and the digests, expiry, revocation, access that ends with the coaching,
forged and junk links, escaping, and the stored signing secret."""
from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from itsdangerous import URLSafeSerializer

from bot.web import WebServer
from handlers import Core
from handlers.web_links import SALT
from handlers.web_pages import make_signer
from tests.support.chat import Person

SECRET = "test-secret-0123456789"


@pytest.fixture
async def web(store, clock):
    signer = await make_signer(store, SECRET, clock.now(), "http://pages.example")
    core = Core(store, clock, replace(Core(store, clock).config, web=signer))
    server = WebServer(store, clock, core.config, signer)
    async with TestClient(TestServer(server.app())) as client:
        yield core, client


def _links(text: str) -> dict[str, str]:
    """label word -> path of each link in a reply ('clients', 'record', 'Team')."""
    out = {}
    for line in text.splitlines():
        m = re.search(r"(clients|record|Team).*?http://pages\.example(/p/\S+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


async def _get(client: TestClient, path: str) -> tuple[int, str]:
    resp = await client.get(path)
    return resp.status, await resp.text()


async def _coach_with_client(core: Core) -> tuple[Person, Person]:
    sam, ada = Person(core, "1", name="Sam"), Person(core, "2", name="Ada <script>x()</script>")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {code}")
    await ada.say("Insight: <i>listen</i> more")
    await ada.say("I'll ask & listen by tomorrow 5pm")
    return sam, ada


async def test_dashboard_links_open_the_right_pages_escaped(web) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    coach = _links(await sam.say("/dashboard"))
    assert set(coach) == {"clients", "record"}
    status, page = await _get(client, coach["clients"])
    assert status == 200 and "Ada &lt;script&gt;x()&lt;/script&gt;" in page and "<script>" not in page
    resp = await client.get(coach["clients"])
    assert resp.headers["Cache-Control"] == "no-store" and resp.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    client_path = re.search(r'href="http://pages\.example(/p/[^"]+)"', page).group(1)  # type: ignore[union-attr]
    status, record = await _get(client, client_path)
    assert status == 200 and "&lt;i&gt;listen&lt;/i&gt; more" in record and "Ask &amp; listen" in record
    own = _links(await ada.say("/dashboard"))
    assert set(own) == {"record"}                       # a client has no clients page
    assert (await _get(client, own["record"]))[1] == record


async def test_links_expire_after_seven_days(web, clock) -> None:
    core, client = web
    _, ada = await _coach_with_client(core)
    reply = await ada.say("/dashboard")
    assert "until Mon 30 Nov, 09:00" in reply
    path = _links(reply)["record"]
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert (await _get(client, path))[0] == 200
    clock.advance(timedelta(seconds=1))
    status, page = await _get(client, path)
    assert status == 403 and "This link has expired" in page and "Ada" not in page


async def test_revoke_turns_off_every_link_of_that_person_only(web) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    old, coach = _links(await ada.say("/dashboard"))["record"], _links(await sam.say("/dashboard"))["clients"]
    assert "no longer opens" in await ada.say("/dashboard revoke")
    status, page = await _get(client, old)
    assert status == 403 and "This link is not valid" in page
    assert (await _get(client, coach))[0] == 200                  # the coach's links are the coach's own
    assert (await _get(client, _links(await ada.say("/dashboard"))["record"]))[0] == 200
    exported = json.loads((await ada.send("/export"))[0].file.data)  # type: ignore[union-attr]
    assert exported["person"]["web_link_epoch"] == 1


async def test_a_coachs_link_stops_when_the_client_leaves(web) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    _, page = await _get(client, _links(await sam.say("/dashboard"))["clients"])
    client_path = re.search(r'href="http://pages\.example(/p/[^"]+)"', page).group(1)  # type: ignore[union-attr]
    await ada.say("/leave")
    assert (await _get(client, client_path))[0] == 403


async def test_forged_and_junk_links_are_refused_plainly(web, store) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    path = _links(await ada.say("/dashboard"))["record"]
    wrong_key = URLSafeSerializer("another-secret", salt=SALT)
    right_key = URLSafeSerializer(SECRET, salt=SALT)
    forged = ["/p/" + wrong_key.dumps([2, 1, 1, 0, 2**31]),        # Ada's token for Sam's record, other key
              "/p/" + right_key.dumps({"viewer": 2}),                # well signed, not a link
              "/p/" + right_key.dumps([2, 9, 1, 0, 2**31]),          # no such page
              "/p/" + right_key.dumps([2, 1, 2, 0, 10**30]),         # an expiry past any calendar
              "/p/" + right_key.dumps([2, 1, 1, 0, 2**31]),          # well signed: Ada may not see Sam
              path[:-2], path + "A", "/p/" + "A" * 5000, "/p/%00", "/p/..%2F..%2Fetc"]
    rng = random.Random(15)
    forged += ["/p/" + "".join(rng.choice("abcXYZ019-_.") for _ in range(rng.randint(1, 80))) for _ in range(20)]
    for p in forged:
        status, page = await _get(client, p)
        assert status in (403, 404) and "Sam" not in page and "Ada" not in page, p
    assert (await _get(client, "/"))[0] == 404 and (await _get(client, "/p"))[0] == 404


async def test_digests_carry_the_link_and_the_secret_is_kept(web, store, clock) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    digest = await ada.say("/digest")
    assert (await _get(client, _links(digest)["record"]))[0] == 200
    assert "Your clients on the web" in await sam.say("/digest clients")
    first = await make_signer(store, None, clock.now())
    again = await make_signer(store, None, clock.now())
    token = first.token(1, "clients", 1, 0, clock.now())
    assert again.read(token) is not None and (await make_signer(store, "other", clock.now())).read(token) is None


async def test_record_in_chat_links_to_the_page(web) -> None:
    core, client = web
    sam, ada = await _coach_with_client(core)
    own = await ada.say("/record")
    status, page = await _get(client, _links(own)["record"])
    assert status == 200 and "Ask &amp; listen" in page
    coach_view = await sam.say("/record Ada")
    path = re.search(r"http://pages\.example(/p/\S+)", coach_view).group(1)  # type: ignore[union-attr]
    assert (await _get(client, path))[0] == 200


async def test_without_web_pages_dashboard_says_so(core) -> None:
    assert "not served here" in await Person(core, "5").say("/dashboard")


async def test_0019_down_and_up_keeps_what_people_own(store, core) -> None:
    """Adding and dropping `person.web_link_epoch` rebuilds no table (on SQLite a rebuild of
    `person` would delete, by cascade, everything people own)."""
    from alembic.command import downgrade, upgrade
    from sqlalchemy import text

    from storage.migrate import alembic_config

    ada = Person(core, "2", name="Ada")
    await ada.say("/commit Call Anna by Friday 5pm")
    await ada.say("/dashboard revoke")
    for step, revision in ((downgrade, "0020"), (upgrade, "head")):
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c, step=step, revision=revision: step(alembic_config(c), revision))
    async with store.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM action"))).scalar() == 1
        assert (await conn.execute(text("SELECT web_link_epoch FROM person"))).scalar() == 0   # links made anew


async def test_a_taken_port_leaves_the_pages_off_and_says_so(store, clock, caplog) -> None:
    import logging
    import socket

    from bot.settings import Settings
    from bot.wiring import core_config, serve_web

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        settings = Settings(_env_file=None, web_port=taken.getsockname()[1])
        with caplog.at_level(logging.WARNING):
            server, config = await serve_web(store, clock, core_config(settings), settings)
        assert server is None and config.web is None
        assert "Web pages are off for this run" in caplog.text
        free = settings.model_copy(update={"web_port": 0})
        served, config = await serve_web(store, clock, core_config(free), free)
        assert served is not None and config.web is not None and config.web.base_url.startswith("http://127.0.0.1:")
        await served.stop()
    finally:
        taken.close()
