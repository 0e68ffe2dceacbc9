"""`followthrough run | chat | migrate`."""
from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable

import click
from pydantic import ValidationError

from bot import wiring
from bot.settings import Settings


def _settings(database_url: str | None) -> Settings:
    try:
        settings = Settings()
    except ValidationError as e:
        problems = "; ".join(err["msg"].removeprefix("Value error, ") for err in e.errors())
        raise click.ClickException(f"bad setting: {problems}") from e
    if database_url:
        settings.database_url = database_url
    configure_logging(settings.log_level, settings.redact)
    return settings


# Libraries that write a line per routine event at INFO: APScheduler two per tick ("Running job",
# "executed successfully": ~170,000 lines a day at one tick a second), httpx one per request
# (TELEGRAM_HTTP=httpx), aiohttp one per HTTP request served (Slack HTTP mode). Below DEBUG they
# keep to WARNING, so an operator reads the bot's own lines: one per adapter start and stop, one
# per error with the event or nudge it concerns.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CHATTY = ("apscheduler", "httpx", "aiohttp.access")


class Redacting(logging.Formatter):
    """Formats as usual, then hides the secrets: no token reaches a log line, a traceback included."""

    def __init__(self, fmt: str, redact: Callable[[str], str]) -> None:
        super().__init__(fmt)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def configure_logging(level: str, redact: Callable[[str], str] = str) -> None:
    """The root logger at `level` (LOG_LEVEL, validated by Settings), its lines passed through
    `redact`; chatty libraries at WARNING unless `level` is DEBUG."""
    number = logging.getLevelName(level)
    logging.basicConfig(level=number)
    root = logging.getLogger()
    root.setLevel(number)   # also when something configured handlers before us
    for handler in root.handlers:
        handler.setFormatter(Redacting(LOG_FORMAT, redact))
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET if number <= logging.DEBUG else max(number, logging.WARNING))


def _go(coro) -> None:
    try:
        code = asyncio.run(coro)
    except KeyboardInterrupt:
        code = 0
    except OSError as e:
        raise click.ClickException(f"cannot reach the database: {e}") from e
    sys.exit(code)


database_option = click.option("--database-url", envvar=None, default=None,
                               help="Override DATABASE_URL, e.g. sqlite:///my.db or postgresql://user@host/db.")


@click.group(help="Followthrough: insights become dated actions, nudged and counted.")
def main() -> None:
    """The command group; each subcommand below does the work."""


@main.command(help="Run every configured chat adapter (Telegram) until Ctrl-C.")
@database_option
def run(database_url: str | None) -> None:
    _go(wiring.run(_settings(database_url)))


@main.command(help="Talk to the bot right here in the terminal (no token needed).")
@database_option
def chat(database_url: str | None) -> None:
    settings = _settings(database_url)
    logging.getLogger().setLevel(logging.WARNING)
    _go(wiring.chat(settings))


@main.group(help="The deployment's lesson library (see README, Lessons).")
def lessons() -> None:
    """The lessons group; `import` below does the work."""


@lessons.command("import", help="Import lesson files, or every .md file in a folder. A file imported again updates "
                                "its lesson and keeps people's results; a malformed file is not imported at all.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@database_option
def import_lessons(paths: tuple[str, ...], database_url: str | None) -> None:
    from bot.lesson_files import run_import
    settings = _settings(database_url)
    logging.getLogger().setLevel(logging.WARNING)  # one line per file, not the migration log
    _go(run_import(settings, paths))


@main.command(help="Apply database migrations and exit.")
@database_option
def migrate(database_url: str | None) -> None:
    _go(wiring.migrate(_settings(database_url)))


if __name__ == "__main__":
    main()
