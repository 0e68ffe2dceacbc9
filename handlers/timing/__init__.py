"""The rules of time, in one place: pure functions over local wall time that handlers and the
scheduler both use. It imports nothing else of the project.

- `local`: local wall time (`at_local`, `local_day`, `day_words`)
- `words`: the one reader each for weekday names and clock times (`read_weekday`, `read_clock`)
- `quiet`: quiet hours (`Quiet`, `parse_quiet`, `quiet_from`)
- `cadence`: metric cadences (`Cadence`, `latest_prompt`, `next_prompt`, `period_label`)
- `slots`: weekly slots such as the digest's (`slot_of`, `last_slot`)
- `leads`: reminder leads (`parse_leads`, `format_lead`, `leads_from` ...)
- `recurrence`: repeating commitments as iCalendar rules in local wall time (`dateutil.rrule`:
  `Rule`, `anchor`, `catch_up`, `describe`); imported by module, not re-exported here
- `budget`: pause windows and the daily message budget (`pause_end`, `last_call`, `messages_today`)
- `reviews`: spaced review's Leitner boxes on the local calendar (`due_after`, `next_sitting` ...)
- `snooze`: the snooze choices and what each means at an instant (`snooze_choices`, `snooze_at`)
- `nudges`: reminders, check-ins, follow-ups, assignment notices, insight nudges, and the
  quiet-hours and same-subject holds the scheduler's policy applies (`plan_action`, ...)
"""
from handlers.timing.budget import (AWAY_RECHECK, day_start, last_call, messages_today, next_day_start,
                                    pause_end, paused_days)
from handlers.timing.cadence import Cadence, latest_prompt, next_prompt, period_label
from handlers.timing.leads import format_lead, leads_from, load_leads, parse_leads, store_leads
from handlers.timing.local import at_local, day_words, local_day
from handlers.timing.nudges import (ActionFacts, Due, Prefs, after_quiet, before_quiet, followup_time, in_quiet,
                                    plan_action, plan_insight, quiet_hold, reminder_times, spacing_hold)
from handlers.timing.quiet import Quiet, parse_quiet, quiet_from
from handlers.timing.reviews import INTERVALS, due_after, next_box, next_sitting, review_at, sitting_day
from handlers.timing.slots import last_slot, slot_of
from handlers.timing.snooze import KEYS, SnoozeChoice, snooze_at, snooze_choices
from handlers.timing.words import DAYS, day_name, read_clock, read_weekday

__all__ = ["AWAY_RECHECK", "day_start", "last_call", "messages_today", "next_day_start", "pause_end", "paused_days",
           "Cadence", "latest_prompt", "next_prompt", "period_label", "format_lead", "leads_from", "load_leads",
           "parse_leads", "store_leads", "at_local", "day_words", "local_day", "ActionFacts", "Due", "Prefs",
           "after_quiet", "before_quiet", "followup_time", "in_quiet", "plan_action", "plan_insight", "quiet_hold",
           "reminder_times", "spacing_hold", "Quiet", "parse_quiet", "quiet_from", "last_slot", "slot_of", "DAYS",
           "day_name", "read_clock", "read_weekday", "INTERVALS", "due_after", "next_box", "next_sitting",
           "review_at", "sitting_day", "KEYS", "SnoozeChoice", "snooze_at", "snooze_choices"]
from handlers.timing.sessions import (DEFAULT_MINUTES, EVERY_WORDS, SessionFacts, next_wall_time, plan_session,
                                      read_every, wall_to_instant)

__all__ += ["DEFAULT_MINUTES", "EVERY_WORDS", "SessionFacts", "next_wall_time", "plan_session", "read_every",
            "wall_to_instant"]
