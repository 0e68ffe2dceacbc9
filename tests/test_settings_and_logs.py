"""Operations: secrets never shown, LOG_LEVEL checked with a clear error, and logs an operator can read
(library chatter such as APScheduler's two lines per tick kept at WARNING by default)."""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from bot.cli import CHATTY, configure_logging, main
from bot.settings import Settings, secret

TOKEN = "123456:VERY-SECRET-TOKEN"


def test_tokens_are_secrets() -> None:
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, slack_bot_token="xoxb-SECRET",
                        slack_app_token="xapp-SECRET", slack_signing_secret="signing-SECRET")
    for shown in (repr(settings), str(settings), settings.model_dump_json(), f"{settings.slack_signing_secret}"):
        assert "SECRET" not in shown
    assert secret(settings.telegram_bot_token) == TOKEN and secret(None) is None
    assert Settings(_env_file=None, telegram_bot_token="  ").telegram_bot_token is None   # blank is unset


def test_log_level_is_checked() -> None:
    assert Settings(_env_file=None, log_level="warning").log_level == "WARNING"
    with pytest.raises(ValidationError, match="LOG_LEVEL='loud' is not one of DEBUG, INFO"):
        Settings(_env_file=None, log_level="loud")
    result = CliRunner().invoke(main, ["migrate"], env={"LOG_LEVEL": "verbose"})
    assert result.exit_code == 1 and "bad setting: LOG_LEVEL='verbose' is not one of" in result.output
    with pytest.raises(ValidationError, match="TELEGRAM_HTTP"):
        Settings(_env_file=None, telegram_http="requests")


@pytest.fixture
def restore_levels() -> Iterator[None]:
    saved = {name: logging.getLogger(name).level for name in CHATTY}
    root = logging.getLogger()
    level, formatters = root.level, [(h, h.formatter) for h in root.handlers]
    yield
    for name, was in saved.items():
        logging.getLogger(name).setLevel(was)
    root.setLevel(level)
    for handler, formatter in formatters:
        handler.setFormatter(formatter)


def test_library_chatter_is_kept_at_warning(restore_levels: None) -> None:
    configure_logging("INFO")
    ticks = logging.getLogger("apscheduler.executors.default")   # "Running job ...", "... executed successfully"
    assert not ticks.isEnabledFor(logging.INFO) and ticks.isEnabledFor(logging.WARNING)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert logging.getLogger("bot.telegram.app").isEnabledFor(logging.INFO)   # the bot's own lines stay
    configure_logging("DEBUG")
    assert ticks.isEnabledFor(logging.DEBUG)                       # asking for everything gets everything


async def test_a_rejected_token_is_never_printed_or_logged(fake, tmp_path) -> None:
    """python-telegram-bot says "The token `…` was rejected by the server"; the bot repeats the reason
    without the token, and even LOG_LEVEL=DEBUG's traceback hides it."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/ft.db", "LOG_LEVEL": "DEBUG",
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url, "SLACK_BOT_TOKEN": ""}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    assert "Could not start telegram" in out.decode() and "rejected" in out.decode()
    assert "VERY-SECRET" not in out.decode() + err.decode()
    assert "rejected" in err.decode()              # the DEBUG traceback is there, redacted
