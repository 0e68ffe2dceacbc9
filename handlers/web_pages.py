"""From a link to a page: checks the signature, the expiry, the viewer's link generation and
that the viewer may still see the subject, then builds the view (handlers/web_views.py).
Every refusal looks the same from outside except expired links (which say to ask for a new
one), so a link reveals nothing about whether its subject exists. Also makes the links the
bot hands out in chat (`/dashboard`, digests).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.turn import CoreConfig
from handlers.web_links import DEFAULT_TTL, SECRET_NAME, LinkSigner, View, fresh_secret
from handlers.web_views import ClientsPage, RecordPage, TeamPage, clients_page, record_page, team_page
from storage import Person, Store, Team, Unit

Page = ClientsPage | RecordPage | TeamPage


@dataclass(frozen=True)
class Refused:
    """Why a link shows nothing: "expired" (ask the bot for a new one) or "invalid" (tampered,
    revoked, or the viewer no longer sees that page: one answer for all, on purpose)."""

    reason: str


async def make_signer(store: Store, secret: str | None, now: datetime, base_url: str = "",
                      ttl: timedelta = DEFAULT_TTL) -> LinkSigner:
    """The link signer, with `secret` (WEB_SECRET) or else the one stored in the database on the
    first start (so links survive restarts and every process on one database agrees)."""
    if not secret:
        async with store.unit() as u:
            secret = await u.web.secret(SECRET_NAME, fresh_secret(), now)
    return LinkSigner(secret, base_url, ttl)


def link(signer: LinkSigner, viewer: Person, view: View, subject: int, now: datetime) -> str:
    """A link for `viewer` to a page, in the viewer's current link generation."""
    return signer.url(viewer.id, view, subject, viewer.web_link_epoch, now)


async def may_see(u: Unit, viewer: int, view: View, subject: int) -> bool:
    """Whether the viewer may see that page now: their own record, a client they coach, or a
    team they manage; a coach's list of clients is theirs alone."""
    if view == "clients":
        return subject == viewer
    if view == "client":
        return subject == viewer or await u.coaching.is_client_of(viewer, subject)
    return await _managed(u, viewer, subject) is not None


async def _managed(u: Unit, manager: int, team_id: int) -> Team | None:
    return next((t for t in await u.teams.managed_by(manager) if t.id == team_id), None)


async def open_page(store: Store, signer: LinkSigner, config: CoreConfig, token: str,
                    now: datetime) -> Page | Refused:
    claim = signer.read(token)
    if claim is None:
        return Refused("invalid")
    if claim.expires <= now:
        return Refused("expired")
    async with store.unit() as u:
        viewer = await u.people.get(claim.viewer)
        if viewer is None or viewer.web_link_epoch != claim.epoch:
            return Refused("invalid")
        if not await may_see(u, claim.viewer, claim.view, claim.subject):
            return Refused("invalid")
        if claim.view == "clients":
            clients = await u.coaching.clients(viewer.id)
            urls = {c.id: link(signer, viewer, "client", c.id, now) for c in clients}
            return await clients_page(u, viewer, config, now, urls)
        if claim.view == "client":
            person = viewer if claim.subject == viewer.id else await u.people.get(claim.subject)
            if person is None:
                return Refused("invalid")
            return await record_page(u, person, config, now, None if person is viewer else viewer)
        team = await _managed(u, viewer.id, claim.subject)
        if team is None:
            return Refused("invalid")
        return await team_page(u, team, config, now)
