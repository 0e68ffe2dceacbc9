"""The people's side of the stand-in: updates as Telegram delivers them (texts with their command
entities, edits, stickers, button presses, redeliveries), queued for the bot's `getUpdates`."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .telegram_wire import unix_now, utf16_len


class UserSide:
    """Mixed into `FakeTelegram`, which owns the state below and the queue."""

    _chat_types: dict[str, str]
    _sent: dict[str, list[dict[str, Any]]]
    _ids: Iterator[int]
    _msg_ids: Iterator[int]
    _query_ids: Iterator[int]
    queue: Callable[..., dict[str, Any]]         # FakeTelegram.queue(update, *, forced=False)
    uploads: dict[str, bytes]                    # file_id -> the bytes getFile and the file URL serve

    def _user(self, user_id: int, first_name: str, last_name: str | None) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        if last_name:
            user["last_name"] = last_name
        return user

    def _chat(self, chat_id: int, chat_type: str, first_name: str) -> dict[str, Any]:
        self._chat_types[str(chat_id)] = chat_type
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": first_name}
        return {"id": chat_id, "type": chat_type, "title": "Team chat"}

    def _message(self, user_id: int, chat_type: str, chat_id: int | None, first_name: str,
                 last_name: str | None, **content: Any) -> dict[str, Any]:
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else -1000000000000 - user_id
        return {"message_id": next(self._msg_ids), "date": unix_now(),
                "from": self._user(user_id, first_name, last_name),
                "chat": self._chat(chat_id, chat_type, first_name), **content}

    def make_update(self, **body: Any) -> dict[str, Any]:
        """A new update with the next update_id (not queued: see `queue`)."""
        return {"update_id": next(self._ids), **body}

    def user_text(self, user_id: int, text: str, chat_type: str = "private", *, chat_id: int | None = None,
                  first_name: str = "Ada", last_name: str | None = "Lovelace") -> dict[str, Any]:
        """A user types `text` (commands get the bot_command entity Telegram adds)."""
        extra: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])}]
        msg = self._message(user_id, chat_type, chat_id, first_name, last_name, **extra)
        return self.queue(self.make_update(message=msg))

    def user_edit(self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None,
                  first_name: str = "Ada") -> dict[str, Any]:
        """The user edits one of their earlier messages."""
        msg = self._message(user_id, "private", chat_id, first_name, None, text=text, edit_date=unix_now())
        msg["message_id"] = message_id
        return self.queue(self.make_update(edited_message=msg))

    def user_sticker(self, user_id: int, emoji: str = "👍", *, chat_id: int | None = None) -> dict[str, Any]:
        sticker = {"file_id": "CAACAgIAAxkB", "file_unique_id": "AgAD", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False, "emoji": emoji}
        msg = self._message(user_id, "private", chat_id, "Ada", None, sticker=sticker)
        return self.queue(self.make_update(message=msg))

    def user_document(self, user_id: int, name: str, data: bytes, mime: str = "text/markdown", *,
                      file_size: int | None = None, chat_type: str = "private") -> dict[str, Any]:
        """The user sends a file; the bot fetches it with getFile and the file URL. `file_size` can
        claim another size than the bytes have (Telegram's field is optional and not checked)."""
        file_id = f"BQACAgIAAxkBdoc{len(self.uploads) + 1}"
        self.uploads[file_id] = data
        document = {"file_id": file_id, "file_unique_id": f"AgADu{len(self.uploads)}", "file_name": name,
                    "mime_type": mime, "file_size": len(data) if file_size is None else file_size}
        msg = self._message(user_id, chat_type, None, "Ada", None, document=document)
        return self.queue(self.make_update(message=msg))

    def user_press(self, user_id: int, data: str, message_id: int | None = None, *,
                   chat_id: int | None = None) -> dict[str, Any]:
        """The user presses a button. Without `message_id`, the latest bot message offering `data`."""
        chat = str(chat_id if chat_id is not None else user_id)
        message = None
        for sent in reversed(self._sent[chat]):
            if (message_id is None and data in button_data(sent)) or sent["message_id"] == message_id:
                message = sent
                break
        if message is None:
            raise AssertionError(f"no message in chat {chat} offers a button with data {data!r}")
        query = {"id": str(next(self._query_ids)), "from": self._user(user_id, "Ada", "Lovelace"),
                 "chat_instance": "-42", "data": data, "message": message}
        return self.queue(self.make_update(callback_query=query))

    def redeliver(self, update: dict[str, Any]) -> dict[str, Any]:
        """Serve the same update (same update_id) again, as Telegram does when a confirmation was lost."""
        return self.queue(json.loads(json.dumps(update)), forced=True)


def button_data(message: dict[str, Any]) -> list[str]:
    """Every callback_data on a message's inline keyboard."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data", "") for row in rows for b in row]


def button_labels(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("text", "") for row in rows for b in row]
