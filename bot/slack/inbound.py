"""Slack payloads → neutral `Incoming`: pure functions, so they can be tested with recorded payloads.

Conventions (one workspace per bot token, so plain ids are unambiguous):

* `user_id` is the Slack user id as Slack sends it ("U0123ABC", or "W..." on Enterprise Grid).
* `chat_id` is the direct-message channel to answer in ("D..."). Where a payload does not name the
  bot's DM (slash commands typed anywhere, App Home buttons, modal submissions), it is left "" and
  the app fills it in with `conversations.open`.
* `event_id` deduplicates redeliveries in the core: the Events API `event_id` for events (a Slack
  retry carries the same one), and the `trigger_id` for commands, presses and modal submissions.
* `name` and `timezone` are not in these payloads; the app adds them from a cached `users.info`.

What is ignored on purpose (None): messages from bots (ours included) and from no user, message
subtypes that are not a person saying something (joins, deletions, thread bookkeeping...), channel
messages other than mentions, App Home "messages"/"about" tab openings, and presses of buttons
this app did not draw.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from handlers.commands import as_command
from handlers.types import Incoming, parse_press

PLATFORM = "slack"
COMMAND = "/ft"
ACTION_PREFIX = "ft-"
MODAL_WORDS = frozenset({"new", "add"})  # `/ft new` opens the "New commitment" modal
# Message subtypes that carry a person's words; everything else is Slack bookkeeping.
TEXT_SUBTYPES = frozenset({None, "", "file_share", "thread_broadcast", "me_message"})

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def plain_text(text: str) -> str:
    """Slack's wire format back to what the person typed: `<url|label>` → label, `<@U1>` → @U1,
    `<#C1|general>` → #general, then the three entities Slack escapes (`&amp;` `&lt;` `&gt;`)."""
    def link(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith(("@", "#")):
            return target[0] + label if label else target
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0]).lstrip("@")
        return label or target.removeprefix("mailto:")
    return _LINK.sub(link, text or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_text(text: str) -> str:
    """`/ft WORD rest` → "/WORD rest" (`/ft commit x` → "/commit x", `/ft done 3` → "/done 3");
    a bare `/ft` → "/help"."""
    words = (text or "").strip().split(maxsplit=1)
    if not words:
        return "/help"
    head = words[0].lstrip("/").lower()
    rest = words[1].strip() if len(words) > 1 else ""
    return f"/{head} {rest}".rstrip()


def wants_modal(command: dict[str, Any]) -> bool:
    """`/ft new` (or `/ft add`) with nothing after it opens the modal instead of talking to the core."""
    return (command.get("text") or "").strip().lower() in MODAL_WORDS


def from_event(body: dict[str, Any]) -> Incoming | None:
    """An Events API envelope (`{"event_id": ..., "event": {...}}`) → Incoming, or None (see above)."""
    event = body.get("event") or {}
    event_id = body.get("event_id")
    kind = event.get("type")
    if kind == "app_home_opened":
        if event.get("tab", "home") != "home" or not event.get("user"):
            return None
        return Incoming(PLATFORM, event["user"], event.get("channel") or "", event_id=event_id, kind="home")
    if kind == "app_mention":
        if event.get("bot_id") or not event.get("user"):
            return None
        text = re.sub(r"^\s*<@[A-Z0-9]+>[:,]?\s*", "", event.get("text") or "")
        private = str(event.get("channel", "")).startswith("D")
        return Incoming(PLATFORM, event["user"], event.get("channel", ""), text=plain_text(text).strip(),
                        event_id=event_id, private=private)
    if kind == "message":
        return _from_message(event, event_id)
    return None


def _from_message(event: dict[str, Any], event_id: str | None) -> Incoming | None:
    if event.get("channel_type", "im") != "im":
        return None  # the app only listens to its own DMs; channels reach it through mentions
    subtype = event.get("subtype")
    if subtype == "message_changed":
        message = event.get("message") or {}
        if message.get("bot_id") or not message.get("user") or message.get("subtype"):
            return None
        return Incoming(PLATFORM, message["user"], event.get("channel", ""), text=plain_text(message.get("text", "")),
                        event_id=event_id, kind="edit")
    if subtype not in TEXT_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return None
    # Slack keeps "/done 3" for itself (an unknown slash command), so in the DM the bare words work:
    # "done 3", "metric list", "log calls 12" become commands, read against the command table.
    text = as_command(plain_text(event.get("text") or "").strip())
    kind = "media" if subtype == "file_share" and not text else "text"
    if subtype == "file_share" and is_text_file((event.get("files") or [{}])[0]):
        kind = "document"  # a lesson file: the app fetches it (files.info, then url_private)
    return Incoming(PLATFORM, event["user"], event.get("channel", ""), text=text, event_id=event_id, kind=kind)


TEXT_FILES = (".md", ".markdown", ".txt")


def is_text_file(file: dict[str, Any]) -> bool:
    """A shared file that may be a lesson: Markdown or plain text, by name or type."""
    name, mime = str(file.get("name") or "").lower(), str(file.get("mimetype") or "")
    return bool(file.get("id")) and (name.endswith(TEXT_FILES) or mime.startswith("text/"))


def shared_file_id(body: dict[str, Any]) -> str | None:
    """The id of the first file of a `file_share` message, for files.info."""
    files = (body.get("event") or {}).get("files") or []
    return str(files[0].get("id")) if files and files[0].get("id") else None


def from_command(command: dict[str, Any]) -> Incoming | None:
    """A slash-command payload → Incoming. Always private, and always answered in the person's DM
    with the app: the command's own channel may be a channel or a DM between two people."""
    user = command.get("user_id")
    if not user:
        return None
    text = plain_text(command.get("text") or "")  # the manifest sets should_escape: true, as for messages
    channel = str(command.get("channel_id") or "")
    return Incoming(PLATFORM, user, "", text=command_text(text),
                    event_id=f"cmd:{command.get('trigger_id') or _digest(command)}", private=True,
                    channel_id=channel if channel[:1] in {"C", "G"} else None)  # team commands need the channel


def _digest(payload: dict[str, Any]) -> str:
    """A stable id for a payload without a trigger_id: the same payload, redelivered, hashes the same."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


def from_action(body: dict[str, Any]) -> Incoming | None:
    """A `block_actions` payload → a press of the first of our buttons in it (values are `Button.data`)."""
    user = (body.get("user") or {}).get("id")
    ours = [a for a in body.get("actions") or [] if str(a.get("action_id", "")).startswith(ACTION_PREFIX)]
    if not user or not ours or not ours[0].get("value"):
        return None
    channel = str((body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or "")
    action = ours[0]
    stable = body.get("trigger_id") or _digest(action)
    return Incoming(PLATFORM, user, channel if channel.startswith("D") else "", press=parse_press(action["value"]),
                    event_id=f"press:{stable}", kind="press", private=True)


def is_home_press(body: dict[str, Any]) -> bool:
    """True when the press came from the App Home tab (its view is then re-published)."""
    return (body.get("container") or {}).get("type") == "view" and (body.get("view") or {}).get("type") == "home"


def from_submission(body: dict[str, Any], text: str) -> Incoming | None:
    """A modal's `view_submission`, already turned into `text` (see `modal.commitment_text`)."""
    user = (body.get("user") or {}).get("id")
    if not user:
        return None
    view = body.get("view") or {}
    stable = body.get("trigger_id") or _digest(view)
    return Incoming(PLATFORM, user, "", text=text, event_id=f"view:{stable}", private=True)
