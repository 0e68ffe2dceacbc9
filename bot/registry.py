"""Platform -> adapter, so the scheduler and cross-platform notices can reach anyone."""
from __future__ import annotations

from handlers import Address, Reply, Sender


class Registry:
    def __init__(self) -> None:
        self._senders: dict[str, Sender] = {}

    def add(self, platform: str, sender: Sender) -> None:
        self._senders[platform] = sender

    def platforms(self) -> list[str]:
        return list(self._senders)

    async def send(self, to: Address, reply: Reply) -> str:
        sender = self._senders.get(to.platform)
        if sender is None:
            raise LookupError(f"no adapter running for platform {to.platform!r}")
        return await sender.send(to, reply)
