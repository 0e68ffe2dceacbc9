"""Neutral `Reply` → Slack Web API calls. Everything Slack-specific about saying something lives here.

* The core's command marks (handlers/refs.py) become `/ft done 3`; nothing else in the text is
  touched, so a person's own "/start" stays "/start".
* Text becomes Block Kit `section` blocks of `mrkdwn` with `verbatim` on, after escaping `&`, `<` and
  `>`: what people typed is echoed back and must never turn into a link, a mention or an @channel.
* A section holds at most 3,000 characters (escaped), so longer text is split on a line, then a
  word boundary; a post's text stays under chat.postMessage's 40,000 and 50 blocks, beyond which
  the reply becomes several posts. Buttons ride on the last post, under the whole answer.
* Buttons become `actions` blocks: `action_id` is unique within the message ("ft-0", "ft-1"...),
  `value` is `Button.data` ("action:arg"), which comes back as a press.
* A file goes out with `files_upload_v2` (files.getUploadURLExternal, upload, completeUploadExternal).
* After a press, `settle_press` edits the message that carried the buttons (chat.update, see
  bot/pressed.py): "→ label" in a context line under it, and only the buttons that still mean something.

Failures come out as the neutral errors, so the scheduler never sees Slack: `RecipientGone` (the
person left, the DM is gone: stop sending), `ChannelUnavailable` (a shared channel, a team's,
that the bot is not in or that is archived or gone: the person behind the post is fine and is
told), `DeliveryFailed` (5xx, timeouts, 429 after the client's own Retry-After retries: try
later), plain `DeliveryError` otherwise (a refused request is a bug).
Each channel gets at most about one message per second (Slack's posting limit), via aiolimiter.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiolimiter import AsyncLimiter
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapter import Capabilities
from bot.pressed import after_press, pressed_line
from bot.render import render_text
from bot.slack.inbound import ACTION_PREFIX, COMMAND, PLATFORM
from bot.text_split import split_text as split_by_cost
from handlers.types import Address, Button, ChannelUnavailable, DeliveryError, DeliveryFailed, RecipientGone, Reply

log = logging.getLogger(__name__)
MAX_SECTION = 3000        # characters in one section's text
MAX_POST = 39_000         # characters of text in one post (Slack truncates beyond 40,000)
MAX_BLOCKS = 50           # blocks in one message (views allow 100)
MAX_ACTIONS = 25          # elements in one actions block
MAX_LABEL = 75            # characters in a button's label
GONE = frozenset({"account_inactive", "user_not_found", "channel_not_found", "is_archived", "cannot_dm_bot",
                  "user_disabled", "not_in_channel", "team_access_not_granted", "invalid_users"})
INVITE_ME = ("I couldn't post in that channel: I'm not a member of it. Invite me there "
             "(type /invite @Followthrough in the channel) and try again.")
CHANNEL_REFUSED = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
TEMPORARY = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
                       "team_added_to_org"})
# With HTTP 200, Slack documents these as possibly after "some aspect of the operation succeeded".
MAYBE_DONE = frozenset({"internal_error", "fatal_error"})
# Transport errors raised before the request left: Slack has nothing.
NOT_SENT: tuple[type[Exception], ...] = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError,
                                             ConnectionRefusedError)


def escape(text: str) -> str:
    """The three characters Slack's mrkdwn treats as control characters, as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped_len(char: str) -> int:
    return 5 if char == "&" else 4 if char in "<>" else 1


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Split `text` into parts whose *escaped* length is at most `limit`."""
    return split_by_cost(text, limit, _escaped_len)


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": escape(text), "verbatim": True}}


def action_blocks(reply: Reply) -> list[dict[str, Any]]:
    """One actions block per row of buttons (rows longer than 25 continue in the next block)."""
    blocks: list[dict[str, Any]] = []
    n = 0
    for row in reply.buttons:
        for start in range(0, len(row), MAX_ACTIONS):
            elements = []
            for button in row[start:start + MAX_ACTIONS]:
                elements.append({"type": "button", "action_id": f"{ACTION_PREFIX}{n}", "value": button.data,
                                 "text": {"type": "plain_text", "text": button.label[:MAX_LABEL] or "·",
                                          "emoji": True}})
                n += 1
            if elements:
                blocks.append({"type": "actions", "elements": elements})
    return blocks


@dataclass(frozen=True)
class Post:
    """One chat.postMessage: the notification/fallback `text` and the `blocks` shown."""

    text: str
    blocks: list[dict[str, Any]]


CAPABILITIES = Capabilities(PLATFORM, f"{COMMAND} ")  # commands are "/ft done 3"; no invite links


def posts_for(reply: Reply) -> list[Post]:
    """The reply as one or more posts, each within Slack's limits; buttons on the last."""
    text = render_text(reply.text, CAPABILITIES)   # commands as "/ft done 3"; people's words untouched
    sections = [part for part in split_text(text) if part.strip()] if text.strip() else []
    posts: list[Post] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            posts.append(Post(escape("\n".join(current)), [section(p) for p in current]))
            current.clear()

    for part in sections:
        size = sum(map(_escaped_len, "\n".join([*current, part])))
        if current and (size > MAX_POST or len(current) >= MAX_BLOCKS - 1):
            flush()
        current.append(part)
    flush()
    actions = action_blocks(reply)
    if actions:
        if not posts or len(posts[-1].blocks) + len(actions) > MAX_BLOCKS:
            posts.append(Post(escape(sections[-1][:200]) if sections else "Choose:", []))
        last = posts[-1]
        posts[-1] = Post(last.text, [*last.blocks, *actions][:MAX_BLOCKS])
    return posts


