"""Neutral `Reply` → Bot API calls. Everything Telegram-specific about saying something lives here.

* Plain text, never a parse_mode: what people typed is echoed back and must never be read as markup.
* Buttons become an inline keyboard whose callback_data is `Button.data` (Telegram allows 64 bytes).
* Text longer than a message (4096 UTF-16 units, as Telegram counts) is split on line, then space
  boundaries; the buttons ride on the last part so they sit under the whole answer.
* A file goes out with `sendDocument`, the text as its caption when it fits (1024), else as messages first;
  a picture (`image/*`, the weekly chart) goes out with `sendPhoto`, shown in the chat, unless the
  attachment asks to be a file (`Attachment.as_file`, e.g. `/digest png`).
* After a press, `settle_press` edits the message that carried the buttons (bot/pressed.py): the
  press is written under it and buttons that no longer mean anything are removed.

Failures come out as the neutral `handlers.types` errors, so the scheduler never sees Telegram:
`RecipientGone` (blocked, kicked, chat not found: stop sending), `DeliveryFailed` (timeouts, 5xx, 429
after the rate limiter's retries: try later), plain `DeliveryError` for anything else (a refused
request is a bug, not weather). The PTB exception is chained as `__cause__`. `DeliveryFailed`
says whether Telegram may have the message after all (`maybe_delivered`, decided by the function below).

Flood limits (see `limits`): every API call here first takes a slot from the chat's bucket
(`ChatLimits`, about one message a second per private chat), then passes PTB's rate limiter
(30/s overall, which also waits out a 429's `retry_after`).
"""
from __future__ import annotations

import logging

import aiohttp
import httpx
from telegram import (Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton,
                      Message, ReplyKeyboardMarkup)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.pressed import after_press, pressed_line
from bot.adapter import Capabilities
from bot.render import render
from bot.telegram.limits import ChatLimits
from bot.text_split import split_text as split_by_cost
from handlers.types import Address, DeliveryError, DeliveryFailed, RecipientGone, Reply

log = logging.getLogger(__name__)
GONE_PHRASES = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights")

# Transport errors raised before the request left: Telegram has nothing (a refused or timed-out
# connection, no free connection in the pool). aiohttp and httpx, PTB's two networking backends.
NOT_SENT: tuple[type[Exception], ...] = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError,
                                             httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


def utf16_len(text: str) -> int:
    """Telegram measures lengths in UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split into parts of at most `limit` UTF-16 units (how Telegram counts)."""
    return split_by_cost(text, limit, _units)


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None


def keyboard(reply: Reply) -> Markup:
    """The reply's buttons as an inline keyboard, refusing data Telegram would reject; or a
    one-time "share my location" keyboard when the reply asks for a location."""
    if not reply.buttons:
        if reply.ask_location:
            return ReplyKeyboardMarkup([[KeyboardButton(reply.ask_location, request_location=True)]],
                                       one_time_keyboard=True, resize_keyboard=True)
        return None
    rows = []
    for row in reply.buttons:
        cells = []
        for button in row:
            data = button.data
            if len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
                raise ValueError(f"callback_data longer than {MAX_CALLBACK_DATA} bytes: {data!r}")
            cells.append(InlineKeyboardButton(button.label, callback_data=data))
        rows.append(cells)
    return InlineKeyboardMarkup(rows)


def _grid(message: Message) -> list[list[tuple[str, str]]]:
    markup = message.reply_markup
    if markup is None:
        return []
    return [[(b.text, str(b.callback_data)) for b in row if b.callback_data is not None]
            for row in markup.inline_keyboard]


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in row]
                                 for row in rows])


