"""Signed, expiring links to the read-only web pages.

A link names who it was given to (the viewer), which page (their clients, one client's
record, a team), the page's subject, the viewer's link generation and when it expires, signed
with the deployment's secret (itsdangerous, HMAC-SHA1 over the payload with a salt of its
own). Nothing in it is secret, but nothing in it can be changed: a changed id, a later expiry
or a link to another person's page fails the signature. The expiry is checked against the
bot's clock, and the generation against the viewer's current one (`/dashboard revoke`), so a
link can be taken back. Whether the viewer may still see the subject is checked at each view
(handlers/web_pages.py), never trusted from the link.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from itsdangerous import BadSignature, URLSafeSerializer

View = Literal["clients", "client", "team"]
VIEWS: tuple[View, ...] = ("clients", "client", "team")
DEFAULT_TTL = timedelta(days=7)
SALT = "followthrough-web-link"
SECRET_NAME = "web_links"


def fresh_secret() -> str:
    """A new signing key (256 bits), for a deployment that sets no WEB_SECRET."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Claim:
    """What a valid signature vouches for (still to be checked: the generation and the access)."""

    viewer: int
    view: View
    subject: int
    epoch: int
    expires: datetime


class LinkSigner:
    """Makes and reads links; `base_url` is set once the web server knows its address."""

    def __init__(self, secret: str, base_url: str = "", ttl: timedelta = DEFAULT_TTL) -> None:
        self._serializer = URLSafeSerializer(secret, salt=SALT)
        self.base_url = base_url.rstrip("/")
        self.ttl = ttl

    def token(self, viewer: int, view: View, subject: int, epoch: int, now: datetime) -> str:
        expires = int((now + self.ttl).timestamp())
        return str(self._serializer.dumps([viewer, VIEWS.index(view), subject, epoch, expires]))

    def url(self, viewer: int, view: View, subject: int, epoch: int, now: datetime) -> str:
        return f"{self.base_url}/p/{self.token(viewer, view, subject, epoch, now)}"

    def read(self, token: str) -> Claim | None:
        """The claim of a well-signed token; None for anything else (tampered, truncated, junk)."""
        if len(token) > 400:
            return None
        try:
            payload = self._serializer.loads(token)
        except BadSignature:
            return None
        if (not isinstance(payload, list) or len(payload) != 5
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in payload)
                or not 0 <= payload[1] < len(VIEWS)):
            return None
        viewer, view, subject, epoch, expires = payload
        try:
            when = datetime.fromtimestamp(expires, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return Claim(viewer, VIEWS[view], subject, epoch, when)
