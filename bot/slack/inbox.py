"""What the Slack adapter stores in the shared inbox, and how it reads it back.

The inbox holds Slack's own request body (one format for every platform's raw events: a change
to `Incoming` never breaks a replay), minus the deprecated verification `token` field, which is
a credential and not the person's. Storing is bounded (`PERSIST_TIMEOUT`): with a busy database
the event is acknowledged anyway and handled from memory (the core's event-id ledger still stops
duplicates).
"""
from __future__ import annotations

import json
from typing import Any

from bot.slack import inbound, modal
from handlers.types import Incoming, Press

PERSIST_TIMEOUT = 1.5  # seconds to store an event before acknowledging it anyway


def incoming_of(body: dict[str, Any]) -> Incoming | None:
    """The person's action in any payload the adapter answers; None for the rest."""
    kind = body.get("type")
    if kind == "event_callback":
        return inbound.from_event(body)
    if body.get("command") == inbound.COMMAND and not inbound.wants_modal(body):
        return inbound.from_command(body)
    if kind == "block_actions" and any(str(a.get("action_id", "")).startswith(inbound.ACTION_PREFIX)
                                       for a in body.get("actions") or []):
        return inbound.from_action(body)
    if kind == "view_submission" and (body.get("view") or {}).get("callback_id") == modal.CALLBACK_ID:
        view = body["view"]
        return None if modal.submission_errors(view) else inbound.from_submission(body, modal.commitment_text(view))
    if "platform" in body and "user_id" in body:  # a row stored before raw bodies were (an `Incoming`)
        press = Press(**body["press"]) if body.get("press") else None
        return Incoming(**{**body, "press": press})
    return None


def stored_form(body: dict[str, Any]) -> str:
    """The body as the inbox keeps it."""
    return json.dumps({k: v for k, v in body.items() if k != "token"}, ensure_ascii=False)
