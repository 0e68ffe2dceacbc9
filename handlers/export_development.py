"""What /export holds of development: the skills a person defined or that sit on their own card,
the observations of them (and those they made of others, with whom), their bingo marks, and
their development goal with the actions linked to it. Read on the loop, as plain data."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.turn import Turn


def row(obj: Any) -> dict[str, Any]:
    """Every column of a stored row, times in ISO 8601 (UTC), as the rest of the export."""
    return {k: v.isoformat() if isinstance(v, (datetime, date)) else v for k, v in obj.model_dump().items()}


async def development_export(turn: Turn) -> dict[str, Any]:
    u, pid = turn.u, turn.person.id
    goal = await u.goals.of(pid)
    numbers = {a.id: a.number for a in await u.goals.actions(goal)} if goal else {}
    observations = []
    for obs, skill in await u.skills.about(pid):
        entry = {**row(obs), "skill": skill.name, "topic": skill.topic}
        if obs.person_id != pid:  # what you observed of someone else: your words, and whom
            other = await u.people.get(obs.person_id)
            entry = {"skill": skill.name, "of": other.name if other else "", "applied": obs.applied,
                     "note": obs.note, "observed_at": row(obs)["observed_at"], "by_you": True}
        observations.append(entry)
    return {"skills": [row(s) for s in await u.skills.defined_by(pid)],
            "observations": observations,
            "bingo": [row(b) for b in await u.skills.bingos(pid)],
            "goal": row(goal) if goal else None,
            "goal_actions": [{**row(link), "number": numbers.get(link.action_id)} for link in await u.goals.links(pid)]}


def csv_rows(development: dict[str, Any]) -> list[dict[str, Any]]:
    """The same as rows of the export's one CSV sheet."""
    out: list[dict[str, Any]] = []
    for s in development["skills"]:
        out.append({"type": "skill", "number": s["position"] + 1, "text": s["name"], "detail": s["topic"] or "",
                    "created_at": s["created_at"]})
    for o in development["observations"]:
        out.append({"type": "skill_observation", "text": o["skill"], "status": "applied" if o["applied"] else "missed",
                    "detail": o["note"], "at": o["observed_at"],
                    "name": o.get("of", "self-report" if o.get("self_report") else "")})
    for b in development["bingo"]:
        out.append({"type": "skill_bingo", "text": b["label"], "at": b["at"]})
    if development["goal"]:
        g = development["goal"]
        out.append({"type": "development_goal", "text": g["text"], "deadline_local": g["by"] or "",
                    "detail": g["grow"], "created_at": g["created_at"]})
    for link in development["goal_actions"]:
        out.append({"type": "goal_action", "number": link["number"]})
    return out
