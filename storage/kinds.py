"""Names stored in the database, as types: every kind of unprompted message and every state a
claim can be in (the nudge ledger), an action's status and the kinds of pending question. The
scheduler's registry has one source for each nudge kind; a kind read back from the ledger that
no source declares is an error, never a fall-through."""
from __future__ import annotations

from enum import StrEnum


class NudgeKind(StrEnum):
    REMINDER = "reminder"  # before a deadline
    CHECKIN = "checkin"  # at the deadline: "Did you do #4?"
    FOLLOWUP = "followup"  # once, after an unanswered check-in
    SNOOZED = "snoozed"  # the nudge a snooze moved to its new time (anchor: that time)
    ASSIGNED = "assigned"  # a coach gave the person an action (/assign)
    NOTICE = "notice"  # a message one person's action addresses to another (a coach's nudge)
    INSIGHT = "insight"  # an insight still without an action
    METRIC = "metric"  # "How many calls today?"
    DIGEST = "digest"  # the client's weekly digest
    COACH_DIGEST = "coach_digest"  # one message over a coach's clients
    TEAM_DIGEST = "team_digest"  # the team's weekly digest, to its channel
    REKS = "reks"  # the manager's REKS reading of a team
    SESSION_PREP = "session_prep"  # the day before a session, to the client: what to bring?
    SESSION_AGENDA = "session_agenda"  # before a session, to the coach: the agenda
    SESSION_PROD = "session_prod"  # after a session, to the client: what will you do, by when?
    MORNING = "morning"  # the optional morning plan: due today and yesterday's misses (/morning)
    REVIEW = "review"  # spaced review: the day's due quiz questions, one sitting


class NudgeStatus(StrEnum):
    SENDING = "sending"  # claimed; the send may or may not have reached the platform
    SENT = "sent"  # the platform accepted it
    FAILED = "failed"  # the recipient is gone (blocked the bot)
    UNKNOWN = "unknown"  # interrupted mid-send and not sent again (kinds sent at most once)


#: The kinds whose ledger rows are about one action (its subject is the action's id).
ACTION_KINDS = (NudgeKind.REMINDER, NudgeKind.CHECKIN, NudgeKind.FOLLOWUP, NudgeKind.ASSIGNED, NudgeKind.SNOOZED)


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class PendingKind(StrEnum):
    """A question the bot waits on (a row, so it survives a restart); `ref` and `text` of the
    row hold what the answer needs."""

    DEADLINE = "deadline"  # "By when?" for action #ref
    TIMEZONE = "timezone"  # "Which time zone are you in?"
    ASSIGN = "assign"  # a coach's "What should X do?" (ref: the client's id)
    OFFER = "offer"  # "Save as insight or action?" (text: the message)
    FORGET = "forget"  # /forget's confirmation
    SESSION_PREP = "session_prep"  # the prep question before session #ref (its answer is kept)
    METRIC_UNDO = "metric_undo"  # the value a metric had before an answer (text: JSON), for Undo
    OUTCOME = "outcome"  # "What came of it?" after done (ref: the action's id)
