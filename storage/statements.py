"""Counting the statements a piece of code sends: how benchmarks prove "no N+1" (a fixed
number of statements whatever the number of people) without importing SQL libraries."""
from __future__ import annotations

import re
import time
from collections import defaultdict

from sqlalchemy import event

from storage.store import Store


class StatementCounter:
    """Counts (and times) every statement the engine sends, grouped by their SQL with IN lists folded."""

    _in_list = re.compile(r"\((?:\s*(?:\?|\$n|%\(\w+\)s)(?:::\w+)?\s*,)*\s*(?:\?|\$n|%\(\w+\)s)(?:::\w+)?\s*\)")

    def __init__(self, store: Store) -> None:
        engine = store.engine.sync_engine
        self.n = 0
        self.by_sql: dict[str, list[float]] = defaultdict(list)
        self.sample: dict[str, tuple[str, object]] = {}
        self._t0 = 0.0
        self._sql = ""
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.n += 1
        self._sql = statement
        self._t0 = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        key = " ".join(self._in_list.sub("(…)", re.sub(r"\$\d+", "$n", statement)).split())
        self.by_sql[key].append(time.perf_counter() - self._t0)
        self.sample.setdefault(key, (statement, parameters))

    def reset_timings(self) -> None:
        self.by_sql.clear()
        self.sample.clear()
