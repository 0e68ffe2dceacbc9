"""The Slack adapter: a Bolt `AsyncApp` over Socket Mode or signed HTTP, storing first, acknowledging,
then handing the event to the shared inbound pump (bot/pump.py).

Slack wants an answer within 3 seconds and never resends an acknowledged event, so a Bolt
middleware stores the raw request body in the inbox before anything is acknowledged (bounded to
`PERSIST_TIMEOUT`: with a busy database the event is acknowledged anyway and handled from memory);
the pump answers it, one person's events in arrival order, and deletes the row. Rows a crashed run
left behind are replayed at start. Channel mentions are not stored (they only get a pointer to
the DM). Socket Mode (an app-level token) needs no public URL; HTTP mode serves `path` on `port`
with Bolt's request verification on: a forged signature or a timestamp older than 5 minutes gets
401. Redeliveries carry the same `event_id`, which the core records, so they are answered once.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (AsyncConnectionErrorRetryHandler,
                                                         AsyncRateLimitErrorRetryHandler,
                                                         AsyncServerErrorRetryHandler)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapter import Capabilities
from bot.pump import Event, Pump, settle
from bot.slack.documents import fetch_shared_file
from bot.slack import inbound, modal, status
from bot.slack.inbox import PERSIST_TIMEOUT, incoming_of, stored_form
from bot.slack.outbound import INVITE_ME, NOT_SENT, PLATFORM, SlackSender
from bot.slack.verify import Gate
from handlers.clock import Clock
from handlers.types import ChannelUnavailable, CommandInfo, Incoming, Reply, Sender

log = logging.getLogger(__name__)
# Bolt reads SLACK_BOT_TOKEN from the environment by itself and, since this adapter hands it a
# ready client, warns at every start that the token "will be unused": true and harmless, so hidden.
logging.getLogger("slack_bolt.AsyncApp").addFilter(lambda record: "will be unused" not in record.getMessage())
ELSEWHERE = "I'll answer in our direct messages (Followthrough in your Apps list)."
NEEDS_SECRET = ("Slack HTTP mode needs the signing secret (SLACK_SIGNING_SECRET, under Basic Information), "
                "or use Socket Mode with an app-level token (SLACK_APP_TOKEN, xapp-...).")


class CoreLike(Protocol):
    async def handle(self, incoming: Incoming, *, retry_later: bool = False) -> list[Reply]: ...
    def commands(self) -> list[CommandInfo]: ...


class SlackAdapter:
    """An `Adapter` (bot/adapter.py). `start()` checks the token (auth.test), replays what the last
    run left, and opens the chosen transport; `stop()` closes it and gives in-flight work `grace`
    seconds. `sender` is the `Sender` for this workspace."""

    platform = PLATFORM

    def __init__(self, core: CoreLike, store: Any, clock: Clock, bot_token: str, app_token: str | None = None,
                 signing_secret: str | None = None, port: int = 3000, base_url: str | None = None, *,
                 host: str = "0.0.0.0", path: str = "/slack/events", registry: Sender | None = None,
                 per_channel_rate: float = 1.0, profile_ttl: timedelta = timedelta(hours=1), grace: float = 5,
                 max_retries: int = 2, request_timeout: int = 10, reply_retry_for: float = 60,
                 persist_timeout: float = PERSIST_TIMEOUT,
                 on_processed: Callable[[str], None] | None = None) -> None:
        if not app_token and not signing_secret:
            raise ValueError(NEEDS_SECRET)
        self.core, self.store, self.clock = core, store, clock
        self.app_token, self.host, self.port, self.path = app_token, host, port, path
        self.profile_ttl, self.persist_timeout = profile_ttl, persist_timeout
        self.client = AsyncWebClient(
            token=bot_token, base_url=base_url or AsyncWebClient.BASE_URL, timeout=request_timeout,
            # Only connections that never carried the request are retried inside the client: a post
            # whose connection dropped after it left may be in the channel (`DeliveryFailed.maybe_delivered`),
            # and whether to try again is the sender's policy (README, "Nudges").
            retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=max_retries,
                                                             error_types=list(NOT_SENT)),
                            AsyncRateLimitErrorRetryHandler(max_retry_count=max_retries),
                            AsyncServerErrorRetryHandler(max_retry_count=max_retries)])
        self.app = AsyncApp(client=self.client, signing_secret=signing_secret or "",
                            request_verification_enabled=bool(signing_secret) or not app_token)
        self.sender = SlackSender(self.client, per_channel_rate)
        self.gate = Gate(signing_secret) if signing_secret else None   # HTTP mode: forged requests stop here
        # on_processed: told each event id once it is handled (tests, benchmarks)
        self.pump = Pump(PLATFORM, core, store, clock, self.sender, self, registry=registry, deliver=self._deliver,
                         grace=grace, retry_for=reply_retry_for, on_processed=on_processed)
        self._tasks: set[asyncio.Task[None]] = set()   # modal openings: not conversation, not in the pump
        self._profiles: dict[str, tuple[datetime, str, str | None]] = {}
        self._dms: dict[str, str] = {}
        self._socket: Any = None
        self._runner: web.AppRunner | None = None
        self._register()

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(PLATFORM, f"{inbound.COMMAND} ")

    # -- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        auth = await self.client.auth_test()  # a wrong token fails here, loudly, not on the first message
        who = f"{auth.get('user')} in {auth.get('team')}"
        await self.pump.start()
        replayed = await self.pump.load_backlog(self._parse)
        if replayed:
            log.warning("Slack: replaying %d event(s) left unanswered by the last run", replayed)
        if self.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("Slack: started as %s, Socket Mode", who)
            return
        web_app = web.Application()
        web_app.router.add_post(self.path, self._http)
        self._runner = web.AppRunner(web_app, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # port 0 → the real one
        log.info("Slack: started as %s, HTTP mode on %s:%s%s", who, self.host, self.port, self.path)

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._drain_tasks(self.pump.grace, cancel=True)
        await self.pump.stop()
        log.info("Slack: stopped")

    async def drain(self, timeout: float = 5, cancel: bool = False) -> None:
        """Wait for acknowledged work to finish (tests, shutdown); with `cancel`, end what is late."""
        await self._drain_tasks(timeout, cancel)
        await self.pump.drain(timeout, cancel)

    async def _drain_tasks(self, timeout: float, cancel: bool) -> None:
        while self._tasks:
            await settle(set(self._tasks), timeout, cancel, "Slack task(s)")

    async def _http(self, request: web.Request) -> web.Response:
        """The gate refuses a forged or stale request in one log line (bot/slack/verify.py); Bolt checks
        again, dispatches, and answers as soon as ack() ran."""
        refused = await self.gate.refuse(request) if self.gate is not None else None
        if refused is not None:
            return refused
        return await to_aiohttp_response(await self.app.async_dispatch(await to_bolt_request(request)))

    # -- listeners: acknowledge, then work -----------------------------------------------------------
    def _register(self) -> None:
        self.app.middleware(self._persist_first)
        for event in ("message", "app_mention", "app_home_opened"):
            self.app.event(event)(self._on_event)
        for event in ("user_change", "user_status_changed"):  # an away status pauses nudges
            self.app.event(event)(self._on_status)
        self.app.command(inbound.COMMAND)(self._on_command)
        ours = re.compile(f"^{re.escape(inbound.ACTION_PREFIX)}")
        self.app.action({"type": "block_actions", "action_id": ours})(self._on_action)
        self.app.shortcut(modal.CALLBACK_ID)(self._on_shortcut)
        self.app.view(modal.CALLBACK_ID)(self._on_submit)

    async def _persist_first(self, body: dict[str, Any], context: Any, next: Callable[[], Awaitable[Any]]) -> Any:
        """Before Bolt acknowledges anything (events are acknowledged automatically), store the raw
        body of what the person did; listeners hand it to the pump (`_work`)."""
        incoming = incoming_of(body)
        if incoming is not None and incoming.event_id:
            event = Event(incoming.user_id, incoming.event_id, body, incoming.event_id)
            context["inbox"] = (event, await self._store(event, incoming))
        return await next()

    async def _store(self, event: Event, incoming: Incoming) -> int | None:
        """The row id, or None: a channel mention (not stored), a retry already stored, or no time."""
        if not incoming.private:
            return None
        try:
            async with asyncio.timeout(self.persist_timeout):
                stored = await self.pump.persist([(event, stored_form(event.raw), incoming.user_id)])
        except Exception:
            log.warning("Slack event %s: not stored before the ack", event.event_id, exc_info=True)
            return None
        return stored[0][0] if stored else None

    def _work(self, context: Any) -> None:
        taken = context.get("inbox")
        if taken is not None:
            event, row = taken
            self.pump.enqueue(row, event)

    def _parse(self, event_id: str, payload: str) -> Event | None:
        body = json.loads(payload)
        incoming = incoming_of(body)
        return None if incoming is None else Event(incoming.user_id, event_id, body, event_id)

    async def _on_event(self, ack: Any, context: Any) -> None:
        await ack()
        self._work(context)

    async def _on_status(self, ack: Any, event: dict[str, Any]) -> None:
        await ack()
        # A tracked task, registered before this listener yields, so drain() waits for it too.
        self._spawn(self._apply_status(event.get("user") or {}), "a status change")

    async def _apply_status(self, user: dict[str, Any]) -> None:
        await status.apply(self.store, self.clock, user)

    async def _on_command(self, ack: Any, command: dict[str, Any], context: Any) -> None:
        if inbound.wants_modal(command):
            await ack()
            self._spawn(self._open_modal(command.get("trigger_id", ""), command.get("user_id", "")),
                        f"modal:{command.get('trigger_id', '')}")
            return
        in_dm = str(command.get("channel_id", "")).startswith("D")
        await ack() if in_dm else await ack(text=ELSEWHERE)
        self._work(context)

    async def _on_action(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        await ack()
        self._work(context)
        taken = context.get("inbox")
        if taken is not None:   # at once: the buttons go before a second click can count
            self._spawn(self.sender.settle_press(body), f"{taken[0].event_id}:settle")

    async def _on_shortcut(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._open_modal(body.get("trigger_id", ""), (body.get("user") or {}).get("id", "")),
                    f"modal:{body.get('trigger_id', '')}")

    async def _on_submit(self, ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any) -> None:
        errors = modal.submission_errors(view)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        self._work(context)

    async def _open_modal(self, trigger_id: str, user_id: str) -> None:
        cached = self._profiles.get(user_id)  # no users.info here: the trigger_id expires in 3 s
        tz = cached[2] if cached is not None else None
        today = self.clock.now().astimezone(_zone(tz)).date()
        await self.client.views_open(trigger_id=trigger_id, view=modal.modal_view(today))

    # -- translation (the pump's `Translator`) -----------------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, None], label: str = "") -> None:
        task = asyncio.create_task(self._logged(coro, label), name=f"slack-{label}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _logged(self, coro: Awaitable[None], label: str) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("Slack: handling %s failed", label or "a request")

    async def turns(self, body: dict[str, Any]) -> Sequence[Incoming]:
        """The person's event, with their name, zone and DM; a Done pressed on App Home also
        redraws the Home tab."""
        incoming = incoming_of(body)
        if incoming is None:
            return []
        incoming = await self._enrich(incoming)
        if incoming.kind == "document" and (file_id := inbound.shared_file_id(body)):
            incoming = replace(incoming, document=await fetch_shared_file(self.client, file_id))
        if not inbound.is_home_press(body):
            return [incoming]
        return [incoming, replace(incoming, kind="home", press=None, event_id=f"{incoming.event_id}:home")]

    async def arrived(self, body: dict[str, Any]) -> None:
        """Nothing to answer: Slack was acknowledged before the work began."""

    async def handled(self, body: dict[str, Any]) -> None:
        """Nothing to do: a pressed message is edited at once, when the press is acknowledged."""

    async def _deliver(self, incoming: Incoming, reply: Reply) -> Any:
        if incoming.kind == "home" and reply.to is None:
            return await self.sender.publish_home(incoming.user_id, reply)
        try:
            return await self.pump.route(incoming, reply)
        except ChannelUnavailable as exc:   # a team channel without the bot: say so where the person reads
            log.warning("Slack event %s: channel post refused: %s", incoming.event_id, exc)
            if incoming.chat_id and incoming.chat_id != (reply.to or incoming.address).chat_id:
                await self.pump.route(incoming, Reply(INVITE_ME))
            return None

    # -- who and where: users.info and conversations.open, cached ------------------------------------------
    async def _enrich(self, incoming: Incoming) -> Incoming:
        """Add the real name and zone; answer in the app's DM unless the payload already named it."""
        if not incoming.private:
            return incoming  # a mention in a channel: the core's short note goes where it was asked
        name, tz = await self._profile(incoming.user_id)
        chat_id = incoming.chat_id if incoming.chat_id.startswith("D") else await self._dm(incoming.user_id)
        return replace(incoming, chat_id=chat_id, name=incoming.name or name, timezone=incoming.timezone or tz)

    async def _profile(self, user_id: str) -> tuple[str, str | None]:
        """Real name and IANA zone from users.info, kept for `profile_ttl`; a failure costs only these."""
        now = self.clock.now()
        cached = self._profiles.get(user_id)
        if cached is not None and cached[0] > now:
            return cached[1], cached[2]
        try:
            user = (await self.client.users_info(user=user_id)).get("user") or {}
        except Exception as exc:
            log.warning("Slack: users.info for %s failed: %s", user_id, exc)
            return "", None
        profile = user.get("profile") or {}
        name = str(user.get("real_name") or profile.get("real_name") or user.get("name") or "")
        tz = user.get("tz") or None
        self._profiles[user_id] = (now + self.profile_ttl, name, tz)
        try:  # a status set while no event reached us (the bot was down) is read here
            await status.apply(self.store, self.clock, user)
        except Exception:
            log.exception("Slack: the status of %s could not be stored", user_id)
        return name, tz

    async def _dm(self, user_id: str) -> str:
        """The person's DM channel with the app. If Slack will not say, the user id itself works as a
        chat.postMessage channel (it posts to the same DM)."""
        if user_id not in self._dms:
            try:
                channel = (await self.client.conversations_open(users=user_id)).get("channel") or {}
                self._dms[user_id] = str(channel.get("id") or user_id)
            except Exception as exc:
                log.warning("Slack: conversations.open for %s failed: %s", user_id, exc)
                return user_id
        return self._dms[user_id]


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
