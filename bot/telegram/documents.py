"""A file a person sent (a lesson file from a coach), fetched through PTB's getFile and the file
URL, at most `MAX_DOCUMENT_BYTES`: a bigger file, or one Telegram will not give, is None and the
conversation says so. Fetched before the core runs, so the core never waits on the network."""
from __future__ import annotations

import logging

from telegram import Message
from telegram.error import TelegramError

from handlers.types import MAX_DOCUMENT_BYTES, Attachment

log = logging.getLogger(__name__)


async def fetch_document(message: Message) -> Attachment | None:
    document = message.document
    if document is None or (document.file_size or 0) > MAX_DOCUMENT_BYTES:
        return None
    try:
        file = await document.get_file()
        if (file.file_size or 0) > MAX_DOCUMENT_BYTES:
            return None
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:  # gone, too big for the Bot API (20 MB), the network: the person is told
        log.warning("message %s: the file could not be fetched: %s", message.message_id, exc)
        return None
    if len(data) > MAX_DOCUMENT_BYTES:
        return None
    return Attachment(document.file_name or "lesson.md", document.mime_type or "text/plain", data)
