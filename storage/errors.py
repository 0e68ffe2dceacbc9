"""Telling "the database is away for now" from a bug, so a stored message is retried, not refused."""
from __future__ import annotations

import asyncio

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout


def is_unavailable(exc: BaseException) -> bool:
    """True for failures that end when the database comes back: a refused or dropped connection,
    a locked SQLite file, a full pool. Integrity errors, SQL errors and bugs are not."""
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError, PoolTimeout, OSError,
                        asyncio.TimeoutError, ConnectionError)):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and isinstance(cause, (OSError, ConnectionError))
