"""A Bot API stand-in: a small aiohttp server on 127.0.0.1 (port 0) that the real PTB client talks to.

Why at the wire: the adapter's durability (inbox before offset), PTB's rate limiter, multipart uploads
and error mapping only get tested if a real HTTP client meets something that answers like Telegram.
The fake queues user updates, serves long-poll `getUpdates` with Telegram's offset semantics, records
every call, enforces the limits that bite in production (4096-char text, 1024-char caption, 64-byte
callback_data) and can inject faults per method (429 with retry_after, 502, hang, dropped connection,
403 blocked), at random (`fail_at_random`) or per chat (`block`). Tests await calls through a
Condition; nothing here sleeps except an injected hang.

A "timeout" fault hangs *before* the message is recorded, so a send that timed out was not delivered
(`messages_to` never shows it); a retry is therefore the only copy. A "lost" fault is the other
case: Telegram accepts the message (`messages_to` shows it) and its answer is lost: the response
hangs `hang` seconds (longer than the client's read timeout), then the connection is closed.

`FakeTelegram(enforce_limits=True)` also enforces Telegram's flood limits the way a bot meets them:
each message sent (`SEND_METHODS`) counts against the whole bot and against its chat, and a send that
would exceed a limit in some sliding window is refused with 429 and the `retry_after` (whole seconds,
at least 1) after which it would fit. Refused sends do not count. The limits, with the burst tolerance
Telegram's "short bursts are fine" leaves undefined:
* overall: `overall_rate` (30) per second, plus `overall_burst` (5) in any 1 s window;
* per chat: `chat_rate` (1) per second, plus `chat_burst` (12) in any 1 s window and in any 60 s window
  (so 13 at once pass, but a chat held at 2/s is refused within the minute).
The bot's own buckets (bot/telegram/limits.py: 30/s holding 3, 1/s per chat holding 10) stay under
these with 2 messages to spare for network jitter. `rate_limited` counts the 429s the fake returned
this way (`rate_limited_by` per chat); injected faults are not counted there.
"""
from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter, defaultdict, deque
from contextlib import suppress
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .loopback import serve
from .telegram_flood import FloodLimits
from .telegram_user import UserSide
from .telegram_wire import error_response, read_params, unix_now, utf16_len

BOT_ID = 7000000001
SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"})


@dataclass
class Call:
    """One request the bot made. `fault` names the injected fault it met, if any."""

    method: str
    params: dict[str, Any]
    at: float
    files: dict[str, bytes] = field(default_factory=dict)
    fault: str | None = None
    result: Any = None


@dataclass
class Fault:
    """`kind`: "429" (retry_after seconds), "502", "403" (blocked), "timeout" (hang `hang` s, then 504),
    "drop" (close the connection without an answer), "lost" (deliver the message, then hang `hang` s
    and close the connection: accepted, but the answer never reaches the bot), "ok" (no fault: lets
    one call through, so a queued fault meets a later one)."""

    kind: str
    retry_after: float = 1   # Telegram sends whole seconds; tests may ask for less to keep fast
    hang: float = 30.0


@dataclass
class _Queued:
    update: dict[str, Any]
    forced: bool = False       # a redelivery: served even though its id is below the offset
    delivered: bool = False


class TelegramError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