class TelegramSender:
    """Implements `handlers.types.Sender` for Telegram; the scheduler and the adapter both use it."""

    platform = "telegram"

    def __init__(self, bot: Bot, limits: ChatLimits | None = None, capabilities: Capabilities | None = None) -> None:
        self.bot = bot
        self.limits = limits if limits is not None else ChatLimits()
        # How commands and invite links read here; the adapter fills in the link once it knows the username.
        self.capabilities = capabilities or Capabilities(self.platform, "/")

    async def send(self, to: Address, reply: Reply) -> str:
        """Deliver `reply` to `to.chat_id`; returns the id of the last message sent ("" if nothing was)."""
        if to.platform != self.platform:
            raise ValueError(f"TelegramSender cannot send to {to.platform!r}")
        markup = keyboard(reply)  # a ValueError here is a bug in the caller, raised before any call
        reply = render(reply, self.capabilities)
        sent: list[str] = []   # messages of this reply already out: a retry would repeat them
        try:
            return await self._deliver(int(to.chat_id), reply, markup, sent)
        except Forbidden as exc:
            raise RecipientGone(str(exc)) from exc
        except BadRequest as exc:
            if any(phrase in str(exc).lower() for phrase in GONE_PHRASES):
                raise RecipientGone(str(exc)) from exc
            raise DeliveryError(str(exc)) from exc
        except (NetworkError, RetryAfter) as exc:
            raise DeliveryFailed(str(exc), maybe_delivered=bool(sent) or maybe_delivered(exc)) from exc
        except ChatMigrated as exc:  # a group became a supergroup; groups are not served anyway
            raise RecipientGone(str(exc)) from exc
        except TelegramError as exc:
            raise DeliveryError(str(exc)) from exc

    async def settle_press(self, query: CallbackQuery) -> None:
        """Edit the message whose button was pressed: "→ label" under its text, and only the buttons
        that still mean something. Best effort: a failure costs the edit, never the answer."""
        message = query.message
        if not isinstance(message, Message) or query.data is None:
            return   # too old for Telegram to send, or an inline message: nothing to edit
        rows, label = after_press(_grid(message), query.data)
        markup = _markup(rows)
        text = f"{message.text}\n\n{pressed_line(label)}" if message.text and label else None
        try:
            await self.limits.acquire(message.chat.id)
            if text is not None and utf16_len(text) <= MAX_TEXT:
                await self.bot.edit_message_text(text, chat_id=message.chat.id, message_id=message.message_id,
                                                 reply_markup=markup)
            elif message.reply_markup is not None:
                await self.bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id,
                                                         reply_markup=markup)
        except BadRequest as exc:   # "message is not modified" (a redelivered press), or deleted
            log.info("press %s: message %s not edited: %s", query.id, message.message_id, exc)
        except TelegramError as exc:
            log.warning("press %s: message %s not edited: %s", query.id, message.message_id, exc)

    async def _deliver(self, chat_id: int, reply: Reply, markup: Markup, sent: list[str]) -> str:
        text = reply.text
        if reply.file is not None:
            caption: str | None = text if text.strip() and utf16_len(text) <= MAX_CAPTION else None
            if text.strip() and caption is None:
                await self._send_text(chat_id, text, None, sent)
            await self.limits.acquire(chat_id)
            upload = InputFile(reply.file.data, filename=reply.file.name)
            if reply.file.mime.startswith("image/") and not reply.file.as_file:
                message = await self.bot.send_photo(chat_id=chat_id, photo=upload, caption=caption,
                                                    reply_markup=markup)
            else:
                message = await self.bot.send_document(chat_id=chat_id, document=upload, caption=caption,
                                                       reply_markup=markup)
            return str(message.message_id)
        if not text.strip():
            return ""
        return await self._send_text(chat_id, text, markup, sent)

    async def _send_text(self, chat_id: int, text: str, markup: Markup, sent: list[str]) -> str:
        parts = split_text(text)
        message_id = ""
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            await self.limits.acquire(chat_id)
            message = await self.bot.send_message(
                chat_id=chat_id, text=part, reply_markup=markup if last else None
            )
            message_id = str(message.message_id)
            sent.append(message_id)
        return message_id


def maybe_delivered(exc: TelegramError) -> bool:
    """Could Telegram have taken the request though the bot got no answer? Yes after a read
    timeout or a connection lost once the request was on its way (PTB's `TimedOut` or
    `NetworkError` caused by the transport). No when Telegram answered (a 5xx, a 429: PTB raises
    those with no transport cause) or the request never left (`NOT_SENT`)."""
    if isinstance(exc, RetryAfter):
        return False
    cause = exc.__cause__
    if cause is None or isinstance(cause, TelegramError):
        return False   # an answer from Telegram, or a refusal raised before any request
    return not isinstance(cause, NOT_SENT)
