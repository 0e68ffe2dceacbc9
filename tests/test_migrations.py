"""Migrations: the chain applies and rolls back on both stores, and the models match it
(a model change without a migration fails here, not in production)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from storage.migrate import alembic_config, current_revision, run_migration


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
    assert await current_revision(store.engine) == head == "0017"


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


COUNTS = {"people": "SELECT count(*) FROM person", "history": "SELECT count(*) FROM action_event",
          "insight links": "SELECT count(*) FROM action WHERE insight_id IS NOT NULL",
          "values": "SELECT count(*) FROM metric_value", "coach links": "SELECT count(*) FROM coach_link"}


async def _counts(store) -> dict[str, int]:
    from sqlalchemy import text
    async with store.engine.connect() as conn:
        return {name: (await conn.execute(text(sql))).scalar_one() for name, sql in COUNTS.items()}


async def _people_with_history(core) -> None:
    from tests.support.chat import Person

    sam, ada = Person(core, "1", name="Sam"), Person(core, "2", name="Ada")
    await ada.say("Insight: I rush the close")
    assert "From your insight" in await ada.say("I'll ask two questions per call by Friday 5pm")
    await ada.say("/move 1 Saturday noon")
    await ada.say("/metric add calls daily target 20")
    await ada.say("/log calls 7")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {code}")


async def test_a_round_trip_through_this_seasons_migrations_keeps_every_row(store, core):
    """Down to 0013 and back up through every later migration (several rebuild a table on SQLite,
    whose old copy is dropped): nothing people own is lost and no link is cut."""
    await _people_with_history(core)
    before = await _counts(store)
    assert all(before.values()), before
    await run_migration(store.engine, lambda c: downgrade(alembic_config(c), "0013"))
    await run_migration(store.engine, lambda c: upgrade(alembic_config(c), "head"))
    assert await _counts(store) == before


async def test_with_foreign_keys_on_the_same_round_trip_would_lose_rows(sqlite_only_store):
    """Why migrations run with SQLite's foreign keys off: the naive way loses every action's history."""
    from handlers import Core, CoreConfig, ManualClock
    from tests.conftest import T0

    store = sqlite_only_store
    await _people_with_history(Core(store, ManualClock(T0), CoreConfig(default_timezone="UTC")))
    before = await _counts(store)
    for step, revision in ((downgrade, "0013"), (upgrade, "head")):
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c, step=step, revision=revision: step(alembic_config(c), revision))
    assert (await _counts(store))["history"] < before["history"]


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
