"""The conversation, with no platform in it: neutral types in, neutral replies out.

Public surface: `Core` (handle one `Incoming`), the neutral types, the clocks, and the
deadline reader `parse_deadline(text, now)`.
"""
from handlers.clock import Clock, ManualClock, SystemClock
from handlers.core import Core
from handlers.deadlines import DeadlineMatch, find_deadline, parse_deadline
from handlers.turn import CoreConfig
from handlers.types import (Address, Attachment, Button, ChannelUnavailable, CommandInfo, DeliveryError,
                            DeliveryFailed, Incoming, Press, RecipientGone, Reply, Sender, parse_press)

__all__ = ["Core", "CoreConfig", "Clock", "ManualClock", "SystemClock", "parse_deadline", "find_deadline",
           "DeadlineMatch", "Incoming", "Press", "Button", "Reply", "Attachment", "Address", "CommandInfo",
           "Sender", "parse_press", "DeliveryError", "DeliveryFailed", "RecipientGone",
           "ChannelUnavailable"]
