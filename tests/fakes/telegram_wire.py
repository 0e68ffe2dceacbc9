"""The Bot API's wire format, as the stand-in reads and answers it: form fields (JSON-encoded where
complex), error bodies, and Telegram's ways of counting length and time."""
from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

JSON_PARAMS = {"reply_markup", "commands", "allowed_updates", "entities", "caption_entities",
               "link_preview_options", "reply_parameters", "scope"}
INT_PARAMS = {"offset", "limit", "timeout", "message_id"}


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def unix_now() -> int:
    return int(time.time())


def error_response(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    """PTB posts urlencoded or multipart form fields (JSON-encoded where complex); others post JSON."""
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    if request.content_type == "application/json":
        params = dict(await request.json())
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[value.filename or key] = value.file.read()
                params["_mime"] = value.content_type
            else:
                params[key] = value
    else:
        params = dict(request.query)
    for key in list(params):
        if key in JSON_PARAMS and isinstance(params[key], str):
            params[key] = json.loads(params[key])
        elif key in INT_PARAMS and isinstance(params[key], str):
            params[key] = int(params[key])
    return params, files
