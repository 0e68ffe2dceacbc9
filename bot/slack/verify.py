"""HTTP mode's front door: a request whose signature or timestamp is wrong is refused here, with one
short log line, before Bolt sees it.

Why not leave it to Bolt: Bolt's own check logs every refused request at INFO with its whole body,
so anyone who can reach the port could write a megabyte of log per request (100 forged 1 MB
requests wrote 100 MB). Here a refusal costs one line that names the size and the sender, never
the body. Bolt's verification stays on behind this (a request that passes here passes there too).
"""
from __future__ import annotations

import logging

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)


class Gate:
    """Checks Slack's `X-Slack-Signature` over `v0:{timestamp}:{body}` and the 5-minute freshness."""

    def __init__(self, signing_secret: str) -> None:
        self.verifier = SignatureVerifier(signing_secret=signing_secret)
        self.refused = 0

    async def refuse(self, request: web.Request) -> web.Response | None:
        """None when the request is Slack's; else the 401 to answer (logged in one line)."""
        body = await request.read()   # aiohttp caps it (client_max_size, 1 MiB by default)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if timestamp and signature and self.verifier.is_valid(body, timestamp, signature):
            return None
        self.refused += 1
        log.warning("Slack: refused a request with a %s signature (%d bytes from %s)",
                    "stale or wrong" if signature else "missing", len(body), request.remote)
        return web.json_response({"error": "invalid request"}, status=401)
