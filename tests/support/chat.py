"""A person talking to the core: send text or press buttons, read the replies."""
from __future__ import annotations

import itertools

from bot.adapter import Capabilities
from bot.render import render
from handlers import Core, Incoming, Press, Reply

# Replies read as a Telegram user reads them: commands with "/", invites as FollowBot's deep link.
AS_TELEGRAM = Capabilities("telegram", "/", "https://t.me/FollowBot?start={code}")

_ids = itertools.count(1)


class Person:
    def __init__(self, core: Core, user_id: str = "100", platform: str = "telegram", name: str = "Ada") -> None:
        self.core, self.user_id, self.platform, self.name = core, user_id, platform, name
        self.last: list[Reply] = []

    async def send(self, text: str, **kw) -> list[Reply]:
        kw.setdefault("event_id", str(next(_ids)))
        replies = await self.core.handle(Incoming(self.platform, self.user_id, self.user_id, text=text,
                                                  name=self.name, **kw))
        self.last = [render(r, AS_TELEGRAM) for r in replies]
        return self.last

    async def say(self, text: str, **kw) -> str:
        """Send and return all reply texts joined."""
        return "\n".join(r.text for r in await self.send(text, **kw))

    async def press(self, action: str, arg: str = "") -> str:
        replies = await self.core.handle(Incoming(self.platform, self.user_id, self.user_id, kind="press",
                                                  press=Press(action, arg), event_id=str(next(_ids))))
        self.last = [render(r, AS_TELEGRAM) for r in replies]
        return "\n".join(r.text for r in self.last)

    def buttons(self) -> list[tuple[str, str, str]]:
        """(label, action, arg) of every button in the last replies."""
        return [(b.label, b.action, b.arg) for r in self.last for row in r.buttons for b in row]
