"""python-telegram-bot's networking on aiohttp instead of httpx.

Why: PTB lets an application bring its own networking backend (`telegram.request.BaseRequest`).
Its default, httpx, scans every pooled connection (a readability syscall for each idle one) on
each request, so with many chats answered at once the HTTP client costs more CPU than the whole
conversation (`bench/telegram_throughput.py`). aiohttp, already installed for slack-bolt, hands out
pooled connections in constant time. Everything else stays PTB's: retries, rate limiting, error
mapping from Telegram's answers.

Timeouts follow PTB's meaning: `connect_timeout` for opening a connection, `pool_timeout` for
waiting for a free one (aiohttp counts both in its `connect`), `read_timeout` between bytes of the
answer. aiohttp has no write timeout of its own and starts the read timeout only once the request
is sent, so a call that uploads a file is bounded as a whole by the sum of the four, with
`write_timeout` (20 s by default for files, as in PTB) for the upload: an upload to a peer that
stops reading ends in `TimedOut`, not in a chat stuck for the kernel's TCP timeout. (httpx bounds
each chunk instead; the files this bot sends, charts and exports, are small.) Other requests are
a few hundred bytes and need no write bound. Proxies
(`HTTPS_PROXY`, `NO_PROXY`...) and certificates (`SSL_CERT_FILE`, `SSL_CERT_DIR`, else certifi's
bundle) are found as httpx finds them, so a deployment that worked with PTB's default keeps
working; the proxy is looked up once per host (aiohttp's `trust_env` looks it up on every request,
which cost a third of the throughput).

Private API: none. "Use the default" arrives as PTB's `BaseRequest.DEFAULT_NONE` sentinel (public),
recognised by its type. `TELEGRAM_HTTP=httpx` switches back to PTB's stock `HTTPXRequest`
(`http_request`), e.g. if a PTB upgrade changes the `BaseRequest` contract before this file follows;
tests/test_private_api_contracts.py checks that contract.
"""
from __future__ import annotations

import asyncio
import os
import ssl
import urllib.request
from functools import lru_cache
from urllib.parse import urlsplit

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

DEFAULT = BaseRequest.DEFAULT_NONE   # "the caller did not say": use this request's own timeout
_DEFAULT_KIND = type(DEFAULT)        # PTB's default-value class, reached through the public sentinel


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one `aiohttp.ClientSession` with up to `connection_pool_size` connections."""

    def __init__(self, connection_pool_size: int = 256, read_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0,
                 write_timeout: float | None = 5.0, media_write_timeout: float | None = 20.0) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout, self._connect_timeout, self._pool_timeout = read_timeout, connect_timeout, pool_timeout
        self._write_timeout, self._media_write_timeout = write_timeout, media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=_tls_context()),
                headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: float | None | object = DEFAULT,
                         write_timeout: float | None | object = DEFAULT,
                         connect_timeout: float | None | object = DEFAULT,
                         pool_timeout: float | None | object = DEFAULT) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, self._read_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        total = _total(connect, pool, write, read) if files else None
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read,
                                        connect=None if pool is None or connect is None else pool + connect)
        try:
            where = urlsplit(url)
            proxy = _proxy_for(where.scheme, where.hostname or "")
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout,
                                             proxy=proxy) as res:
                return res.status, await res.read()
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def http_request(kind: str, pool_size: int, timeouts: dict[str, float]) -> BaseRequest:
    """PTB's networking: "aiohttp" (this module, the fast default) or "httpx" (PTB's stock client)."""
    if kind == "httpx":
        return HTTPXRequest(connection_pool_size=pool_size, read_timeout=timeouts.get("read_timeout"),
                            write_timeout=timeouts.get("write_timeout"),
                            connect_timeout=timeouts.get("connect_timeout"), pool_timeout=timeouts.get("pool_timeout"))
    if kind != "aiohttp":
        raise ValueError(f"unknown Telegram HTTP client {kind!r}: aiohttp or httpx")
    return AiohttpRequest(pool_size, **timeouts)


def _given(value: object, default: float | None) -> float | None:
    """A timeout the caller passed, or ours when it passed PTB's "default" sentinel."""
    if isinstance(value, _DEFAULT_KIND):
        return default
    return value if value is None else float(value)  # type: ignore[arg-type]


def _total(*parts: float | None) -> float | None:
    """The sum of the time limits, or None (no limit) when any of them is None."""
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


@lru_cache(maxsize=16)
def _proxy_for(scheme: str, host: str) -> str | None:
    """The proxy the environment names for `scheme` (HTTPS_PROXY, ALL_PROXY...), unless NO_PROXY
    exempts `host`. aiohttp speaks to HTTP proxies only."""
    proxies = urllib.request.getproxies()
    if not proxies or urllib.request.proxy_bypass(host):
        return None
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy and urlsplit(proxy).scheme not in ("http", "https"):
        raise NetworkError(f"the proxy {proxy!r} from the environment is not an HTTP proxy, which is all "
                           "this bot's Telegram client can use; set HTTPS_PROXY to an http:// proxy")
    return proxy


def _tls_context() -> ssl.SSLContext:
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    return ssl.create_default_context(cafile=certifi.where())


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """A form, as Telegram takes it: url-encoded, or multipart when files go with it."""
    if request_data is None:
        return None
    params = request_data.json_parameters
    if not request_data.contains_files:
        return params
    form = aiohttp.FormData(params)
    for name, (filename, content, mime) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
