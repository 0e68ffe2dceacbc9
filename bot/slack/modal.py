"""The "New commitment" modal: a form for people who prefer fields to sentences.

A global shortcut or `/ft new` opens it (views.open needs the payload's trigger_id, valid for 3 s).
On submit the fields become the sentence the core already understands, "/commit <action> by
YYYY-MM-DD HH:MM", in the person's own time zone, so the modal adds no second way of recording
anything: the deadline rules, the reply and the reminders are the core's, as for typed text.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

CALLBACK_ID = "ft_new_commitment"  # the shortcut's and the view's callback_id (see slack-manifest.yml)
ACTION_BLOCK, ACTION_INPUT = "action", "action_text"
DATE_BLOCK, DATE_INPUT = "date", "date_pick"
TIME_BLOCK, TIME_INPUT = "time", "time_pick"
MAX_ACTION = 500


def modal_view(today: date, default_time: str = "17:00") -> dict[str, Any]:
    """The view for views.open: what you will do, by which day, at what time."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": "New commitment"},
        "submit": {"type": "plain_text", "text": "Commit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "input", "block_id": ACTION_BLOCK,
             "label": {"type": "plain_text", "text": "What will you do?"},
             "element": {"type": "plain_text_input", "action_id": ACTION_INPUT, "max_length": MAX_ACTION,
                         "placeholder": {"type": "plain_text", "text": "Send the proposal to Acme"}}},
            {"type": "input", "block_id": DATE_BLOCK, "label": {"type": "plain_text", "text": "By which day?"},
             "element": {"type": "datepicker", "action_id": DATE_INPUT, "initial_date": today.isoformat()}},
            {"type": "input", "block_id": TIME_BLOCK, "label": {"type": "plain_text", "text": "At what time?"},
             "element": {"type": "timepicker", "action_id": TIME_INPUT, "initial_time": default_time}},
        ],
    }


def _value(values: dict[str, Any], block: str, action: str, key: str) -> str:
    return str(((values.get(block) or {}).get(action) or {}).get(key) or "").strip()


def submission_errors(view: dict[str, Any]) -> dict[str, str]:
    """Field errors to show in the modal (response_action "errors"); empty when the form is complete."""
    values = (view.get("state") or {}).get("values") or {}
    errors: dict[str, str] = {}
    if not _value(values, ACTION_BLOCK, ACTION_INPUT, "value"):
        errors[ACTION_BLOCK] = "Say what you will do."
    try:
        date.fromisoformat(_value(values, DATE_BLOCK, DATE_INPUT, "selected_date"))
    except ValueError:
        errors[DATE_BLOCK] = "Pick a day."
    try:
        datetime.strptime(_value(values, TIME_BLOCK, TIME_INPUT, "selected_time"), "%H:%M")
    except ValueError:
        errors[TIME_BLOCK] = "Pick a time."
    return errors


def commitment_text(view: dict[str, Any]) -> str:
    """The submitted form as a command: "/commit Send the deck by 2026-11-27 17:00".

    Line breaks in the action become spaces, so the deadline stays the sentence's last words."""
    values = (view.get("state") or {}).get("values") or {}
    action = " ".join(_value(values, ACTION_BLOCK, ACTION_INPUT, "value").split())
    day = _value(values, DATE_BLOCK, DATE_INPUT, "selected_date")
    at = _value(values, TIME_BLOCK, TIME_INPUT, "selected_time")
    return f"/commit {action} by {day} {at}"
