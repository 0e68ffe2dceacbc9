"""A Slack stand-in: the Web API and Socket Mode on 127.0.0.1 (port 0); the people's side (payloads,
signed HTTP posts) is in `slack_user`.

Why at the wire: Bolt's request verification, slack_sdk's retry handlers, files_upload_v2's three
steps and Socket Mode's envelopes/acks only get tested if the real clients meet something that
answers like Slack. The fake records every Web API call, enforces the Block Kit limits that bite
(3,000-char sections, 50 blocks, unique action_ids, 40,000-char text), injects faults per method
(429 with Retry-After, 5xx, `{"ok": false, "error": ...}`), serves a Socket Mode WebSocket that
pushes envelopes and records acks, and builds and signs the payloads Slack would send over HTTP.
Tests await through a Condition; nothing here sleeps.
"""
from __future__ import annotations

from contextlib import suppress
import asyncio
import itertools
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .loopback import serve
from .slack_user import APP, BOT_ID, BOT_USER, TEAM, SlackPeople, SlackUser, buttons



@dataclass
class Call:
    """One Web API request. `fault` names the injected fault it met, if any."""

    method: str
    params: dict[str, Any]
    token: str
    fault: str | None = None


@dataclass
class Fault:
    """`kind`: "429" (Retry-After `retry_after`), "500"/"503", "error" (HTTP 200, ok=false, `error`), or
    "lost" (the call is carried out, then the connection is closed without an answer)."""

    kind: str
    retry_after: int = 1
    error: str = "account_inactive"


@dataclass
class Socket:
    """The Socket Mode side: envelopes pushed and the acks the app sent back."""

    ws: web.WebSocketResponse | None = None
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    connections: int = 0


