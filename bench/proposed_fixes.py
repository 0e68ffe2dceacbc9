"""Benchmark-only: the storage changes proposed in bench/README.md, patched in at run time.

`storage/nudges.py` belongs to another part of the project, so the benchmark does not edit it; with
`--fixes`, `bench/scheduler_scale.py` applies these replacements in its scheduler process, to measure
what the proposal buys at full size. Nothing in the bot imports this module; delete it once storage
has adopted the changes.

1. `set_action_check` / `set_insight_check`: ORM-enabled `update()` run through the Session default to
   `synchronize_session="auto"`, which evaluates the WHERE clause against every object in the
   session's identity map (the page's 500 actions and their people) on every call: O(page^2) per page.
   With `synchronize_session=False` (nothing in the tick reads those attributes afterwards) each call
   is one UPDATE.
2. `upcoming_actions` (the `plan` walk): the keyset condition `next_check_at > t OR (next_check_at = t
   AND id > i)` gives SQLite no lower bound, so every page scanned the index from the start (quadratic).
   A row-value comparison `(next_check_at, id) > (t, i)` seeks.
3. (in `storage.seed.analyze`, run after seeding) `ANALYZE`: without statistics SQLite prefers
   `ix_action_status_deadline` for `status = 'open'` (which matches every row) and sorts all open
   actions for each page of `due_actions` / `upcoming_actions`. The lasting fix is an index on
   `action (status, next_check_at)` (a migration) or `PRAGMA optimize` at start-up.
"""
from __future__ import annotations


def apply() -> list[str]:
    from sqlalchemy import tuple_, update
    from sqlmodel import col, select

    from storage.models import Action, Insight, Person
    from storage.nudges import Nudges

    async def set_action_check(self, action_id, when) -> None:  # type: ignore[no-untyped-def]
        stmt = update(Action).where(col(Action.id) == action_id).values(next_check_at=when)
        await self._s.exec(stmt.execution_options(synchronize_session=False))

    async def set_insight_check(self, insight_id, when) -> None:  # type: ignore[no-untyped-def]
        stmt = update(Insight).where(col(Insight.id) == insight_id).values(next_check_at=when)
        await self._s.exec(stmt.execution_options(synchronize_session=False))

    async def upcoming_actions(self, until, after, limit):  # type: ignore[no-untyped-def]
        stmt = (select(Action, Person).join(Person, col(Person.id) == col(Action.person_id))
                .where(col(Action.next_check_at) <= until, Action.status == "open", col(Person.active).is_(True)))
        if after is not None:
            stmt = stmt.where(tuple_(col(Action.next_check_at), col(Action.id)) > tuple_(*after))
        stmt = stmt.order_by(col(Action.next_check_at), col(Action.id)).limit(limit)
        return (await self._s.exec(stmt)).all()

    Nudges.set_action_check = set_action_check  # type: ignore[method-assign]
    Nudges.set_insight_check = set_insight_check  # type: ignore[method-assign]
    Nudges.upcoming_actions = upcoming_actions  # type: ignore[method-assign]
    return ["set_*_check: synchronize_session=False", "upcoming_actions: row-value keyset", "ANALYZE"]
