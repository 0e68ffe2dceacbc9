"""What a tick did, for logs and tests."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TickStats:
    looked_at: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
