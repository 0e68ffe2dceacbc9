"""One new row in one statement, and its object in the session as if the ORM had written it.

Why: the ORM's unit of work (`session.add` + `flush`) costs about five times the INSERT itself,
and the conversation writes a new row on its busiest paths (a commitment, a first contact).
Here the object is built as usual, so every Python default applies, its columns are inserted by
a Core statement built once per table, and the object is then attached as persistent
(`make_transient_to_detached` + `add`: no second INSERT). Later changes to it are tracked and
flushed like any loaded object's.
"""
from __future__ import annotations

from functools import cache
from typing import TypeVar

from sqlalchemy import Table, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import dialect_name, ignoring_duplicates

M = TypeVar("M", bound=SQLModel)


async def insert_attached(session: AsyncSession, obj: M, *, ignore_duplicates: bool = False) -> M | None:
    """INSERT `obj`'s row and return `obj`, persistent with its new id. With `ignore_duplicates`,
    a row that breaks a unique constraint is not written and None is returned."""
    table: Table = obj.__table__  # type: ignore[attr-defined]
    values = {c.key: getattr(obj, c.key) for c in table.columns if c.key != "id"}
    stmt = _insert_returning_id(dialect_name(session), table, ignore_duplicates)
    row = (await session.exec(stmt, params=values)).first()  # type: ignore[call-overload]
    if row is None:
        return None
    obj.id = row[0]  # type: ignore[attr-defined]
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


@cache
def _insert_returning_id(dialect: str, table: Table, ignore_duplicates: bool):
    stmt = ignoring_duplicates(dialect, table) if ignore_duplicates else insert(table)
    return stmt.returning(table.c.id)
