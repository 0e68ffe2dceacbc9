"""The people's side of the Slack stand-in: the payloads Slack builds when someone writes to the app,
opens its Home, runs `/ft`, presses a button, uses the shortcut or submits the modal; and, for HTTP
mode, those payloads POSTed and signed the way Slack signs them."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

BOT_USER, BOT_ID, TEAM, APP = "UBOT0001", "BBOT0001", "T0001", "A0001"


@dataclass
class SlackUser:
    id: str
    real_name: str = "Ada Lovelace"
    tz: str = "UTC"
    status_emoji: str = ""
    status_text: str = ""
    status_expiration: int = 0

    def as_api(self) -> dict[str, Any]:
        """The user object of users.info and of the `user_change` event."""
        return {"id": self.id, "team_id": TEAM, "name": self.real_name.split()[0].lower(),
                "real_name": self.real_name, "tz": self.tz, "is_bot": False,
                "profile": {"real_name": self.real_name, "display_name": "", "status_emoji": self.status_emoji,
                            "status_text": self.status_text, "status_expiration": self.status_expiration}}


class SlackPeople:
    """Mixed into `FakeSlack`, which owns the state below."""

    signing_secret: str
    port: int
    home_views: dict[str, dict[str, Any]]
    _seq: Iterator[int]
    messages_to: Callable[[str], list[dict[str, Any]]]   # FakeSlack.messages_to(channel)
    shared: dict[str, dict[str, Any]]                    # files people shared (FakeSlack serves them)

    @staticmethod
    def dm_of(user_id: str) -> str:
        """The DM channel conversations.open returns for a user (deterministic)."""
        return "D" + user_id.lstrip("UW")

    # -- HTTP mode: what Slack POSTs, signed ------------------------------------------------------
    def sign(self, body: str, timestamp: int | None = None, secret: str | None = None) -> dict[str, str]:
        """X-Slack-Signature = v0=HMAC-SHA256(secret, "v0:{ts}:{body}") and X-Slack-Request-Timestamp."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        digest = hmac.new((secret or self.signing_secret).encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest.hexdigest()}"}

    async def post_signed(self, url: str, payload: dict[str, Any], kind: str = "events", *,
                          timestamp: int | None = None, secret: str | None = None,
                          retry_num: int | None = None) -> tuple[int, str]:
        """POST like Slack: events as JSON, commands as a form, interactions as `payload=<json>`."""
        if kind == "events":
            body, ctype = json.dumps(payload), "application/json"
        elif kind == "command":
            body, ctype = urlencode(payload), "application/x-www-form-urlencoded"
        else:
            body, ctype = urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        headers = {"Content-Type": ctype, **self.sign(body, timestamp, secret)}
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
        async with aiohttp.ClientSession() as session, session.post(url, data=body.encode(), headers=headers) as r:
            return r.status, await r.text()

    # -- the user's side: payloads as Slack builds them ---------------------------------------------------
    def trigger(self) -> str:
        return f"{next(self._seq)}.{TEAM}.trigger"

    def dm_event(self, user: str, text: str = "", *, subtype: str | None = None, event_id: str | None = None,
                 **extra: Any) -> dict[str, Any]:
        """An Events API envelope for a message in the app's DM (`message.im`)."""
        event = {"type": "message", "channel": self.dm_of(user), "channel_type": "im", "user": user,
                 "text": text, "ts": f"1795424400.{next(self._seq):06d}", "team": TEAM, **extra}
        if subtype:
            event["subtype"] = subtype
        return self.envelope(event, event_id)

    def file_share(self, user: str, name: str, data: bytes, mimetype: str = "text/markdown", *,
                   size: int | None = None, text: str = "") -> dict[str, Any]:
        """The user shares a file in the app's DM (`message.im`, subtype file_share). The event's file
        object is partial, as Slack's often is: the bot asks files.info for its address."""
        file_id = f"F0SHARE{len(self.shared) + 1:03d}"
        self.shared[file_id] = {"name": name, "mimetype": mimetype, "data": data,
                                **({"size": size} if size is not None else {})}
        files = [{"id": file_id, "name": name, "mimetype": mimetype, "file_access": "check_file_info"}]
        return self.dm_event(user, text, subtype="file_share", files=files)

    def status_change(self, user: str, emoji: str, text: str = "", expiration: int = 0) -> dict[str, Any]:
        """The person sets their Slack status: the `user_change` event the app is sent."""
        u = self.users[user]  # type: ignore[attr-defined]
        u.status_emoji, u.status_text, u.status_expiration = emoji, text, expiration
        return self.envelope({"type": "user_change", "user": u.as_api(), "event_ts": f"{next(self._seq)}.0"})

    def envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return {"token": "legacy", "team_id": TEAM, "api_app_id": APP, "type": "event_callback", "event": event,
                "event_id": event_id or f"Ev{next(self._seq):08d}", "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}

    def home_opened(self, user: str) -> dict[str, Any]:
        return self.envelope({"type": "app_home_opened", "user": user, "channel": self.dm_of(user), "tab": "home",
                              "event_ts": f"1795424400.{next(self._seq):06d}"})

    def command(self, user: str, text: str, channel: str | None = None) -> dict[str, str]:
        channel = channel or self.dm_of(user)
        return {"token": "legacy", "team_id": TEAM, "team_domain": "acme", "channel_id": channel,
                "channel_name": "directmessage" if channel.startswith("D") else "general", "user_id": user,
                "user_name": "ada", "command": "/ft", "text": text, "api_app_id": APP,
                "response_url": f"http://127.0.0.1:{self.port}/respond", "trigger_id": self.trigger()}

    def press(self, user: str, value: str, *, home: bool = False) -> dict[str, Any]:
        """A block_actions payload for the newest button with `value` in the user's DM (or App Home)."""
        if home:
            view = self.home_views[user]
            button = _find_button(view.get("blocks", []), value)
            container: dict[str, Any] = {"type": "view", "view_id": view.get("id", "V1")}
            extra: dict[str, Any] = {"view": {"type": "home", **view}}
        else:
            for message in reversed(self.messages_to(self.dm_of(user))):
                button = _find_button(message["blocks"], value)
                if button is not None:
                    break
            else:
                raise AssertionError(f"no message to {user} offers a button with value {value!r}")
            container = {"type": "message", "message_ts": message["ts"], "channel_id": message["channel"],
                         "is_ephemeral": False}
            extra = {"channel": {"id": message["channel"], "name": "directmessage"}, "message": message}
        assert button is not None, f"no button with value {value!r}"
        return {"type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
                "user": {"id": user, "username": "ada", "team_id": TEAM}, "api_app_id": APP,
                "trigger_id": self.trigger(), "container": container, **extra,
                "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b1",
                             "value": button["value"], "text": button["text"],
                             "action_ts": f"1795424400.{next(self._seq):06d}"}]}

    def shortcut(self, user: str, callback_id: str) -> dict[str, Any]:
        return {"type": "shortcut", "token": "legacy", "callback_id": callback_id, "trigger_id": self.trigger(),
                "user": {"id": user, "username": "ada", "team_id": TEAM}, "team": {"id": TEAM, "domain": "acme"}}

    def submission(self, user: str, view: dict[str, Any],
                   values: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
        """A view_submission for an opened `view` with `values` as {block_id: {action_id: value-dict}}."""
        return {"type": "view_submission", "team": {"id": TEAM, "domain": "acme"},
                "user": {"id": user, "username": "ada", "team_id": TEAM}, "api_app_id": APP,
                "trigger_id": self.trigger(),
                "view": {**view, "state": {"values": values}, "hash": f"h{next(self._seq)}"}}


def shown(message: dict[str, Any]) -> str:
    """What a person reads: the sections' text, entities decoded."""
    texts = [b["text"]["text"] for b in message.get("blocks", []) if b.get("type") == "section"]
    raw = "\n".join(texts) if texts else message.get("text", "")
    return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b.get("type") == "actions" for e in b.get("elements", [])]


def _find_button(blocks: list[dict[str, Any]], value: str) -> dict[str, Any] | None:
    return next((b for b in buttons(blocks) if b.get("value") == value), None)
