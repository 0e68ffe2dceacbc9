"""`followthrough run | chat | migrate`."""
from __future__ import annotations

import asyncio
import logging
import sys

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
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return settings


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


@main.command(help="Apply database migrations and exit.")
@database_option
def migrate(database_url: str | None) -> None:
    _go(wiring.migrate(_settings(database_url)))


if __name__ == "__main__":
    main()
