"""Contracts for the fast paths that lean on a library's internals, and their stock fallbacks.

* storage/sqlite_inline.py overrides aiosqlite's private `Connection._execute` (and reads `_running`,
  `_connection`, `_conn`, `_thread`) to run statements on the loop's thread: about twice as fast.
  If an aiosqlite upgrade changes any of that, these tests fail by name; FAST_SQLITE=0 is the stock path.
* bot/telegram/aiohttp_request.py implements PTB's public `BaseRequest` (no `telegram._utils` any
  more): the contract is BaseRequest's abstract methods and `do_request`'s parameters, and
  `BaseRequest.DEFAULT_NONE` for "no timeout given". TELEGRAM_HTTP=httpx is PTB's stock client.
* The stand-ins and Slack's HTTP mode read their port from aiohttp's public `AppRunner.addresses`.
"""
from __future__ import annotations

import asyncio
import inspect
import sqlite3
import threading
from typing import Any

import aiosqlite
from aiohttp import web
from telegram.request import BaseRequest, HTTPXRequest

from bot.telegram.aiohttp_request import AiohttpRequest, http_request
from handlers import Core, CoreConfig
from storage import Store
from storage.sqlite_inline import InlineConnection, connect
from tests.fakes.loopback import serve
from tests.support.chat import Person
from tests.support.telegram_harness import Harness


async def test_aiosqlite_still_has_what_the_inline_connection_overrides(tmp_path) -> None:
    assert inspect.iscoroutinefunction(aiosqlite.Connection._execute), "aiosqlite.Connection._execute is gone"
    async with connect(str(tmp_path / "c.db")) as conn:
        assert isinstance(conn._thread, threading.Thread), "aiosqlite.Connection._thread is gone"
        assert conn._running and conn._connection is not None, "aiosqlite's _running/_connection changed"
        assert isinstance(conn._conn, sqlite3.Connection), "aiosqlite.Connection._conn changed"
        here = threading.get_ident()
        assert await aiosqlite.Connection._execute(conn, threading.get_ident) != here   # the stock hop
        await conn.create_function("thread_id", 0, threading.get_ident)
        async with conn.execute("SELECT thread_id()") as cursor:
            row = await cursor.fetchone()
        # aiosqlite's public calls still go through `_execute`, so the fast path is in effect.
        assert row is not None and row[0] == here, "aiosqlite no longer routes calls through _execute"


async def test_fast_sqlite_off_is_aiosqlites_stock_path(tmp_path, clock) -> None:
    store = Store(f"sqlite:///{tmp_path / 'stock.db'}", fast_sqlite=False)
    try:
        await store.migrate()
        async with store.engine.connect() as c:
            driver = (await c.get_raw_connection()).driver_connection
        assert isinstance(driver, aiosqlite.Connection) and not isinstance(driver, InlineConnection)
        ada = Person(Core(store, clock, CoreConfig(default_timezone="UTC")))
        assert "#1" in await ada.say("/commit Send the report by Friday 5pm")
        assert "#1 Send the report" in await ada.say("/actions")
    finally:
        await store.close()


def test_ptb_base_request_contract() -> None:
    ours = set(vars(AiohttpRequest))
    assert BaseRequest.__abstractmethods__ <= ours, f"BaseRequest now wants {BaseRequest.__abstractmethods__ - ours}"
    theirs = list(inspect.signature(BaseRequest.do_request).parameters)
    assert list(inspect.signature(AiohttpRequest.do_request).parameters) == theirs, "do_request's parameters changed"
    assert all(inspect.signature(BaseRequest.do_request).parameters[name].default is BaseRequest.DEFAULT_NONE
               for name in ("read_timeout", "write_timeout", "connect_timeout", "pool_timeout"))
    timeouts = {"read_timeout": 1.0, "connect_timeout": 1.0, "pool_timeout": 1.0, "write_timeout": 1.0}
    assert isinstance(http_request("httpx", 4, timeouts), HTTPXRequest)
    assert isinstance(http_request("aiohttp", 4, timeouts), AiohttpRequest)


async def test_telegram_http_httpx_is_ptbs_stock_client(fake: Any, store: Any, clock: Any) -> None:
    h = Harness(fake, store, clock, http="httpx")
    adapter = await h.start()
    try:
        assert all(isinstance(r, HTTPXRequest) for r in adapter._requests)
        assert "Hi Ada" in await h.say("/start")
        assert "#1" in await h.say("/commit Call Anna by Friday 5pm")
    finally:
        await h.stop()


async def test_aiohttp_runner_addresses_names_the_port() -> None:
    runner, port = await serve(web.Application())
    try:
        assert port > 0 and runner.addresses == [("127.0.0.1", port)]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
        await writer.wait_closed()
    finally:
        await runner.cleanup()
