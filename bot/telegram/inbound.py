"""Telegram `Update` → neutral `Incoming`: a pure function, so it can be tested with recorded payloads.

The adapter asks Telegram only for the update types it can act on (`ALLOWED_UPDATES`). Whatever else
arrives is ignored on purpose and returns None:

* channel posts and their edits: the bot talks to people, not channels;
* inline queries, chosen inline results, shipping/pre-checkout queries, polls and poll answers,
  reactions, boosts, business-account and membership updates (`my_chat_member`, `chat_member`,
  `chat_join_request`): no feature uses them;
* service messages (someone joined, a title changed, a message was pinned...): no person said anything;
* messages from bots (including other bots in a group) and messages without a sender;
* commands addressed to another bot (`/help@OtherBot` in a group);
* callback queries without `data` (game buttons).
"""
from __future__ import annotations

from telegram import Message, Update, User

from handlers.types import Incoming, parse_press

PLATFORM = "telegram"
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query")

# Message attributes that make a message "media" rather than a service message.
MEDIA_FIELDS: tuple[str, ...] = (
    "sticker", "photo", "voice", "video", "video_note", "audio", "document", "animation",
    "location", "venue", "contact", "poll", "dice", "game", "story", "paid_media",
)


def full_name(user: User) -> str:
    """First name plus last name, the way people introduce themselves."""
    return " ".join(part for part in (user.first_name, user.last_name) if part)


def normalise_command(text: str, bot_username: str | None = None) -> str | None:
    """Strip the `@BotName` suffix Telegram adds to commands in groups ("/help@FollowBot x" → "/help x").

    Returns None when the command names a different bot; non-commands pass through untouched.
    """
    if not text.startswith("/"):
        return text
    head, sep, rest = text.partition(" ")
    command, at, target = head.partition("@")
    if not at:
        return text
    if bot_username and target.lower() != bot_username.lower():
        return None
    return command + sep + rest


def _is_media(message: Message) -> bool:
    return any(getattr(message, name, None) for name in MEDIA_FIELDS)


def event_key(update: Update, bot_id: str | None = None) -> str:
    """The event id the core and the inbox record: `<bot id>:<update id>` (update ids are per bot)."""
    return f"{bot_id}:{update.update_id}" if bot_id else str(update.update_id)


def _from_message(update: Update, message: Message, kind: str, bot_username: str | None,
                  bot_id: str | None) -> Incoming | None:
    user = message.from_user
    if user is None or user.is_bot:
        return None
    location = None
    if message.text is not None:
        text = normalise_command(message.text, bot_username)
        if text is None:
            return None
    elif message.location is not None and kind == "text":  # "share my location" for the time zone
        text, kind = "", "location"
        location = (message.location.latitude, message.location.longitude)
    elif message.document is not None and kind == "text":  # a file: the app downloads it (a lesson file)
        text, kind = message.caption or "", "document"
    elif _is_media(message):
        text, kind = message.caption or "", "media" if kind == "text" else kind
    else:
        return None  # a service message
    return Incoming(
        platform=PLATFORM,
        user_id=str(user.id),
        chat_id=str(message.chat.id),
        text=text,
        event_id=event_key(update, bot_id),
        name=full_name(user),
        kind=kind,
        private=message.chat.type == "private",
        location=location,
    )


def to_incoming(update: Update, bot_username: str | None = None, bot_id: str | None = None) -> Incoming | None:
    """Translate one update; None means "nothing for the conversation" (see the module docstring)."""
    if update.message is not None:
        return _from_message(update, update.message, "text", bot_username, bot_id)
    if update.edited_message is not None:
        return _from_message(update, update.edited_message, "edit", bot_username, bot_id)
    query = update.callback_query
    if query is not None:
        if query.data is None or query.from_user.is_bot:
            return None
        message = query.message
        chat_id = str(message.chat.id) if message is not None else str(query.from_user.id)
        private = message.chat.type == "private" if message is not None else True
        return Incoming(
            platform=PLATFORM,
            user_id=str(query.from_user.id),
            chat_id=chat_id,
            press=parse_press(query.data),
            event_id=event_key(update, bot_id),
            name=full_name(query.from_user),
            kind="press",
            private=private,
        )
    return None


def chat_key(update: Update) -> str:
    """The ordering key: updates from one chat are processed strictly in order, chats in parallel."""
    chat = update.effective_chat
    if chat is not None:
        return f"chat:{chat.id}"
    user = update.effective_user
    if user is not None:
        return f"user:{user.id}"
    return f"update:{update.update_id}"


def is_private(update: Update) -> bool:
    """A private chat's update (or a press without its message): the only ones the inbox stores."""
    chat = update.effective_chat
    return chat is None or chat.type == "private"


def sender_id(update: Update) -> str | None:
    """Who sent it, as the person's `platform_user_id` (so /forget finds their inbox rows)."""
    user = update.effective_user
    return str(user.id) if user is not None else None
