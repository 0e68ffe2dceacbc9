"""/dashboard: links to the read-only web pages (a coach's clients, your own record, a team you
manage), and /dashboard revoke, which turns off every link the person was given."""
from __future__ import annotations

from datetime import datetime, tzinfo

from handlers.names import display
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.web_links import LinkSigner
from handlers.web_pages import link
from handlers.types import Reply
from storage import Person

NOT_SERVED = "The web pages are not served here, so there is no link to give."


def until(signer: LinkSigner, now: datetime, tz: tzinfo) -> str:
    end = (now + signer.ttl).astimezone(tz)
    return f"{end:%a} {end.day} {end:%b}, {end:%H:%M}"


def record_line(signer: LinkSigner, person: Person, now: datetime) -> str:
    """The line digests and /dashboard end with: the person's own record on the web."""
    return f"🌐 Your record on the web: {link(signer, person, 'client', person.id, now)}"


def clients_line(signer: LinkSigner, coach: Person, now: datetime) -> str:
    return f"🌐 Your clients on the web: {link(signer, coach, 'clients', coach.id, now)}"


async def dashboard(turn: Turn, args: str) -> list[Reply]:
    signer, me = turn.config.web, turn.person
    word = args.strip().lower()
    if word not in ("", "revoke"):
        return [Reply(f"Send {CMD}dashboard for your links, or {CMD}dashboard revoke to turn every link off.")]
    if word == "revoke":
        await turn.u.web.revoke(me.id)
        return [Reply("Done: every web link you were given no longer opens (digests' links too). "
                      f"{CMD}dashboard gives you new ones.")]
    if signer is None:
        return [Reply(NOT_SERVED)]
    lines = []
    if me.is_coach or await turn.u.coaching.clients(me.id):
        lines.append(clients_line(signer, me, turn.now))
    for team in await turn.u.teams.managed_by(me.id):
        lines.append(f"📊 Team {team.name or display(me)}: {link(signer, me, 'team', team.id, turn.now)}")
    lines.append(record_line(signer, me, turn.now))
    lines.append(f"Read-only, for you alone (anyone with a link sees that page: don't forward it). "
                 f"They work until {until(signer, turn.now, turn.tz)}; {CMD}dashboard revoke turns every one off.")
    return [Reply("\n".join(lines))]
