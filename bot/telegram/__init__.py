"""The Telegram door: `inbound` (Update → Incoming), `outbound` (Reply → Bot API), `app` (lifecycle).

Public surface: `TelegramAdapter`, `TelegramSender`, `to_incoming`, `split_text`, `ALLOWED_UPDATES`.
"""
from bot.telegram.app import TelegramAdapter
from bot.telegram.inbound import ALLOWED_UPDATES, to_incoming
from bot.telegram.outbound import TelegramSender, split_text

__all__ = ["TelegramAdapter", "TelegramSender", "to_incoming", "split_text", "ALLOWED_UPDATES"]
