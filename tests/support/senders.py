"""A `Sender` that records what it was asked to deliver, with scripted failures."""
from __future__ import annotations

from handlers import Address, DeliveryFailed, RecipientGone, Reply


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[tuple[Address, Reply]] = []
        self.failures: list[Exception] = []  # raised, in order, before sends succeed again
        self.attempts = 0

    async def send(self, to: Address, reply: Reply) -> str:
        self.attempts += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((to, reply))
        return str(len(self.sent))

    def texts(self) -> list[str]:
        return [r.text for _, r in self.sent]

    def fail_next(self, *errors: Exception) -> None:
        self.failures.extend(errors)


__all__ = ["RecordingSender", "DeliveryFailed", "RecipientGone"]