class FakeTelegram(UserSide):
    """The server plus the user's side of the conversation. Use `async with FakeTelegram() as fake`."""

    def __init__(self, token: str = "123456:TEST-TOKEN", username: str = "FollowBot", *,
                 enforce_limits: bool = False, overall_rate: float = 30, overall_burst: int = 5,
                 chat_rate: float = 1, chat_burst: int = 12, now: Callable[[], float] | None = None) -> None:
        self.token, self.username = token, username
        self.enforce_limits = enforce_limits
        self._now = now or time.monotonic   # seconds; injectable so the limits can be tested without waiting
        self.flood = FloodLimits(overall_rate, overall_burst, chat_rate, chat_burst, self._now)
        self._random_faults: dict[str, tuple[random.Random, list[tuple[float, Fault]]]] = {}
        self._blocked: set[str] = set()
        self.on_message: Callable[[str, dict[str, Any]], None] | None = None  # told of each message sent (benchmarks)
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self.menus: dict[str, list[dict[str, Any]]] = {}   # command menus by scope type ("default", ...)
        self.description = self.short_description = ""
        self.offset = 0                      # the highest offset the bot has confirmed
        self._queue: list[_Queued] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._sent: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._chat_types: dict[str, str] = {}
        self._ids = itertools.count(1)       # update ids
        self._msg_ids = itertools.count(1)   # message ids (one sequence for all chats is enough)
        self._query_ids = itertools.count(4000000000001)
        self._cond = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.uploads = {}   # files people sent: getFile answers for them, the file URL serves them

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._endpoint)
        app.router.add_get("/bot{token}/{method}", self._endpoint)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner, self.port = await serve(app)
        return self

    async def stop(self) -> None:
        async with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` wants: it appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- the user's side ----------------------------------------------------------------------------
    def queue(self, update: dict[str, Any], *, forced: bool = False) -> dict[str, Any]:
        """Queue a raw update for getUpdates."""
        self._queue.append(_Queued(update, forced=forced))
        self._queue.sort(key=lambda q: q.update["update_id"])
        self._notify()
        return update

    def restart_update_ids(self, first: int) -> None:
        """After a week without updates Telegram picks the next update_id afresh, often lower than
        before: the next update gets `first`, and the confirmed offset starts over."""
        self._ids = itertools.count(first)
        self.offset = 0

    # -- faults -----------------------------------------------------------------------------
    def fail(self, method: str, kind: str, *, times: int = 1, retry_after: float = 1, hang: float = 30.0) -> None:
        """Make the next `times` calls of `method` meet a fault (see `Fault`)."""
        for _ in range(times):
            self._faults[method].append(Fault(kind, retry_after=retry_after, hang=hang))

    def fail_at_random(self, method: str, rates: dict[str, float], *, seed: int = 0,
                       retry_after: float = 1, hang: float = 30.0) -> None:
        """From now on each call of `method` (after any queued `fail`) meets fault `kind` with
        probability `rates[kind]` (e.g. {"429": .1, "502": .1, "timeout": .1}); `{}` stops it."""
        if not rates:
            self._random_faults.pop(method, None)
            return
        if sum(rates.values()) > 1:
            raise ValueError("fault probabilities add up to more than 1")
        table = [(p, Fault(kind, retry_after=retry_after, hang=hang)) for kind, p in rates.items()]
        self._random_faults[method] = (random.Random(seed), table)

    def block(self, chat_id: int | str) -> None:
        """The person blocks the bot: every send to `chat_id` answers 403 from now on."""
        self._blocked.add(str(chat_id))

    def _next_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        if self._faults[method]:
            fault = self._faults[method].popleft()
            return None if fault.kind == "ok" else fault
        if method in SEND_METHODS and str(params.get("chat_id")) in self._blocked:
            return Fault("403")
        if method in self._random_faults:
            rng, table = self._random_faults[method]
            roll = rng.random()
            for p, fault in table:
                if roll < p:
                    return fault
                roll -= p
        return None

    # -- what the bot did -------------------------------------------------------------------
    @property
    def rate_limited(self) -> int:
        """429s the flood limits returned (injected faults are not counted)."""
        return self.flood.rate_limited

    @property
    def rate_limited_by(self) -> Counter[str]:
        return self.flood.rate_limited_by

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def messages_to(self, chat_id: int | str) -> list[dict[str, Any]]:
        """Messages the bot successfully sent to a chat (texts and documents), oldest first."""
        return list(self._sent[str(chat_id)])

    def texts_to(self, chat_id: int | str) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages_to(chat_id)]

    async def wait_for_calls(self, method: str, count: int, timeout: float = 5) -> list[Call]:
        """Wait until `method` has been called at least `count` times in all (faulted calls included)."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: len(self.calls_of(method)) >= count), timeout)
        return self.calls_of(method)

    async def wait_for_messages(self, chat_id: int | str, count: int, timeout: float = 5) -> list[dict[str, Any]]:
        """Wait until the bot has sent `count` messages in all to `chat_id`."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: len(self._sent[str(chat_id)]) >= count), timeout)
        return self.messages_to(chat_id)

    async def wait_confirmed(self, update_id: int, timeout: float = 5) -> None:
        """Wait until the bot has confirmed `update_id` (asked for an offset beyond it)."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: self.offset > update_id), timeout)

    def _notify(self) -> None:
        async def _wake() -> None:
            async with self._cond:
                self._cond.notify_all()
        asyncio.get_running_loop().create_task(_wake())

    # -- the server -----------------------------------------------------------------------------
    async def _endpoint(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params, files = await read_params(request)
        call = Call(method, params, asyncio.get_running_loop().time(), files)
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        fault = self._next_fault(method, params)
        if fault is None and self.enforce_limits and method in SEND_METHODS:
            wait = self.flood.wait(str(params.get("chat_id")))
            if wait:
                call.fault = "flood"
                await self._record(call)
                return error_response(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        if fault is None or fault.kind == "lost":
            try:
                if method == "getUpdates":
                    call.result = await self._get_updates(params)
                else:
                    call.result = self._answer(method, params, files)
            except TelegramError as exc:
                call.fault = f"{exc.code}"
                await self._record(call)
                return error_response(exc.code, exc.description)
            if fault is not None:   # accepted, but the answer is lost
                call.fault = fault.kind
                await self._record(call)
                await self._hang(fault.hang)
                if request.transport is not None:   # the client may have given up and closed it first
                    request.transport.abort()
                return web.Response(status=500)
            await self._record(call)
            return web.json_response({"ok": True, "result": call.result})
        call.fault = fault.kind
        await self._record(call)
        if fault.kind == "429":
            return error_response(429, f"Too Many Requests: retry after {fault.retry_after}",
                          {"retry_after": fault.retry_after})
        if fault.kind == "403":
            return error_response(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "timeout":
            await self._hang(fault.hang)
            return error_response(504, "Gateway Timeout")
        if fault.kind == "drop":
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        return error_response(502, "Bad Gateway")

    async def _hang(self, seconds: float) -> None:
        """Hang until `seconds` pass or the fake closes."""
        async with self._cond:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._cond.wait_for(lambda: self._closing), seconds)

    async def _record(self, call: Call) -> None:
        async with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        if offset is not None:
            self.offset = max(self.offset, offset)
        self._queue = [q for q in self._queue
                       if q.update["update_id"] >= self.offset or (q.forced and not q.delivered)]
        async with self._cond:
            self._cond.notify_all()   # wake wait_confirmed
            deliverable = lambda: self._closing or any(  # noqa: E731
                q.update["update_id"] >= self.offset or (q.forced and not q.delivered) for q in self._queue)
            if not deliverable():
                try:
                    await asyncio.wait_for(self._cond.wait_for(deliverable), float(params.get("timeout") or 0))
                except TimeoutError:
                    return []
        out = [q for q in self._queue if q.update["update_id"] >= self.offset or (q.forced and not q.delivered)]
        out = out[: int(params.get("limit") or 100)]
        for q in out:
            q.delivered = True
        return [q.update for q in out]

    async def _file(self, request: web.Request) -> web.StreamResponse:
        """A file's bytes at the path getFile gave (`documents/<file_id>`), as Telegram's file server."""
        self.calls.append(Call("file", {"path": request.match_info["path"]}, asyncio.get_running_loop().time()))
        data = self.uploads.get(request.match_info["path"].removeprefix("documents/"))
        if request.match_info["token"] != self.token or data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    def _answer(self, method: str, p: dict[str, Any], files: dict[str, bytes]) -> Any:
        if method == "getFile":
            data = self.uploads.get(str(p.get("file_id")))
            if data is None:
                raise TelegramError(400, "Bad Request: invalid file_id")
            return {"file_id": p["file_id"], "file_unique_id": "AgADf", "file_size": len(data),
                    "file_path": f"documents/{p['file_id']}"}
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Followthrough", "username": self.username,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
        if method in ("deleteWebhook", "answerCallbackQuery", "close", "logOut"):
            return True
        if method == "setMyCommands":
            self.commands = p.get("commands", [])
            self.menus[(p.get("scope") or {}).get("type", "default")] = self.commands
            return True
        if method == "deleteMyCommands":
            self.menus.pop((p.get("scope") or {}).get("type", "default"), None)
            return True
        if method == "getMyCommands":
            return self.menus.get((p.get("scope") or {}).get("type", "default"), [])
        if method in ("setMyDescription", "setMyShortDescription"):
            field, most = ("description", 512) if method == "setMyDescription" else ("short_description", 120)
            text = p.get(field, "")
            if len(text) > most:
                raise TelegramError(400, f"Bad Request: {field} is too long (at most {most})")
            setattr(self, field, text)
            return True
        if method == "sendMessage":
            text = p.get("text", "")
            if not text.strip():
                raise TelegramError(400, "Bad Request: message text is empty")
            if utf16_len(text) > 4096:
                raise TelegramError(400, "Bad Request: message is too long")
            return self._store_sent(p, text=text)
        if method == "sendDocument":
            caption = p.get("caption")
            if caption is not None and utf16_len(caption) > 1024:
                raise TelegramError(400, "Bad Request: message caption is too long")
            name, data = next(iter(files.items()), ("document", b""))
            doc = {"file_id": f"BQACAgI{len(self.calls)}", "file_unique_id": "AgADdoc", "file_name": name,
                   "mime_type": p.get("_mime", "application/octet-stream"), "file_size": len(data)}
            extra = {"caption": caption} if caption else {}
            return self._store_sent(p, document=doc, document_bytes=data, **extra)
        if method == "sendPhoto":
            caption = p.get("caption")
            if caption is not None and utf16_len(caption) > 1024:
                raise TelegramError(400, "Bad Request: message caption is too long")
            name, data = next(iter(files.items()), ("photo", b""))
            if not data.startswith(b"\x89PNG") and not data.startswith(b"\xff\xd8"):
                raise TelegramError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            photo = [{"file_id": f"AgACAgI{len(self.calls)}", "file_unique_id": "AgADph", "width": 1280,
                      "height": 720, "file_size": len(data)}]
            extra = {"caption": caption} if caption else {}
            return self._store_sent(p, photo=photo, document_bytes=data, **extra)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            for msg in self._sent[str(p.get("chat_id"))]:
                if msg["message_id"] == p.get("message_id"):
                    markup = p.get("reply_markup") or None
                    if p.get("text", msg.get("text")) == msg.get("text") and markup == msg.get("reply_markup"):
                        raise TelegramError(400, "Bad Request: message is not modified")
                    if "text" in p:
                        if "text" not in msg:
                            raise TelegramError(400, "Bad Request: there is no text in the message to edit")
                        if utf16_len(p["text"]) > 4096:
                            raise TelegramError(400, "Bad Request: MESSAGE_TOO_LONG")
                        msg["text"] = p["text"]
                    if markup is None:
                        msg.pop("reply_markup", None)
                    else:
                        msg["reply_markup"] = markup
                    msg["edit_date"] = unix_now()
                    return {k: v for k, v in msg.items() if k not in ("document_bytes", "parse_mode_used")}
            raise TelegramError(400, "Bad Request: message to edit not found")
        raise TelegramError(404, "Not Found")

    def _store_sent(self, p: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = str(p.get("chat_id"))
        markup = p.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise TelegramError(400, "Bad Request: BUTTON_DATA_INVALID")
        chat_type = self._chat_types.get(chat_id, "private")
        msg = {"message_id": next(self._msg_ids), "date": unix_now(),
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Followthrough", "username": self.username},
               "chat": {"id": int(chat_id), "type": chat_type, **({"first_name": "Ada"} if chat_type == "private"
                                                                   else {"title": "Team chat"})},
               **content}
        if markup:
            msg["reply_markup"] = markup
        if p.get("parse_mode"):
            msg["parse_mode_used"] = p["parse_mode"]   # recorded so tests can insist there is none
        self._sent[chat_id].append(msg)
        if self.on_message is not None:
            self.on_message(chat_id, msg)
        # A sent Message carries only an inline keyboard; a reply keyboard (e.g. "share my location")
        # is kept above for the tests but is not part of Telegram's answer.
        inline = bool(markup and "inline_keyboard" in markup)
        return {k: v for k, v in msg.items()
                if k not in ("document_bytes", "parse_mode_used") and (k != "reply_markup" or inline)}


