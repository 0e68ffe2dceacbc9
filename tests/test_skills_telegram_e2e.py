"""A coach's client card over the real Telegram adapter: set up, ticked on the card's buttons (the
message is edited under each press), the card with its PNG; the client sees the result on their card."""
from __future__ import annotations

import re
from typing import Any

from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import USER, Harness

KIM = 502


def _message(fake: FakeTelegram, message_id: int) -> dict[str, Any]:
    return next(m for m in fake.messages_to(USER) if m["message_id"] == message_id)


async def test_a_coach_ticks_a_clients_card_in_telegram(tg: Harness, fake: FakeTelegram) -> None:
    invite = await tg.say("/coach")
    code = re.search(r"/join (\S+)", invite).group(1)  # type: ignore[union-attr]
    await tg.say(f"/join {code}", user=KIM, first_name="Kim", last_name=None)
    assert "Square 1: Asks three discovery questions" in await tg.say("/skill add 1 Asks three discovery questions")
    await tg.say("/skill add 1 Follows up within two days")
    assert "Observation of" in await tg.say("/observe 1")
    card = tg.last()
    data = button_data(card)
    assert len(data) == 7 and data[-1].endswith(".done") and all(d.startswith("obs:") for d in data)
    assert await tg.press(data[0]) == ""  # ✅ 1: recorded without a message of its own
    edited = _message(fake, card["message_id"])
    assert edited["text"].endswith("→ ✅ 1") and data[0] not in button_data(edited)
    await tg.press(data[4])  # ❌ 2
    assert "saved: 1 applied, 1 missed" in await tg.press(data[-1])
    mine = await tg.say("/card", user=KIM)
    assert "applied 1 of 2 observed (50%)" in mine and "✅ ❌ · ·" in mine
