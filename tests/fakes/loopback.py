"""Serving a stand-in's aiohttp app on 127.0.0.1, on a port the system picks."""
from __future__ import annotations

from aiohttp import web


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    """Start `app` on 127.0.0.1:0; the runner (for `cleanup()`) and the port it got."""
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, runner.addresses[0][1]   # public since aiohttp 3.9: (host, port) of each socket
