"""The read-only web door: aiohttp serving the pages behind signed links, in the bot's own
event loop. One route shows a page (`/p/<token>`); everything else is a plain "not found" (no
index, no listing). Responses are never cached, never framed, and send no referrer, so a
link does not leak from the page through a click."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.web.render import html
from handlers import Clock
from handlers.turn import CoreConfig
from handlers.web_links import LinkSigner
from handlers.web_pages import Refused, open_page
from storage import Store

log = logging.getLogger(__name__)

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
NOT_FOUND = ("<!doctype html><meta charset=utf-8><title>Not found</title>"
             "<p>Nothing here. Pages open from the links the bot gives in chat.")


class WebServer:
    """Serves the pages on `host:port` (port 0: any free port; `port` holds the real one after start)."""

    def __init__(self, store: Store, clock: Clock, config: CoreConfig, signer: LinkSigner,
                 host: str = "127.0.0.1", port: int = 8080) -> None:
        self.store, self.clock, self.config, self.signer = store, clock, config, signer
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self.warming: asyncio.Task[None] | None = None  # the chart worker's start, kept until stop

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/p/{token}", self.page)
        app.router.add_route("*", "/{tail:.*}", self.not_found)
        return app

    async def page(self, request: web.Request) -> web.Response:
        page = await open_page(self.store, self.signer, self.config, request.match_info["token"], self.clock.now())
        if isinstance(page, Refused):
            log.info("web link refused (%s) from %s", page.reason, request.remote)
        status = 403 if isinstance(page, Refused) else 200
        return web.Response(text=await html(page), content_type="text/html", charset="utf-8", status=status,
                            headers=HEADERS)

    async def not_found(self, request: web.Request) -> web.Response:
        return web.Response(text=NOT_FOUND, content_type="text/html", status=404, headers=HEADERS)

    async def start(self) -> str:
        """Listen; returns the address the pages are served on (http://host:port)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        self.port = self._runner.addresses[0][1]  # the real port when 0 asked for any free one
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        if self.warming is not None and not self.warming.done():
            self.warming.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
