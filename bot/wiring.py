"""Builds and starts everything in one event loop, and stops it in reverse order."""
from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta

from bot.adapter import Adapter
from bot.registry import Registry
from bot.settings import Settings, secret
from bot.terminal import TerminalAdapter
from bot.web import WebServer
from handlers import Clock, Core, CoreConfig, SystemClock, chart, mastery_chart
from handlers.timing import parse_leads, parse_quiet
from handlers.web_pages import make_signer
from scheduler import NudgeService, Ticker
from storage import Store

log = logging.getLogger(__name__)

NO_ADAPTER = (
    "No chat platform is configured, so there is nothing to run.\n"
    "  Telegram: set TELEGRAM_BOT_TOKEN (from @BotFather) in the environment or in .env\n"
    "  Slack: create the app from slack-manifest.yml, then set SLACK_BOT_TOKEN (xoxb-...) and either\n"
    "         SLACK_APP_TOKEN (xapp-..., Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)\n"
    "  Or try it right here with no token: followthrough chat"
)
START_HINTS = {
    "telegram": "  Check TELEGRAM_BOT_TOKEN (from @BotFather), TELEGRAM_BASE_URL if set, and that this machine\n"
                "  reaches the Bot API (HTTPS_PROXY if it needs a proxy). LOG_LEVEL=DEBUG shows the details.",
    "slack": "  Check SLACK_BOT_TOKEN (xoxb-...), SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, SLACK_BASE_URL if set,\n"
             "  and that this machine reaches Slack. LOG_LEVEL=DEBUG shows the details.",
}
SLACK_NEEDS_SECRET = (
    "SLACK_BOT_TOKEN is set, but Slack needs a way to reach the bot:\n"
    "  Socket Mode (no public URL): set SLACK_APP_TOKEN, an app-level token (xapp-...) with connections:write\n"
    "  HTTP mode: set SLACK_SIGNING_SECRET (Basic Information > App Credentials); requests are verified with it"
)


def core_config(settings: Settings) -> CoreConfig:
    return CoreConfig(
        default_timezone=settings.default_timezone,
        end_of_day=settings.end_of_day_time,
        reminder_leads=parse_leads(settings.reminder_leads) or (),
        quiet=None if settings.quiet_hours.strip().lower() == "off" else parse_quiet(settings.quiet_hours),
        insight_followup_after=timedelta(hours=settings.insight_followup_hours),
        daily_budget=settings.daily_budget,
    )


def nudges(store: Store, registry: Registry, clock: Clock, config: CoreConfig, settings: Settings) -> NudgeService:
    """The scheduler, sending through whichever adapter each person is on."""
    return NudgeService(Ticker(store, registry, clock, config), interval_seconds=settings.nudge_tick_seconds)


async def open_store(settings: Settings) -> Store:
    """Connect and apply migrations: the schema is always current before anything runs."""
    store = Store(settings.database_url, fast_sqlite=settings.fast_sqlite)
    await store.migrate()
    return store


async def serve_web(store: Store, clock: Clock, config: CoreConfig,
                    settings: Settings) -> tuple[WebServer | None, CoreConfig]:
    """Start the web pages (unless WEB_PAGES is off) and give the config their link signer. A
    port already taken does not stop the bot: the pages are off for this run, and it says so."""
    if not settings.web_pages:
        return None, config
    signer = await make_signer(store, secret(settings.web_secret), clock.now(), settings.web_base_url or "",
                               timedelta(days=settings.web_link_days))
    with_web = replace(config, web=signer)
    server = WebServer(store, clock, with_web, signer, settings.web_host, settings.web_port)
    try:
        address = await server.start()
    except OSError as exc:
        log.warning("Web pages are off for this run: cannot listen on %s:%s (%s). Set WEB_PORT to a free port, "
                    "or WEB_PAGES=off.", settings.web_host, settings.web_port, exc.strerror or exc)
        return None, config
    if not signer.base_url:
        signer.base_url = address
    log.info("Web pages on %s (links from /dashboard)", address)
    server.warming = asyncio.create_task(chart.warm_up())  # the first chart then draws at once
    return server, with_web


async def _wait_for_stop() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def run(settings: Settings) -> int:
    """`followthrough run`: every adapter that has credentials, on one store."""
    if not settings.telegram_bot_token and not settings.slack_bot_token:
        print(NO_ADAPTER)
        return 2
    if settings.slack_bot_token and not (settings.slack_app_token or settings.slack_signing_secret):
        print(SLACK_NEEDS_SECRET)
        return 2
    store = await open_store(settings)
    clock = SystemClock()
    web, config = await serve_web(store, clock, core_config(settings), settings)
    core = Core(store, clock, config)
    registry = Registry()
    adapters: list[Adapter] = []
    if settings.telegram_bot_token:
        from bot.telegram.app import TelegramAdapter  # imported only when configured

        adapters.append(TelegramAdapter(core, store, clock, secret(settings.telegram_bot_token) or "",
                                        base_url=settings.telegram_base_url, registry=registry,
                                        http=settings.telegram_http))
    if settings.slack_bot_token:
        from bot.slack.app import SlackAdapter  # imported only when configured

        adapters.append(SlackAdapter(core, store, clock, secret(settings.slack_bot_token) or "",
                                     app_token=secret(settings.slack_app_token),
                                     signing_secret=secret(settings.slack_signing_secret),
                                     port=settings.slack_port, base_url=settings.slack_base_url,
                                     registry=registry))
    service = nudges(store, registry, clock, config, settings)
    started: list[Adapter] = []
    try:
        for adapter in adapters:
            try:
                await adapter.start()
            except Exception as exc:  # a wrong token, no network, a bad proxy: say so, no traceback
                log.debug("starting %s failed", adapter.platform, exc_info=True)
                print(f"Could not start {adapter.platform}: {settings.redact(str(exc))}\n"
                      f"{START_HINTS[adapter.platform]}")
                return 1
            started.append(adapter)
            registry.add(adapter.platform, adapter.sender)
        service.start()
        log.info("Followthrough is running (%s, %s). Ctrl-C stops it.",
                 ", ".join(type(a).__name__ for a in started), store.backend)
        await _wait_for_stop()
    finally:
        await service.stop()
        for adapter in reversed(started):
            await adapter.stop()
        if web is not None:
            await web.stop()
        chart.shutdown()
        mastery_chart.shutdown()
        await store.close()
    return 0


async def chat(settings: Settings) -> int:
    """`followthrough chat`: the conversation in this terminal."""
    store = await open_store(settings)
    clock = SystemClock()
    web, config = await serve_web(store, clock, core_config(settings), settings)
    if web is not None and config.web is not None:
        print(f"Web pages on {config.web.base_url} (dashboard gives your links)", flush=True)
    terminal = TerminalAdapter(Core(store, clock, config))
    registry = Registry()
    registry.add(terminal.platform, terminal.sender)
    service = nudges(store, registry, clock, config, settings)  # nudges print as they fall due
    service.start()
    try:
        await terminal.run()
    finally:
        await service.stop()
        if web is not None:
            await web.stop()
        chart.shutdown()
        mastery_chart.shutdown()
        await store.close()
    return 0


async def migrate(settings: Settings) -> int:
    store = await open_store(settings)
    await store.close()
    print(f"Database is up to date ({store.backend}).")
    return 0