def blocks_for(reply: Reply) -> list[dict[str, Any]]:
    """Every block of the reply in one list: sections, then the buttons (for views such as App Home)."""
    return [block for post in posts_for(reply) for block in post.blocks]


def is_shared_channel(channel: str) -> bool:
    """Public (C...) and private (G...) channels; DMs are D..., people U.../W..."""
    return channel[:1] in {"C", "G"}


def delivery_error(exc: Exception, channel: str = "", partly_sent: bool = False) -> DeliveryError:
    """Map a Slack client failure to the neutral error the scheduler understands. A failure
    `maybe_delivered` when Slack may have the post (a timeout or a connection lost after the
    request left, an error Slack says may follow a partial success) or `partly_sent` (an earlier
    post of the reply went out)."""
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", 200)
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        if error in CHANNEL_REFUSED and is_shared_channel(channel):
            return ChannelUnavailable(f"{error} ({channel})")
        if error in GONE:
            return RecipientGone(error)
        if status == 429 or status >= 500 or error in TEMPORARY:
            # An HTTP 5xx or 429 is an answer that nothing was done; an `ok: false` error Slack
            # documents as "some aspect of the operation may have succeeded" is not.
            return DeliveryFailed(error or f"HTTP {status}",
                                  maybe_delivered=partly_sent or (status < 500 and error in MAYBE_DONE))
        return DeliveryError(error or str(exc))
    if isinstance(exc, SlackClientError):   # raised before any request (a bad argument, a token problem)
        return DeliveryFailed(str(exc) or type(exc).__name__, maybe_delivered=partly_sent)
    if isinstance(exc, (aiohttp.ClientError, asyncio.TimeoutError, OSError)):
        return DeliveryFailed(str(exc) or type(exc).__name__,
                              maybe_delivered=partly_sent or not isinstance(exc, NOT_SENT))
    return DeliveryError(str(exc))


class SlackSender:
    """Implements `handlers.types.Sender` for Slack; the scheduler and the adapter both use it.

    `per_channel_rate` messages per second per channel (Slack allows about one; tests raise it)."""

    platform = PLATFORM

    def __init__(self, client: AsyncWebClient, per_channel_rate: float = 1.0) -> None:
        self.client = client
        self.per_channel_rate = per_channel_rate
        self._limiters: dict[str, AsyncLimiter] = {}

    def _limiter(self, channel: str) -> AsyncLimiter:
        limiter = self._limiters.get(channel)
        if limiter is None:
            if len(self._limiters) > 10_000:   # idle channels' buckets are full anyway: forget them
                self._limiters.clear()
            limiter = self._limiters[channel] = AsyncLimiter(1, 1 / self.per_channel_rate)
        return limiter

    async def send(self, to: Address, reply: Reply) -> str:
        """Deliver `reply` to the channel `to.chat_id`; returns the ts of the last post (a file's id
        when only a file went out, "" when there was nothing to say)."""
        if to.platform != self.platform:
            raise ValueError(f"SlackSender cannot send to {to.platform!r}")
        posts = posts_for(reply)
        ts = ""
        try:
            for post in posts:
                async with self._limiter(to.chat_id):
                    response = await self.client.chat_postMessage(channel=to.chat_id, text=post.text,
                                                                   blocks=post.blocks, unfurl_links=False,
                                                                   unfurl_media=False)
                ts = str(response.get("ts") or "")
            if reply.file is not None:
                async with self._limiter(to.chat_id):
                    upload = await self.client.files_upload_v2(
                        channel=to.chat_id, file=reply.file.data, filename=reply.file.name, title=reply.file.name)
                ts = ts or str((upload.get("file") or {}).get("id", ""))
            return ts
        except DeliveryError:
            raise
        except Exception as exc:
            raise delivery_error(exc, to.chat_id, partly_sent=bool(ts)) from exc

    async def settle_press(self, body: dict[str, Any]) -> None:
        """Edit the message whose button was pressed (a `block_actions` payload). App Home presses
        are left alone: the Home is published again. Best effort: a failure is logged."""
        container = body.get("container") or {}
        message = body.get("message") or {}
        ours = [a for a in body.get("actions") or [] if str(a.get("action_id", "")).startswith(ACTION_PREFIX)]
        if container.get("type") != "message" or not message or not ours:
            return
        blocks, rows = [], []
        for block in message.get("blocks") or []:
            if block.get("type") == "actions":
                rows.append([(str((e.get("text") or {}).get("text", "")), str(e.get("value", "")))
                             for e in block.get("elements") or [] if e.get("type") == "button"])
            elif block.get("type") != "context":
                blocks.append(block)
        kept, label = after_press(rows, str(ours[0].get("value", "")))
        if label is not None:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(pressed_line(label)),
                                                            "verbatim": True}]})
        buttons = tuple(tuple(Button(text, *data.partition(":")[::2]) for text, data in row) for row in kept)
        blocks += action_blocks(Reply("", buttons=buttons))
        channel = str(container.get("channel_id") or "")
        try:
            async with self._limiter(channel):
                await self.client.chat_update(channel=channel, ts=str(container.get("message_ts", "")),
                                              text=str(message.get("text") or ""), blocks=blocks[:MAX_BLOCKS])
        except Exception as exc:
            log.warning("Slack: the pressed message %s was not updated: %s", container.get("message_ts"), exc)

    async def publish_home(self, user_id: str, reply: Reply, title: str = "Your follow-through") -> None:
        """Render `reply` as the person's App Home tab (views.publish); a view holds up to 100 blocks."""
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}},
                  *blocks_for(reply)][:100]
        try:
            await self.client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
        except Exception as exc:
            raise delivery_error(exc) from exc
