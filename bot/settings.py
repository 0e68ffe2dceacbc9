"""Settings from the environment and a `.env` file. The only place that reads them.

Tokens and the signing secret are `SecretStr`: a repr, a log line or a traceback of the settings
shows `**********`; only the wiring asks for the value (`secret()`), where it hands it to a client.
"""
from __future__ import annotations

from datetime import time
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.timing import parse_leads, parse_quiet

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///followthrough.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
HIDDEN = "**********"


def secret(value: SecretStr | None) -> str | None:
    """The secret's text for the client that needs it, or None when unset."""
    return value.get_secret_value() if value is not None else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = None
    # Slack: a bot token (xoxb-) plus either an app-level token (xapp-, Socket Mode) or the signing
    # secret (HTTP mode, served on slack_port at /slack/events). slack_base_url points the Web API
    # client elsewhere (a test stand-in); blank means Slack itself.
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_port: int = 3000
    slack_base_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    default_timezone: str = "UTC"
    end_of_day: str = "17:00"
    log_level: str = "INFO"
    # Fast paths on private APIs of libraries (README, "Configuration"); off = the libraries' stock path.
    fast_sqlite: bool = True                         # SQLite statements on the loop's thread (aiosqlite internals)
    telegram_http: Literal["aiohttp", "httpx"] = "aiohttp"   # PTB's networking: ours on aiohttp, or PTB's httpx
    # Nudge defaults (each person can change theirs with /reminders and /quiet).
    reminder_leads: str = "1d 1h"
    quiet_hours: str = "21:00-08:00"
    insight_followup_hours: float = 24.0
    daily_budget: int = 6                            # unprompted messages per person per local day (/budget)
    nudge_tick_seconds: float = 1.0
    # The read-only web pages (README, "Web pages"): served by `run` and `chat` unless web_pages is off.
    web_pages: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = 8080                             # 0: any free port (the address is logged at start)
    web_base_url: str | None = None                  # the links' address behind a proxy, e.g. https://ft.example.com
    web_secret: SecretStr | None = None              # signs the links; unset: made once and kept in the database
    web_link_days: float = 7.0                       # how long a link works

    @field_validator("telegram_bot_token", "telegram_base_url", "slack_bot_token", "slack_app_token",
                     "slack_signing_secret", "slack_base_url", "web_base_url", "web_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL={value!r} is not one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("telegram_http", mode="before")
    @classmethod
    def _http(cls, value: str) -> str:
        if isinstance(value, str) and value.strip().lower() in ("aiohttp", "httpx"):
            return value.strip().lower()
        raise ValueError(f"TELEGRAM_HTTP={value!r} is neither aiohttp (the default) nor httpx (PTB's stock client)")

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"DEFAULT_TIMEZONE={value!r} is not an IANA zone such as Europe/Berlin") from e
        return value

    @field_validator("end_of_day")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        try:
            time.fromisoformat(value)
        except ValueError as e:
            raise ValueError(f"END_OF_DAY={value!r} is not a time such as 17:00") from e
        return value

    @field_validator("reminder_leads")
    @classmethod
    def _leads(cls, value: str) -> str:
        if parse_leads(value) is None:
            raise ValueError(f"REMINDER_LEADS={value!r} is not a list of leads such as '1d 1h' or 'off'")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if value.strip().lower() != "off" and parse_quiet(value) is None:
            raise ValueError(f"QUIET_HOURS={value!r} is not a range such as 21:00-08:00, or 'off'")
        return value

    @field_validator("nudge_tick_seconds", "insight_followup_hours", "web_link_days")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("NUDGE_TICK_SECONDS, INSIGHT_FOLLOWUP_HOURS and WEB_LINK_DAYS must be positive")
        return value

    @field_validator("web_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError(f"WEB_PORT={value} is not a port (0 to 65535; 0: any free port)")
        return value

    @field_validator("daily_budget")
    @classmethod
    def _budget(cls, value: int) -> int:
        if not 1 <= value <= 50:
            raise ValueError(f"DAILY_BUDGET={value} must be a number of messages from 1 to 50")
        return value

    def secrets(self) -> list[str]:
        """The secret values that are set, for redaction (libraries put tokens in messages and URLs)."""
        values = (self.telegram_bot_token, self.slack_bot_token, self.slack_app_token, self.slack_signing_secret,
                  self.web_secret)
        return [v for v in (secret(x) for x in values) if v and len(v) >= 6]

    def redact(self, text: str) -> str:
        """`text` with every secret value replaced by asterisks (python-telegram-bot, for one, names
        the token in "The token `…` was rejected", and the Bot API's URLs carry it)."""
        for value in self.secrets():
            text = text.replace(value, HIDDEN)
        return text

    @property
    def end_of_day_time(self) -> time:
        return time.fromisoformat(self.end_of_day)