class FakeSlack(SlackPeople):
    """Use `async with FakeSlack() as slack`; point `AsyncWebClient(base_url=slack.base_url)` at it."""

    def __init__(self, bot_token: str = "xoxb-test-token", app_token: str = "xapp-test-token",
                 signing_secret: str = "test-signing-secret") -> None:
        self.bot_token, self.app_token, self.signing_secret = bot_token, app_token, signing_secret
        self.calls: list[Call] = []
        self.users: dict[str, SlackUser] = {}
        self.messages: list[dict[str, Any]] = []           # every successful chat.postMessage
        self.home_views: dict[str, dict[str, Any]] = {}     # user -> last published App Home view
        self.opened_views: list[dict[str, Any]] = []        # views.open
        self.files: list[dict[str, Any]] = []               # completed uploads: name, data, channel
        self.shared: dict[str, dict[str, Any]] = {}         # files people shared: id -> name, mimetype, data
        self.outside: set[str] = set()                      # channels the bot is not a member of
        self.socket = Socket()
        self._uploads: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._seq = itertools.count(1)
        self._cond = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._endpoint)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_get("/socket", self._socket_endpoint)
        self._runner, self.port = await serve(app)
        return self

    async def stop(self) -> None:
        if self.socket.ws is not None:
            await self.socket.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    # -- set-up and faults --------------------------------------------------------------------
    def add_user(self, user_id: str, real_name: str = "Ada Lovelace", tz: str = "UTC") -> SlackUser:
        self.users[user_id] = SlackUser(user_id, real_name, tz)
        return self.users[user_id]

    def fail(self, method: str, kind: str, *, times: int = 1, retry_after: int = 1,
             error: str = "account_inactive") -> None:
        """Make the next `times` calls of `method` meet a fault (see `Fault`)."""
        for _ in range(times):
            self._faults[method].append(Fault(kind, retry_after, error))

    # -- what the app did ---------------------------------------------------------------------
    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def messages_to(self, channel: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["channel"] == channel]

    async def wait_for(self, predicate: Any, timeout: float = 5) -> None:
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(predicate), timeout)

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Until `method` was called `count` times in all (faulted calls included)."""
        await self.wait_for(lambda: len(self.calls_of(method)) >= count, timeout)
        return self.calls_of(method)

    async def wait_for_messages(self, channel: str, count: int, timeout: float = 5) -> list[dict[str, Any]]:
        await self.wait_for(lambda: len(self.messages_to(channel)) >= count, timeout)
        return self.messages_to(channel)

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5) -> dict[str, Any]:
        await self.wait_for(lambda: envelope_id in self.socket.acks, timeout)
        return self.socket.acks[envelope_id]

    async def _record(self, call: Call | None = None) -> None:
        async with self._cond:
            if call is not None:
                self.calls.append(call)
            self._cond.notify_all()

    # -- the Web API ----------------------------------------------------------------------------
    async def _endpoint(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or str(params.get("token", ""))
        call = Call(method, params, token)
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        fault = self._faults[method].popleft() if self._faults[method] else None
        headers: dict[str, str]
        if token != expected:
            call.fault, body, status, headers = "invalid_auth", {"ok": False, "error": "invalid_auth"}, 200, {}
        elif fault is not None and fault.kind == "lost":   # done, but the answer never reaches the app
            call.fault = fault.kind
            with suppress(SlackError):  # the call is carried out (or refused) before the answer is lost
                self._answer(method, params)
            await self._record(call)
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        elif fault is not None:
            call.fault, headers = fault.kind, {}
            if fault.kind == "429":
                status, headers = 429, {"Retry-After": str(fault.retry_after)}
                body = {"ok": False, "error": "ratelimited"}
            elif fault.kind == "error":
                status, body = 200, {"ok": False, "error": fault.error}
            else:
                status, body = int(fault.kind), {"ok": False, "error": "internal_error"}
        else:
            status, headers = 200, {}
            try:
                body = {"ok": True, **self._answer(method, params)}
            except SlackError as exc:
                call.fault, body = exc.error, {"ok": False, "error": exc.error}
        await self._record(call)
        return web.json_response(body, status=status, headers=headers)

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"url": "https://acme.slack.com/", "team": "Acme", "user": "followthrough", "team_id": TEAM,
                    "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "users.info":
            user = self.users.get(str(p.get("user")))
            if user is None:
                raise SlackError("user_not_found")
            return {"user": user.as_api()}
        if method == "conversations.open":
            users = str(p.get("users", "")).split(",")
            return {"channel": {"id": self.dm_of(users[0]), "is_im": True}}
        if method == "chat.postMessage":
            return self._post(p)
        if method == "chat.update":
            for m in self.messages:
                if m["channel"] == p.get("channel") and m["ts"] == p.get("ts"):
                    _check_blocks(_json(p.get("blocks", m["blocks"])), 50)
                    m.update(text=p.get("text", m["text"]), blocks=_json(p.get("blocks", m["blocks"])))
                    return {"channel": m["channel"], "ts": m["ts"]}
            raise SlackError("message_not_found")
        if method == "views.publish":
            view = _json(p.get("view"))
            _check_blocks(view.get("blocks", []), 100)
            self.home_views[str(p.get("user_id"))] = view
            return {"view": {"id": f"V{next(self._seq)}", **view}}
        if method == "views.open":
            if not p.get("trigger_id"):
                raise SlackError("invalid_trigger_id")
            view = {"id": f"V{next(self._seq)}", **_json(p.get("view"))}
            self.opened_views.append(view)
            return {"view": view}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._seq):08d}"
            self._uploads[file_id] = {"name": p.get("filename"), "length": int(p.get("length", 0))}
            return {"file_id": file_id, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            done = []
            for f in _json(p.get("files")):
                upload = self._uploads.pop(f["id"], None)
                if upload is None or "data" not in upload:
                    raise SlackError("file_not_found")
                self.files.append({**upload, "id": f["id"], "title": f.get("title"),
                                   "channel": p.get("channel_id"), "comment": p.get("initial_comment")})
                done.append({"id": f["id"], "title": f.get("title"), "name": upload["name"]})
            return {"files": done}
        if method == "files.info":
            shared = self.shared.get(str(p.get("file")))
            if shared is None:
                raise SlackError("file_not_found")
            url = f"http://127.0.0.1:{self.port}/files-pri/{p['file']}/{shared['name']}"
            return {"file": {"id": p["file"], "name": shared["name"], "mimetype": shared["mimetype"],
                             "size": shared.get("size", len(shared["data"])), "url_private": url,
                             "url_private_download": url + "?download=1"}}
        if method == "apps.connections.open":
            return {"url": f"ws://127.0.0.1:{self.port}/socket"}
        raise SlackError("unknown_method")

    def _post(self, p: dict[str, Any]) -> dict[str, Any]:
        channel, text, blocks = str(p.get("channel", "")), str(p.get("text") or ""), _json(p.get("blocks") or [])
        if not channel:
            raise SlackError("channel_not_found")
        if channel in self.outside:
            raise SlackError("not_in_channel")
        if not text.strip() and not blocks:
            raise SlackError("no_text")
        if len(text) > 40_000:
            raise SlackError("msg_too_long")
        _check_blocks(blocks, 50)
        ts = f"1795424400.{next(self._seq):06d}"
        self.messages.append({"channel": channel, "ts": ts, "text": text, "blocks": blocks})
        return {"channel": channel, "ts": ts, "message": {"type": "message", "text": text, "ts": ts,
                                                          "user": BOT_USER, "bot_id": BOT_ID, "blocks": blocks}}

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self._uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404, text="unknown upload")
        upload["data"] = await request.read()
        await self._record()
        return web.Response(text=f"OK - {len(upload['data'])}")

    async def _download(self, request: web.Request) -> web.Response:
        """A shared file's bytes, for the bot token only (Slack redirects anyone else to a login page)."""
        await self._record(Call("download", {"file": request.match_info["file_id"]},
                                request.headers.get("Authorization", "").removeprefix("Bearer ")))
        shared = self.shared.get(request.match_info["file_id"])
        if request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            return web.Response(status=302, headers={"Location": "https://acme.slack.com/?redir=login"})
        if shared is None:
            return web.Response(status=404)
        return web.Response(body=shared["data"], content_type="application/octet-stream")

    # -- Socket Mode ------------------------------------------------------------------------------
    async def _socket_endpoint(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.socket.ws = ws
        self.socket.connections += 1
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP}})
        await self._record()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                ack = json.loads(msg.data)
                if "envelope_id" in ack:
                    self.socket.acks[ack["envelope_id"]] = ack
                    await self._record()
        return ws

    async def wait_connected(self, timeout: float = 5) -> None:
        await self.wait_for(lambda: self.socket.ws is not None and not self.socket.ws.closed, timeout)

    async def push(self, kind: str, payload: dict[str, Any], retry_attempt: int = 0) -> str:
        """Send an envelope ("events_api", "slash_commands", "interactive"); returns its envelope_id."""
        assert self.socket.ws is not None, "no Socket Mode connection"
        envelope_id = f"env-{next(self._seq)}"
        await self.socket.ws.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                        "accepts_response_payload": kind != "events_api",
                                        "retry_attempt": retry_attempt, "retry_reason": ""})
        return envelope_id

class SlackError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _check_blocks(blocks: list[dict[str, Any]], most: int) -> None:
    """The Block Kit limits Slack enforces with `invalid_blocks`."""
    if len(blocks) > most:
        raise SlackError("invalid_blocks")
    action_ids = [e.get("action_id") for e in buttons(blocks)]
    if len(action_ids) != len(set(action_ids)):
        raise SlackError("invalid_blocks")
    for b in blocks:
        if b.get("type") == "section" and len(b["text"]["text"]) > 3000:
            raise SlackError("invalid_blocks")
        if b.get("type") == "actions" and len(b.get("elements", [])) > 25:
            raise SlackError("invalid_blocks")
        for e in b.get("elements", []) if b.get("type") == "actions" else []:
            if len(e["text"]["text"]) > 75 or len(e.get("value", "")) > 2000:
                raise SlackError("invalid_blocks")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def _read_params(request: web.Request) -> dict[str, Any]:
    """slack_sdk sends JSON, form fields or a query string depending on the method."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params
