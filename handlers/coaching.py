"""Coaches and clients: invites, joining and leaving, the client list, assigned actions.

A coach reads only their own clients; a client can see exactly what their coach sees
(/shared). Invite codes are random (secrets), and a wrong code reveals nothing.
"""
from __future__ import annotations

import re
import secrets

from handlers.notices import tell
from handlers.onboarding import ask_zone, with_question
from handlers.sharing import COACH_SEES, channel_sees, leave_coach
from handlers.assigning import pick_client
from handlers.coach_actions import client_detail
from handlers.client_list import BUTTON_ROWS, by_attention, client_buttons, client_records, status_line
from handlers.names import display
from handlers.refs import CMD, invite_line
from handlers.turn import Turn
from handlers.types import Reply

CODE = re.compile(r"^[A-Za-z0-9_-]{12,32}$")
BAD_CODE = "That invite code doesn't work. Ask your coach for a fresh invite."


async def coach(turn: Turn, args: str) -> list[Reply]:
    u, me = turn.u, turn.person
    invite = await u.coaching.invite_of(me.id)
    renew = args.strip().lower() == "renew"
    if args.strip() and not renew:
        return [Reply(f"Send {CMD}coach for your invite, or {CMD}coach renew for a new code "
                      "(the old one stops working).")]
    if invite is None or renew:
        code = secrets.token_urlsafe(12)
        await u.coaching.set_invite(me.id, code, turn.now)
    else:
        code = invite.code
    if not me.is_coach:
        me.is_coach = True
        await u.people.save(me)
    head = "New invite code: the old one no longer works." if renew else "You're set up as a coach."
    return [Reply(f"{head}\nClients join by sending: {CMD}join {code}{invite_line(code)}\n"
                  f"{CMD}clients lists your clients, {CMD}assign gives one an action, "
                  f"{CMD}digest clients sums up the week.")]


async def join(turn: Turn, args: str) -> list[Reply]:
    code = args.strip()
    if not code:
        return [Reply(f"Send {CMD}join CODE with the code from your coach.")]
    the_coach = await turn.u.coaching.coach_by_code(code) if CODE.match(code) else None
    if the_coach is None or the_coach.id == turn.person.id:
        return [Reply(BAD_CODE)]
    question = await ask_zone(turn)  # an invite link is often the very first contact
    if not await turn.u.coaching.link(the_coach.id, turn.person.id, turn.now):
        return [with_question(Reply(f"You're already coached by {display(the_coach)}."), question)]
    await tell(turn, the_coach, f"🤝 {display(turn.person)} joined as your client. {CMD}clients")
    return [with_question(Reply(f"🤝 You're now coached by {display(the_coach)}. They'll see {COACH_SEES}. "
                                f"{CMD}shared shows exactly that; {CMD}leave stops sharing."), question)]


async def coaches(turn: Turn, _args: str) -> list[Reply]:
    mine = await turn.u.coaching.coaches(turn.person.id)
    if not mine:
        return [Reply(f"You have no coach linked. A coach sends you {CMD}join CODE or a link.")]
    return [Reply("Your coaches: " + ", ".join(display(c) for c in mine)
                  + f". {CMD}leave NAME stops sharing with one.")]


async def leave(turn: Turn, args: str) -> list[Reply]:
    mine = list(await turn.u.coaching.coaches(turn.person.id))
    if not mine:
        return [Reply("You have no coach linked.")]
    wanted = args.strip().lower()
    chosen = mine if wanted == "all" or (not wanted and len(mine) == 1) else \
        [c for c in mine if display(c).lower().startswith(wanted)] if wanted else []
    if not chosen:
        names = ", ".join(display(c) for c in mine)
        return [Reply(f"Which coach? You have: {names}. Send {CMD}leave NAME or {CMD}leave all.")]
    teams: list[str] = []
    for c in chosen:
        teams += [t.name for t in await leave_coach(turn.u, turn.person, c, turn.now)]
    for c in chosen:
        await tell(turn, c, f"{display(turn.person)} stopped sharing with you.")
    left = f" You also left team {', '.join(teams)}: its digest no longer shows you." if teams else ""
    return [Reply(f"Done: {', '.join(display(c) for c in chosen)} no longer sees your data.{left}")]


async def clients(turn: Turn, args: str) -> list[Reply]:
    mine = list(await turn.u.coaching.clients(turn.person.id))
    if not mine:
        hint = (f"{CMD}coach gives you an invite to share." if turn.person.is_coach
                else f"{CMD}coach sets you up as a coach.")
        return [Reply(f"No clients yet. {hint}")]
    if args.strip():
        client = pick_client(mine, args.strip())
        if isinstance(client, str):
            return [Reply(client)]
        return [await client_detail(turn, client)]
    recs = await client_records(turn, mine)
    ranked = by_attention([(i, recs[c.id]) for i, c in enumerate(mine, 1) if c.id in recs], turn.now)
    lines = [f"Your clients ({len(mine)}), last 7 days, most in need of attention first:"]
    for i, rec in ranked:
        why = rec.attention(turn.now)
        lines.append(status_line(rec, i, turn.now, turn.tz) + (f"\n   → {'; '.join(why)}" if why else ""))
    lines.append(f"{CMD}clients N shows client N's record; {CMD}assign N TEXT by WHEN gives them an action.")
    buttons = tuple(client_buttons(rec) for _, rec in ranked[:BUTTON_ROWS])
    return [Reply("\n".join(lines), buttons=buttons)]


async def shared(turn: Turn, _args: str) -> list[Reply]:
    mine = await turn.u.coaching.coaches(turn.person.id)
    teams = await turn.u.teams.joined(turn.person.id)
    if not mine and not teams:
        return [Reply("You share nothing: no coach is linked and you're in no team.")]
    lines = []
    if mine:
        rec = (await client_records(turn, [turn.person]))[turn.person.id]
        reasons = rec.attention(turn.now)
        flag = f"\nThey'd look at: {'; '.join(reasons)}." if reasons else "\nYou're on track."
        lines.append(f"{', '.join(display(c) for c in mine)} see{'s' if len(mine) == 1 else ''} this line about "
                     f"you:\n{status_line(rec, None, turn.now, turn.tz)}{flag}\n"
                     f"In all, they see {COACH_SEES}.")
    for t in teams:
        lines.append(f"Team {t.name}: the manager also gets a weekly REKS reading of your team-metric figures and "
                     "action counts; "
                     f"the channel's weekly digest shows {channel_sees(t)}. {CMD}team leave in the channel stops it.")
    return [Reply("\n".join(lines))]
