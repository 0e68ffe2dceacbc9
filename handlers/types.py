"""Platform-neutral message types: the only language between adapters and the conversation.

Adapters translate a platform event into an `Incoming`, hand it to the core, and render the
`Reply` objects they get back. Nothing here knows Telegram, Slack or the terminal, which is
what lets one conversation serve all three doors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Press:
    """A button press: the `action` and `arg` of the `Button` that was pressed."""

    action: str
    arg: str = ""


@dataclass(frozen=True)
class Button:
    """A button offered with a reply. Adapters encode `action:arg` in what their platform
    carries (Telegram callback_data is at most 64 bytes, so args stay short: ids, numbers)."""

    label: str
    action: str
    arg: str = ""

    @property
    def data(self) -> str:
        """The compact `action:arg` form adapters put on the wire."""
        return f"{self.action}:{self.arg}"


def parse_press(data: str) -> Press:
    """Inverse of `Button.data`."""
    action, _, arg = data.partition(":")
    return Press(action=action, arg=arg)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (an export, a chart). A picture is shown in the chat where the
    platform can (Telegram: a photo); `as_file` asks for the file itself (the PNG, to keep)."""

    name: str
    mime: str
    data: bytes
    as_file: bool = False


MAX_DOCUMENT_BYTES = 64 * 1024  # the largest file an adapter downloads for the conversation (a lesson file)


@dataclass(frozen=True)
class Address:
    """Where a message goes: a platform and a chat on it."""

    platform: str
    chat_id: str


@dataclass(frozen=True)
class Reply:
    """Something the bot says. `to` is None for "answer the chat the message came from";
    set, it addresses someone else (a coach told that a client joined, a nudge)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    file: Attachment | None = None
    to: Address | None = None
    ask_location: str = ""  # label of a "share my location" button, where the platform has one


@dataclass(frozen=True)
class Incoming:
    """One thing a person did: a message, a command or a button press.

    `kind` tells the core what arrived when there is no text to read: "text" (a message or
    command), "press", "edit" (an edited message), "media" (sticker, photo, voice...),
    "home" (the platform asks for the person's overview, e.g. Slack's App Home opened),
    "location" (a shared location: `location` holds latitude and longitude), "document" (a file
    sent in a private chat: `document` holds it, None when it was too big or could not be fetched;
    adapters download at most `MAX_DOCUMENT_BYTES`).
    `event_id` is the platform's id for deduplication (Telegram update_id, Slack event id).
    `private` is False for group chats, where the bot only points people to a direct chat.
    """

    platform: str
    user_id: str
    chat_id: str
    text: str = ""
    press: Press | None = None
    event_id: str | None = None
    name: str = ""
    kind: str = "text"
    private: bool = True
    timezone: str | None = None  # set by adapters that know it (Slack profile)
    channel_id: str | None = None  # the shared channel a command came from (team commands), if not a DM
    location: tuple[float, float] | None = None  # (latitude, longitude) of a shared location
    document: Attachment | None = None  # a file sent in chat (kind "document"), e.g. a lesson

    @property
    def address(self) -> Address:
        return Address(self.platform, self.chat_id)


@dataclass(frozen=True)
class CommandInfo:
    """A command as shown in /help and registered with a platform's command menu. `platforms`
    names the only platforms it means something on (teams live in Slack channels); empty: all."""

    name: str
    summary: str
    example: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    platforms: tuple[str, ...] = ()

    def offered_on(self, platform: str) -> bool:
        return not self.platforms or platform in self.platforms


class Sender(Protocol):
    """What an adapter offers the scheduler: deliver a reply to an address."""

    async def send(self, to: Address, reply: Reply) -> str:
        """Deliver and return the platform's message id."""
        ...


class StoreUnavailable(Exception):
    """The database is away for now (connection refused, file locked): the message was not
    handled, nothing of it was saved, and handling it again later is safe."""


class DeliveryError(Exception):
    """Raised by a `Sender` that could not deliver."""


class RecipientGone(DeliveryError):
    """The person blocked the bot or the chat no longer exists: stop sending to them."""


class ChannelUnavailable(DeliveryError):
    """A shared channel (a team's) will not take the post: the bot was never invited, was removed,
    or the channel is gone. The person who owns the post is still reachable: tell them, never
    deactivate them."""


class DeliveryFailed(DeliveryError):
    """A temporary failure (timeouts, 5xx, rate limits beyond retrying): try again later.

    `maybe_delivered` is True when trying again could show the person something twice: the
    request may have reached the platform and only its answer was lost (a read timeout, a
    connection dropped after the request was written), or an earlier part of the reply went
    out. False when the platform surely has nothing (connection refused, a 5xx or 429 answer,
    no free connection). Each adapter sets it; senders of at-most-once messages never retry
    such a failure."""

    def __init__(self, message: str = "", *, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered
