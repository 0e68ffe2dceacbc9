"""PTB's networking on aiohttp (bot/telegram/aiohttp_request.py), at the HTTP level: the forms Telegram
reads, and transport failures turned into the errors PTB's callers handle. The Bot API semantics
(429, 403, timeouts, dropped connections, uploads) are covered end to end in test_telegram_e2e."""
from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.aiohttp_request import AiohttpRequest, _proxy_for
from tests.fakes.loopback import serve

PROXY_VARIABLES = [name for kind in ("http", "https", "all", "no") for name in (f"{kind}_proxy",
                                                                              f"{kind.upper()}_PROXY")]


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[dict[str, Any]], asyncio.Event]]:
    seen: list[dict[str, Any]] = []
    release = asyncio.Event()

    async def endpoint(request: web.Request) -> web.Response:
        if request.path.endswith("/hang"):
            await release.wait()
        form = await request.post()
        fields = {k: (v.filename, v.content_type, v.file.read()) if isinstance(v, web.FileField) else v
                  for k, v in form.items()}
        seen.append({"type": request.content_type, "agent": request.headers.get("User-Agent", ""),
                     "fields": fields})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", endpoint)
    runner, port = await serve(app)
    yield f"http://127.0.0.1:{port}", seen, release
    release.set()
    await runner.cleanup()


@pytest.fixture
async def request_() -> AsyncIterator[AiohttpRequest]:
    r = AiohttpRequest(4, read_timeout=0.3, connect_timeout=1, pool_timeout=1)
    await r.initialize()
    yield r
    await r.shutdown()


def _data(**params: Any) -> RequestData:
    return RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])


async def test_plain_parameters_go_as_a_url_encoded_form(server, request_) -> None:
    url, seen, _ = server
    status, body = await request_.do_request(f"{url}/botT/sendMessage", "POST",
                                             _data(chat_id=7, text="Héllo ✅", reply_markup={"a": [1]}))
    assert status == 200 and b'"ok": true' in body
    assert seen[0]["type"] == "application/x-www-form-urlencoded"
    assert seen[0]["fields"] == {"chat_id": "7", "text": "Héllo ✅", "reply_markup": '{"a": [1]}'}
    assert seen[0]["agent"].startswith("python-telegram-bot")


async def test_a_file_goes_as_multipart_with_its_name_and_type(server, request_) -> None:
    url, seen, _ = server
    document = InputFile(b"a,b\n1,2\n", filename="export.csv")
    await request_.do_request(f"{url}/botT/sendDocument", "POST", _data(chat_id=7, document=document,
                                                                       caption="Your data"))
    fields = seen[0]["fields"]
    assert seen[0]["type"] == "multipart/form-data"
    assert fields["chat_id"] == "7" and fields["caption"] == "Your data"
    assert fields["document"] == ("export.csv", "text/csv", b"a,b\n1,2\n")


async def test_a_silent_server_is_a_timeout(server, request_) -> None:
    url, _, _ = server
    with pytest.raises(TimedOut):
        await request_.do_request(f"{url}/botT/hang", "POST", _data(chat_id=7))


async def test_an_upload_to_a_peer_that_stops_reading_times_out() -> None:
    stalled: list[asyncio.StreamWriter] = []

    async def never_read(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stalled.append(writer)                # accepts, then reads nothing: the upload stalls
    server = await asyncio.start_server(never_read, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    r = AiohttpRequest(read_timeout=0.2, connect_timeout=1, pool_timeout=0.1, media_write_timeout=0.2)
    await r.initialize()
    try:
        big = InputFile(b"x" * (32 << 20), filename="chart.png")    # more than the socket buffers hold
        with pytest.raises(TimedOut):
            await asyncio.wait_for(r.do_request(f"http://127.0.0.1:{port}/botT/sendDocument", "POST",
                                                _data(chat_id=7, document=big)), 10)
    finally:
        await r.shutdown()
        for writer in stalled:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_the_environment_proxy_is_used_as_with_ptbs_default(server, monkeypatch) -> None:
    url, seen, _ = server
    for name in PROXY_VARIABLES:                       # whatever the machine running the tests has set
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", url)              # the stand-in plays the proxy
    _proxy_for.cache_clear()
    real_lookup = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        assert host in ("127.0.0.1", "localhost"), f"looked up {host}: the proxy was bypassed"
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    r = AiohttpRequest()
    await r.initialize()
    try:   # .invalid never resolves: only a request sent through the proxy can succeed
        status, _ = await r.do_request("http://api.example.invalid/botT/sendMessage", "POST", _data(chat_id=7))
        assert status == 200 and seen[0]["fields"] == {"chat_id": "7"}
        monkeypatch.setenv("NO_PROXY", "api.example.invalid")
        _proxy_for.cache_clear()
        assert _proxy_for("http", "api.example.invalid") is None     # exempted hosts go direct
        assert _proxy_for("http", "other.example.invalid") == url
        monkeypatch.delenv("NO_PROXY")
        monkeypatch.setenv("HTTP_PROXY", "socks5://127.0.0.1:1080")
        _proxy_for.cache_clear()
        with pytest.raises(NetworkError, match="not an HTTP proxy"):   # said, not silently bypassed
            await r.do_request("http://api.example.invalid/botT/getMe", "POST")
    finally:
        await r.shutdown()
        _proxy_for.cache_clear()


async def test_a_refused_connection_is_a_network_error(request_, unused_tcp_port) -> None:
    with pytest.raises(NetworkError) as raised:
        await request_.do_request(f"http://127.0.0.1:{unused_tcp_port}/botT/getMe", "POST")
    assert not isinstance(raised.value, TimedOut)


async def test_it_must_be_initialised_and_can_be_restarted() -> None:
    r = AiohttpRequest()
    with pytest.raises(RuntimeError):
        await r.do_request("http://127.0.0.1:9/botT/getMe", "POST")
    await r.initialize()
    await r.shutdown()
    await r.initialize()                     # PTB initialises again after a shutdown
    await r.shutdown()
    assert r.read_timeout == 5.0
