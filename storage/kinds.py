"""Names stored in the nudge ledger, as types: every kind of unprompted message and every
state a claim can be in. The scheduler's registry has one source for each kind; a kind
read back from the ledger that no source declares is an error, never a fall-through."""
from __future__ import annotations

from enum import StrEnum


class NudgeKind(StrEnum):
    REMINDER = "reminder"  # before a deadline
    CHECKIN = "checkin"  # at the deadline: "Did you do #4?"
    FOLLOWUP = "followup"  # once, after an unanswered check-in
    ASSIGNED = "assigned"  # a coach gave the person an action (/assign)
    INSIGHT = "insight"  # an insight still without an action
    METRIC = "metric"  # "How many calls today?"
    DIGEST = "digest"  # the client's weekly digest
    COACH_DIGEST = "coach_digest"  # one message over a coach's clients
    TEAM_DIGEST = "team_digest"  # the team's weekly digest, to its channel
    REKS = "reks"  # the manager's REKS reading of a team


class NudgeStatus(StrEnum):
    SENDING = "sending"  # claimed; the send may or may not have reached the platform
    SENT = "sent"  # the platform accepted it
    FAILED = "failed"  # the recipient is gone (blocked the bot)
    UNKNOWN = "unknown"  # interrupted mid-send and not sent again (kinds sent at most once)


#: The kinds whose ledger rows are about one action (its subject is the action's id).
ACTION_KINDS = (NudgeKind.REMINDER, NudgeKind.CHECKIN, NudgeKind.FOLLOWUP, NudgeKind.ASSIGNED)
