"""The terminal adapter and the CLI, run as a person would run them."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.terminal import TerminalAdapter
from handlers import Core
from handlers.commands import as_command


@pytest.mark.parametrize("typed, sent", [
    ("done 3", "/done 3"), ("actions", "/actions"), ("commit call Anna by Friday", "/commit call Anna by Friday"),
    ("tz Berlin", "/tz Berlin"), ("/help", "/help"),
    ("move the couch by Friday", "move the couch by Friday"),
    ("start the report tomorrow", "start the report tomorrow"),
    ("done with the deck", "done with the deck"), ("metric list", "/metric list"), ("log calls 12", "/log calls 12"),
    ("digest", "/digest"), ("digest clients", "/digest clients"), ("team members", "/team members"),
    ("leave early on Friday", "leave early on Friday"), ("forget to call Sam", "forget to call Sam"),
    ("log the calls by Friday", "log the calls by Friday"), ("help Sam with the deck", "help Sam with the deck"),
])
def test_bare_command_words(typed, sent):
    assert as_command(typed) == sent


async def test_commands_without_the_slash_run_the_command(store, clock, tmp_path):
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(""), stdout=out, user_id="me", files_dir=tmp_path)
    await term.say("tz Europe/Berlin")
    added = (await term.say("metric add calls weekdays at 17:30"))[0].text
    listed = (await term.say("metric list"))[0].text
    logged = (await term.say("log calls 12"))[0].text
    week = (await term.say("digest"))[0].text
    assert "Save as" not in out.getvalue() and "Tracking calls" in added
    assert listed.startswith("Your metrics") and "calls" in listed
    assert "calls today" in logged and "12" in logged and week.startswith("🗓 Your week")


async def test_session_with_numbered_buttons(store, clock, tmp_path):
    lines = "\n".join(["tz Europe/Berlin", "commit Call Anna tomorrow 9am", "actions", "1", "export", ""])
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(lines), stdout=out, user_id="me", files_dir=tmp_path)
    await term.run()
    text = out.getvalue()
    assert "#1 Call Anna, due Tue 24 Nov, 09:00" in text
    assert "[1] ✅ #1" in text
    assert "🎉 Done: #1 Call Anna" in text
    assert list(tmp_path.glob("followthrough-*.json")), "export file written"
    assert text.rstrip().endswith("Bye! Your list is saved.")


def _cli(tmp_path: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/ft.db", "TELEGRAM_BOT_TOKEN": "",
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=full_env, timeout=60)


def test_followthrough_chat_from_the_command_line(tmp_path):
    result = _cli(tmp_path, "chat", stdin="Berlin\nI'll send the deck by Friday 5pm\n/actions\n")
    assert result.returncode == 0, result.stderr
    assert "Hi " in result.stdout and "Time zone set to Europe/Berlin" in result.stdout
    assert "#1 Send the deck, due Fri" in result.stdout and "17:00" in result.stdout
    again = _cli(tmp_path, "chat", stdin="/actions\n")  # a new process reads the same file
    assert "#1 Send the deck" in again.stdout


def test_run_without_tokens_explains_what_to_set(tmp_path):
    result = _cli(tmp_path, "run")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "followthrough chat" in result.stdout


def test_run_that_cannot_reach_telegram_says_so_without_a_traceback(tmp_path, unused_tcp_port):
    result = _cli(tmp_path, "run", env={"TELEGRAM_BOT_TOKEN": "123:abc",
                                        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{unused_tcp_port}/bot"})
    assert result.returncode == 1
    assert "Could not start telegram" in result.stdout and "TELEGRAM_BOT_TOKEN" in result.stdout
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr


def test_migrate_and_bad_settings(tmp_path):
    assert "up to date" in _cli(tmp_path, "migrate").stdout
    bad = _cli(tmp_path, "migrate", env={"DEFAULT_TIMEZONE": "Mars/Base"})
    assert bad.returncode != 0 and "DEFAULT_TIMEZONE" in bad.stderr


def test_acknowledged_commitment_survives_kill_9(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/ft.db", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=tmp_path, env=env)
    assert proc.stdin and proc.stdout
    proc.stdin.write("/commit Renew the lease tomorrow\n")
    proc.stdin.flush()
    for line in proc.stdout:  # wait for the acknowledgement, then kill at once
        if "#1 Renew the lease" in line:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert "#1 Renew the lease" in _cli(tmp_path, "chat", stdin="/actions\n").stdout


async def test_nudges_print_in_the_terminal_as_they_fall_due(store, clock, tmp_path):
    from datetime import timedelta

    from scheduler import Ticker

    out = io.StringIO()
    core = Core(store, clock)
    term = TerminalAdapter(core, stdin=io.StringIO(""), stdout=out, user_id="me", files_dir=tmp_path)
    await term.say("commit Stretch tomorrow 10am")
    ticker = Ticker(store, term, clock, core.config)
    clock.advance(timedelta(days=1, hours=1))  # Tue 10:00 UTC
    await ticker.tick()
    assert "Did you do #1 Stretch? (due Tue 24 Nov, 10:00)" in out.getvalue()
    assert "[1] ✅ Done   [2] ⏳ Need more time   [3] 🗑 Drop" in out.getvalue()
    await term.say("2")
    assert "By when will you do #1 Stretch?" in out.getvalue()


async def test_replies_name_commands_as_typed_in_the_terminal(store, clock, tmp_path):
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(""), stdout=out, user_id="me", files_dir=tmp_path)
    await term.say("commit update the /start docs by Friday 5pm")
    await term.say("actions")
    shown = out.getvalue()
    assert "Tap to mark done, or done N, move N WHEN, drop N." in shown   # no slash needed here
    assert "/start docs" in shown                                          # the person's words, untouched
    assert "\ue000" not in shown
