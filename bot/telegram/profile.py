"""What Telegram shows about the bot before anyone writes: the command menu and the descriptions.

* The menu (setMyCommands) is scoped to private chats (`BotCommandScopeAllPrivateChats`): the
  client commands live there; in a group the bot only points people to a private chat, so groups
  get no menu (the default scope is cleared). Commands that mean something on another platform
  only (`CommandInfo.platforms`, e.g. `team`, which lives in Slack channels) never appear.
* The description (the "What can this bot do?" page of an empty chat, up to 512 characters) and the
  short description (the profile and share card, up to 120) are set at every start, so they follow
  the code.
Failures only cost the menu or the text, so they are logged, never raised.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.adapter import Capabilities
from bot.render import render_text
from handlers.types import CommandInfo

AS_TELEGRAM = Capabilities("telegram", "/")   # command marks in summaries read "/digest png"
log = logging.getLogger(__name__)
PLATFORM = "telegram"
DESCRIPTION = (
    "Followthrough turns what you realise into dated actions and helps you see them through.\n\n"
    "Tell me an insight (“I rush the close”) or a commitment (“I'll send the quote by Friday 5pm”). "
    "I keep the list, remind you before deadlines, ask how it went, count the numbers you track "
    "and send you a weekly digest. Your coach, if you have one, sees what you share.\n\n"
    "Press Start, then /help shows everything."
)
SHORT_DESCRIPTION = "Insights become dated actions: reminders, check-ins and a weekly digest."


def menu(commands: Iterable[CommandInfo]) -> list[BotCommand]:
    """Telegram's menu entries: the commands offered here, with names Telegram accepts (1-32, a-z0-9_)."""
    out = []
    for c in commands:
        name = c.name.lstrip("/")
        if c.offered_on(PLATFORM) and 1 <= len(name) <= 32 and name.replace("_", "").isalnum():
            out.append(BotCommand(name.lower(), render_text(c.summary or name, AS_TELEGRAM)[:256]))
    return out


async def introduce(bot: Bot, commands: Iterable[CommandInfo]) -> None:
    """Set the private chats' menu, clear the default one, and set both descriptions."""
    steps = (
        ("the command menu", bot.set_my_commands(menu(commands), scope=BotCommandScopeAllPrivateChats())),
        ("the default command menu", bot.delete_my_commands(scope=BotCommandScopeDefault())),
        ("the description", bot.set_my_description(DESCRIPTION[:512])),
        ("the short description", bot.set_my_short_description(SHORT_DESCRIPTION[:120])),
    )
    for what, call in steps:
        try:
            await call
        except TelegramError as exc:
            log.warning("Telegram: could not set %s: %s", what, exc)
