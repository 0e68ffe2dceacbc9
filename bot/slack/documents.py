"""A file shared in the app's DM (a coach's lesson file): files.info through the real client,
then the `url_private_download` address fetched with the bot token, at most `MAX_DOCUMENT_BYTES`
read. A bigger file, or one Slack will not give, is None, and the conversation says so."""
from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.types import MAX_DOCUMENT_BYTES, Attachment

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=20)


async def fetch_shared_file(client: AsyncWebClient, file_id: str) -> Attachment | None:
    try:
        info = (await client.files_info(file=file_id)).get("file") or {}
    except SlackApiError as exc:
        log.warning("Slack: files.info for %s failed: %s", file_id, exc.response.get("error"))
        return None
    url = info.get("url_private_download") or info.get("url_private")
    if not url or int(info.get("size") or 0) > MAX_DOCUMENT_BYTES:
        return None
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session, \
                session.get(url, headers={"Authorization": f"Bearer {client.token}"}, allow_redirects=False) as r:
            if r.status != 200:
                log.warning("Slack: downloading file %s answered %s", file_id, r.status)
                return None
            data = await r.content.read(MAX_DOCUMENT_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("Slack: downloading file %s failed: %s", file_id, exc)
        return None
    if len(data) > MAX_DOCUMENT_BYTES:
        return None
    return Attachment(str(info.get("name") or "lesson.md"), str(info.get("mimetype") or "text/plain"), data)
