"""/reminders and /quiet: when the bot may reach out. Changing either re-plans the person's
future nudges (the scheduler looks at their open actions again)."""
from __future__ import annotations

from handlers.timing import format_lead, parse_leads, parse_quiet, store_leads
from handlers.turn import Turn, leads_of, quiet_of
from handlers.types import Reply
from handlers.refs import CMD

LEADS_USAGE = f"e.g. {CMD}reminders 1d 2h 15m, or {CMD}reminders off"
QUIET_USAGE = f"e.g. {CMD}quiet 22:00-07:00, or {CMD}quiet off"


def _leads_text(turn: Turn) -> str:
    leads = leads_of(turn.person, turn.config)
    return ", ".join(format_lead(lead) for lead in leads) + " before each deadline" if leads else "off"


def _quiet_text(turn: Turn) -> str:
    quiet = quiet_of(turn.person, turn.config)
    return f"{quiet.start:%H:%M}-{quiet.end:%H:%M} ({turn.zone_name})" if quiet else "off"


async def reminders(turn: Turn, args: str) -> list[Reply]:
    if not args.strip():
        return [Reply(f"Reminders: {_leads_text(turn)}. Check-ins come at each deadline either way.\n{LEADS_USAGE}")]
    leads = parse_leads(args)
    if leads is None:
        return [Reply(f"I couldn't read “{args.strip()[:40]}” as reminder times (up to 5, each up to 14 days). "
                      f"{LEADS_USAGE}")]
    turn.person.reminder_leads = store_leads(leads)
    await turn.u.people.save(turn.person)
    await turn.u.nudges.replan_person(turn.person.id, turn.now)
    if not leads:
        return [Reply("Reminders are off. You'll still get a check-in at each deadline.")]
    return [Reply(f"Reminders set: {_leads_text(turn)}.")]


async def quiet(turn: Turn, args: str) -> list[Reply]:
    if not args.strip():
        return [Reply(f"Quiet hours: {_quiet_text(turn)}. Nothing is sent inside them.\n{QUIET_USAGE}")]
    text = args.strip().lower()
    if text == "off":
        turn.person.quiet_hours = "off"
    else:
        parsed = parse_quiet(text)
        if parsed is None:
            return [Reply(f"I couldn't read “{args.strip()[:40]}” as quiet hours. {QUIET_USAGE}")]
        turn.person.quiet_hours = f"{parsed.start:%H:%M}-{parsed.end:%H:%M}"
    await turn.u.people.save(turn.person)
    await turn.u.nudges.replan_person(turn.person.id, turn.now)
    return [Reply(f"Quiet hours: {_quiet_text(turn)}." if text != "off" else
                  "Quiet hours are off: nudges may arrive at any hour.")]
