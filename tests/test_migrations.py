"""Migrations: the chain applies and rolls back on both stores, and the models match it
(a model change without a migration fails here, not in production)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from storage.migrate import alembic_config, current_revision


def _diff(sync_conn):
    context = MigrationContext.configure(sync_conn, opts={"compare_type": False})
    return [d for d in compare_metadata(context, SQLModel.metadata)
            if not (isinstance(d, tuple) and d[0] in {"remove_table"} and d[1].name == "alembic_version")]


async def test_models_match_the_migrations(store):
    async with store.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []


async def test_downgrade_to_base_and_back(store):
    head = await current_revision(store.engine)
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: downgrade(alembic_config(c), "base"))
    assert await current_revision(store.engine) is None
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: upgrade(alembic_config(c), "head"))
    assert await current_revision(store.engine) == head == "0018"


async def test_actions_assigned_before_0006_count_as_told(store, core, clock):
    """Before 0006 the client was messaged at /assign; after the upgrade no notice goes out again."""
    from scheduler import Ticker
    from tests.support.chat import Person
    from tests.support.senders import RecordingSender

    sam, ada = Person(core, "1", name="Sam"), Person(core, "2", name="Ada")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {code}")
    await sam.say("/assign 1 Send the proposal by Friday 5pm")
    async with store.engine.begin() as conn:  # as the revision before 0006 holds it: no ledger row for the notice
        await conn.run_sync(lambda c: downgrade(alembic_config(c), "0010"))
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: upgrade(alembic_config(c), "head"))
    sender = RecordingSender()
    await Ticker(store, sender, clock, core.config).tick_nudges()
    assert not [t for t in sender.texts() if "gave you an action" in t]


async def test_0018_keeps_every_actions_link_to_its_insight(store, core):
    """Adding and dropping `insight.session_id` and `person.session_agenda_lead` rebuilds no table:
    on SQLite that would null every action's link to its insight (ON DELETE SET NULL), or delete
    what a person owns (ON DELETE CASCADE)."""
    from sqlalchemy import text

    from tests.support.chat import Person

    ada = Person(core, "2", name="Ada")
    await ada.say("Insight: I rush the close")
    assert "From your insight" in await ada.say("I'll ask two questions per call by Friday 5pm")
    for step, revision in ((downgrade, "0014"), (upgrade, "head")):
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c, step=step, revision=revision: step(alembic_config(c), revision))
        async with store.engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM action WHERE insight_id IS NOT NULL"))).scalar() == 1
