"""What a tick did, for tests and the benchmark."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TickStats:
    looked_at: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[str(outcome)] = self.outcomes.get(str(outcome), 0) + 1

    def add(self, other: TickStats) -> None:
        self.looked_at += other.looked_at
        for outcome, n in other.outcomes.items():
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + n
