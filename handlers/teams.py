"""Sales teams: a channel with a manager and reps, team metrics, and the weekly team digest
with the manager's REKS reading. Commands arrive as /team ... (Slack: /ft team ...) and
carry the channel they were sent from in `Incoming.channel_id`."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers import knowledge_lines
from handlers.names import display
from handlers.notices import tell
from handlers.sharing import COACH_SEES, channel_sees, leave_team
from handlers.weeks import rolling_week
from handlers.metrics import ADD_USAGE, NAME, RESERVED, cadence_of, describe, parse_spec
from handlers.timing import next_prompt
from handlers.development import development_part, growth_of
from handlers.ontime import rate_words
from handlers.reks import read_team
from handlers.skills import team_skill
from handlers.team_sharing import share_development
from handlers.record import MetricWeek, Record, records
from handlers.turn import CoreConfig, Turn
from handlers.types import Address, Reply
from handlers.zones import zone
from handlers.refs import CMD
from storage import Metric, Person, Team, TeamMetric, Unit

DIGEST_POST_EVERY = timedelta(hours=1)  # on-demand team digests in the channel, per team (replies say "an hour")
USAGE = (f"Team commands (in the team's channel): {CMD}team create [NAME], {CMD}team join, {CMD}team leave, "
         f"{CMD}team metric add NAME ... (manager), {CMD}team metric remove NAME, {CMD}team visibility reps|totals, "
         f"{CMD}team members, {CMD}team digest, {CMD}team skill add SKILL [topic TOPIC] [lesson N] (manager), "
         f"{CMD}team skill remove SKILL, {CMD}team share development on|off (manager)")


async def team(turn: Turn, args: str) -> list[Reply]:
    words = args.split()
    verb = words[0].lower() if words else ""
    channel = turn.incoming.channel_id
    if verb not in {"create", "join", "leave", "metric", "visibility", "members", "digest", "skill", "share"}:
        return [Reply(USAGE)]
    if not channel:
        return [Reply(f"Run {CMD}team {verb} in the team's channel, not in a direct message.")]
    found = await turn.u.teams.in_channel(turn.person.platform, channel)
    if verb == "create":
        return await create(turn, found, channel, " ".join(words[1:]))
    if found is None:
        return [Reply(f"This channel has no team yet. The manager creates one with {CMD}team create.")]
    manager = found.manager_id == turn.person.id
    if verb == "join":
        return await join(turn, found)
    if verb == "leave":
        return await leave(turn, found)
    if not manager and verb in {"members", "digest"} and not await turn.u.teams.is_member(found.id or 0,
                                                                                         turn.person.id):
        return [Reply(f"Only members of team {found.name} and its manager see the team's members and figures. "
                      f"{CMD}team join to join (your figures are then shared with the manager and the channel).")]
    if verb == "members":
        names = [display(p) for p in await turn.u.teams.members(found.id or 0)]
        return [Reply(f"Team {found.name}: {', '.join(names) or 'no members yet'}.")]
    if verb == "digest":
        return await digest_now(turn, found, manager)
    if verb == "skill":
        return await team_skill(turn, found, words[1:], manager)
    if not manager:
        return [Reply("Only the team's manager can do that.")]
    if verb == "share":
        return await share_development(turn, found, words[1:])
    if verb == "visibility":
        return await visibility(turn, found, words[1:])
    return await team_metric(turn, found, words[1:])


async def create(turn: Turn, found: Team | None, channel: str, name: str) -> list[Reply]:
    if found is not None:
        boss = await turn.u.people.get(found.manager_id)
        return [Reply(f"This channel already has a team, managed by {display(boss) if boss else 'someone'}.")]
    t = await turn.u.teams.create(turn.person.platform, channel, name.strip()[:100] or "Team", turn.person.id,
                                  turn.now)
    if not turn.person.is_coach:
        turn.person.is_coach = True
        await turn.u.people.save(turn.person)
    return [Reply(f"Team {t.name} created; you're its manager and coach every member. Add team metrics with "
                  f"{CMD}team metric add NAME ... and choose what the channel sees with {CMD}team visibility."),
            Reply(f"📣 {display(turn.person)} set up team {t.name} here. Reps: {CMD}team join to share your results "
                  "and effort with the team.", to=Address(t.platform, channel))]


async def apply_metric(u: Unit, spec: TeamMetric, member: Person, config: CoreConfig, now: datetime) -> None:
    existing = await u.metrics.named(member.id, spec.name, include_removed=True)
    m = existing or Metric(person_id=member.id, name=spec.name, created_at=now)
    m.cadence, m.weekday, m.at, m.target, m.kind, m.unit = (spec.cadence, spec.weekday, spec.at, spec.target,
                                                           spec.kind, spec.unit)
    m.removed_at, m.team_id = None, spec.team_id
    m.next_check_at = next_prompt(cadence_of(m), zone(member.timezone, config.default_timezone), now)
    await u.metrics.save(m)


async def join(turn: Turn, t: Team) -> list[Reply]:
    if not await turn.u.teams.add_member(t.id or 0, turn.person.id, turn.now):
        return [Reply(f"You're already in team {t.name}.")]
    await turn.u.coaching.link(t.manager_id, turn.person.id, turn.now)
    specs = await turn.u.teams.metrics(t.id or 0)
    for spec in specs:
        await apply_metric(turn.u, spec, turn.person, turn.config, turn.now)
    tracked = f" You now track: {', '.join(s.name for s in specs)}; log with {CMD}log NAME VALUE." if specs else ""
    boss = await turn.u.people.get(t.manager_id)
    who = display(boss) if boss else "The manager"
    return [Reply(f"Welcome to team {t.name}!{tracked}\n"
                  f"What you now share: {who}, the team's manager, coaches you and sees {COACH_SEES}, and gets a "
                  "weekly REKS reading of your team-metric figures and action counts. The channel's weekly digest "
                  f"shows {channel_sees(t)}. {CMD}shared shows it all; {CMD}team leave stops all of it.")]


async def leave(turn: Turn, t: Team) -> list[Reply]:
    if not await leave_team(turn.u, turn.person, t, turn.now):
        return [Reply(f"You're not in team {t.name}.")]
    boss = await turn.u.people.get(t.manager_id)
    who = display(boss) if boss else "The manager"
    still = [o.name for o in await turn.u.teams.joined(turn.person.id) if o.manager_id == t.manager_id]
    shared = (f"{who} still coaches you through team {', '.join(still)}." if still else
              f"{who} no longer sees your data: not in their REKS reading, coach digest or {CMD}clients.")
    return [Reply(f"You left team {t.name}. {shared} The channel's digest no longer shows you; team metrics stop "
                  "prompting you, and your own data stays yours.")]


async def digest_now(turn: Turn, t: Team, manager: bool) -> list[Reply]:
    """On demand: posted to the channel at most once per DIGEST_POST_EVERY per team; asked again
    sooner, the asker gets it by DM instead (the manager's REKS reading always comes by DM)."""
    start, end = rolling_week(turn.now)
    channel, *reading = await team_digest(turn.u, t, turn.config, start, end, turn.now, with_reading=manager)
    if await turn.u.teams.claim_digest_post(t, turn.now, DIGEST_POST_EVERY):
        return [channel, *reading]
    note = "(The team digest was posted to the channel less than an hour ago; this copy is just for you.)"
    return [Reply(f"{channel.text}\n{note}"), *reading]


async def visibility(turn: Turn, t: Team, words: list[str]) -> list[Reply]:
    choice = words[0].lower() if words else ""
    if choice not in {"reps", "totals"}:
        return [Reply(f"The channel now sees {'each rep' if t.visibility == 'reps' else 'team totals only'}. "
                      f"Send {CMD}team visibility reps (each rep's figures) or totals (team totals only).")]
    changed = t.visibility != choice
    t.visibility = choice
    await turn.u.teams.save(t)
    # What members agreed to share changed: each is told by DM (a notice: their quiet hours hold it).
    told = [m for m in await turn.u.teams.members(t.id or 0) if changed and m.id != turn.person.id]
    for m in told:
        await tell(turn, m, f"Team {t.name}'s manager changed what the channel sees: its weekly digest now shows "
                            f"{channel_sees(t)}. {CMD}team leave stops all sharing.")
    return [Reply("The channel's digest will show " + ("each rep's figures." if choice == "reps"
                                                        else "team totals only; you still get each rep by DM.")
                  + (f" Members will be told ({len(told)})." if told else ""))]


async def team_metric(turn: Turn, t: Team, words: list[str]) -> list[Reply]:
    verb = words[0].lower() if words else ""
    members = list(await turn.u.teams.members(t.id or 0))
    if verb == "remove" and len(words) == 2:
        spec = await turn.u.teams.metric_named(t.id or 0, words[1].lower())
        if spec is None:
            return [Reply(f"Team {t.name} has no metric “{words[1][:40]}”.")]
        await turn.u.teams.delete_metric(spec)
        for p in members:
            m = await turn.u.metrics.named(p.id, spec.name)
            if m is not None and m.team_id == t.id:
                m.removed_at, m.next_check_at = turn.now, None
                await turn.u.metrics.save(m)
        return [Reply(f"Team metric {spec.name} removed; past values stay with each rep.")]
    if verb != "add" or len(words) < 2 or not NAME.match(words[1].lower()) or words[1].lower() in RESERVED:
        return [Reply(f"Send {CMD}team metric add NAME ... — {ADD_USAGE.removeprefix(f'Send {CMD}metric add NAME ')}")]
    spec_or_error = parse_spec(words[2:])
    if isinstance(spec_or_error, str):
        return [Reply(f"{spec_or_error}\n{ADD_USAGE}")]
    spec = await turn.u.teams.metric_named(t.id or 0, words[1].lower()) or TeamMetric(team_id=t.id or 0,
                                                                                      name=words[1].lower())
    for key in ("cadence", "weekday", "at", "target", "kind", "unit"):
        setattr(spec, key, spec_or_error[key])
    await turn.u.teams.save_metric(spec)
    for p in members:
        await apply_metric(turn.u, spec, p, turn.config, turn.now)
    shown = Metric(person_id=0, name=spec.name, cadence=spec.cadence, weekday=spec.weekday, at=spec.at,
                   target=spec.target, kind=spec.kind, unit=spec.unit, created_at=turn.now)
    return [Reply(f"📈 Team metric {describe(shown)}; applied to {len(members)} member(s) and to everyone who joins.")]


def _pct(part: float, whole: float | None) -> str:
    return f" ({part / whole:.0%})" if whole else ""


def _team_weeks(rec: Record, kind: str | None = None) -> list[MetricWeek]:
    return [w for w in rec.metrics if w.metric.team_id is not None and (kind is None or w.metric.kind == kind)]


def _figures(rec: Record, kind: str) -> str:
    """'deals 3/3, meetings 2' for one rep's team metrics of one REKS kind, against pro rata targets."""
    parts = [f"{w.metric.name} {'–' if w.this_week is None else f'{w.this_week:g}'}"
             f"{'' if w.target_now is None else f'/{w.target_now:g}'}" for w in _team_weeks(rec, kind)]
    return ", ".join(parts) or "–"


def _totals(recs: list[Record], kind: str) -> str:
    """Per metric: the sum of what was logged against the sum of the same reps' pro rata targets;
    reps who logged nothing yet are counted apart, not as zeros."""
    sums: dict[str, list[float]] = {}
    for r in recs:
        for w in _team_weeks(r, kind):
            got, target, logged, reps = sums.setdefault(w.metric.name, [0.0, 0.0, 0, 0])
            value = w.this_week
            sums[w.metric.name] = [got + (value or 0.0), target + ((w.target_now or 0.0) if value is not None else 0.0),
                                   logged + (value is not None), reps + 1]
    parts = []
    for name, (got, target, logged, reps) in sums.items():
        if not logged:
            parts.append(f"{name} not logged yet")
            continue
        figure = f"{name} {got:g}/{target:g}{_pct(got, target)}" if target else f"{name} {got:g}"
        parts.append(figure + (f" ({logged:g} of {reps:g} reps logged)" if logged < reps else ""))
    return " · ".join(parts) or "nothing logged"


async def team_digest(u: Unit, t: Team, config: CoreConfig, start: datetime, end: datetime, now: datetime,
                      with_reading: bool = True) -> list[Reply]:
    """The channel's digest (per rep or totals, as the manager chose) and the manager's REKS DM."""
    members = list(await u.teams.members(t.id or 0))
    default = config.default_timezone
    recs = await records(u, members, start, end, now, lambda p: zone(p.timezone, default))
    ordered = [recs[m.id] for m in members if m.id in recs]
    manager = await u.people.get(t.manager_id)
    tz = zone(manager.timezone if manager else None, default)
    head = f"📊 Team {t.name}, {start.astimezone(tz):%a %d %b} – {(end - timedelta(seconds=1)).astimezone(tz):%a %d %b}"
    lines = [head, f"Results: {_totals(ordered, 'results')}", f"Effort: {_totals(ordered, 'effort')}",
             f"Completed actions: {sum(len(r.completed) for r in ordered)}"]
    if end > now:
        lines.append("(Weekly targets pro rata for the working days so far.)")
    if t.visibility == "reps":
        for r in ordered:
            lines.append(f"• {display(r.person)}: results {_figures(r, 'results')} · effort {_figures(r, 'effort')}"
                         f" · {r.done_words()}")
    card = list(await u.skills.card(t.id))
    growth = await growth_of(u, [r.person for r in ordered], {r.person.id: card for r in ordered}, now)
    names = {r.person.id: display(r.person) for r in ordered}
    # Each rep's knowledge and development are between them and the manager, unless the manager opts the
    # channel in (/team share development on); the channel otherwise gets the team's averages only.
    shared = t.share_development and t.visibility == "reps"  # `totals` shows no rep by name, development neither
    lines += knowledge_lines.team_lines(ordered, t.manager_id, now, each_rep=shared)
    if shared and ordered:
        lines += development_part(growth, names, {}, advice=False)
    replies = [Reply("\n".join(lines), to=Address(t.platform, t.channel_id))]
    if with_reading and manager is not None:
        by_name = {display(r.person): r for r in ordered}
        readings = read_team({name: _team_weeks(r) for name, r in by_name.items()},
                             {names[pid]: g.rep for pid, g in growth.items()})
        text = [f"🧭 REKS reading for team {t.name} (Results, Effort → Knowledge, Skills):",
                "— Performance (this week: results and effort against targets) —"]
        for rd in readings:
            nums = [f"results {rd.results:.0%} of target" if rd.results is not None else None,
                    f"effort {rd.effort:.0%} of target" if rd.effort is not None else None,
                    f"{rd.effort_vs_team:.0%} of team effort" if rd.effort_vs_team is not None else None,
                    rate_words(by_name[rd.name].rate) or None]  # beside Effort: actions on time, 4 weeks
            numbers = "; ".join(n for n in nums if n)
            mark = {"on_track": "✅", "lone_wolf": "🐺", "no_data": "·", "effort_only": "·"}.get(rd.call, "⚠️")
            text.append(f"{mark} {rd.name}: {rd.headline}\n   {rd.detail}{' — ' + numbers if numbers else ''}"
                        f"\n   actions: {by_name[rd.name].done_words()}")
        if not readings:
            text.append(f"No members yet: reps join with {CMD}team join in the channel.")
        else:
            text += development_part(growth, names, {rd.name: rd for rd in readings})
        text += knowledge_lines.team_lines(ordered, t.manager_id, now, each_rep=True)
        replies.append(Reply("\n".join(text), to=Address(manager.platform, manager.chat_id)))
    return replies


def invite_me(team: Team | None) -> Reply:
    """Told to the manager when the team's channel refused the digest (the bot is not in it)."""
    name = f" {team.name}" if team is not None and team.name else ""
    return Reply(f"I couldn't post the team{name} digest in the team's channel: I'm not a member of it "
                 "(or it was archived). Please invite me to the channel (add the Followthrough app there); "
                 "the next digest will arrive there. Your own nudges and digests go on as usual.")
