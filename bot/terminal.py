"""The terminal adapter: the whole conversation on stdin/stdout, no token needed.

A real adapter (same core, same database) and a handy driver: buttons are shown as
numbered choices ("[1] ✅ #2"), and typing the number presses them. Commands work with or
without the slash ("actions", "done 3", "log calls 12"), as the command table allows
(`handlers.commands.as_command`).
"""
from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import TextIO

from bot.adapter import Capabilities
from bot.render import render_text
from handlers import Address, Core, Incoming, Press, Reply
from handlers.commands import as_command

PLATFORM = "terminal"
CHAT_ID = "terminal"


class TerminalAdapter:
    """An adapter (bot/adapter.py) whose transport is this terminal and whose sender is itself."""

    platform = PLATFORM
    capabilities = Capabilities(PLATFORM, "")   # commands without the slash; no invite links

    def __init__(self, core: Core, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 user_id: str | None = None, files_dir: Path | None = None) -> None:
        self.core = core
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.user_id = user_id or getpass.getuser()
        self.files_dir = files_dir or Path.cwd()
        self._choices: list[Press] = []
        self._counter = 0

    def incoming(self, line: str) -> Incoming:
        """Turn a typed line into an `Incoming`; a number answering shown buttons is a press."""
        line = line.strip()
        self._counter += 1
        if line.isascii() and line.isdigit() and 1 <= int(line) <= len(self._choices):
            return Incoming(PLATFORM, self.user_id, CHAT_ID, kind="press", press=self._choices[int(line) - 1],
                            name=self.user_id)
        return Incoming(PLATFORM, self.user_id, CHAT_ID, text=as_command(line), name=self.user_id)

    async def send(self, to: Address, reply: Reply) -> str:
        """Print a reply (also used for nudges). Returns a message id for the ledger."""
        self._print(reply)
        self._counter += 1
        return f"terminal-{self._counter}"

    @property
    def sender(self) -> TerminalAdapter:
        return self

    async def start(self) -> None:
        """Nothing to connect: `run()` reads the terminal."""

    async def stop(self) -> None:
        """Nothing to close."""

    def _print(self, reply: Reply) -> None:
        out = [render_text(reply.text, self.capabilities)]
        if reply.file is not None:
            path = self.files_dir / reply.file.name
            path.write_bytes(reply.file.data)
            out.append(f"[saved {path}]")
        self._choices = []
        for row in reply.buttons:
            labels = []
            for button in row:
                self._choices.append(Press(button.action, button.arg))
                labels.append(f"[{len(self._choices)}] {button.label}")
            out.append("   ".join(labels))
        self.stdout.write("\n".join(out) + "\n\n")
        self.stdout.flush()

    async def say(self, line: str) -> list[Reply]:
        """Handle one typed line and print the replies."""
        replies = await self.core.handle(self.incoming(line))
        for reply in replies:
            self._print(reply)
        return replies

    async def run(self) -> None:
        """Read lines until end of input (Ctrl-D) or /quit."""
        self.stdout.write("Followthrough in your terminal. Type /help for commands, /quit or Ctrl-D to leave.\n\n")
        self.stdout.flush()
        await self.say("/start")
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line or line.strip() in {"/quit", "quit", "exit", "/exit"}:
                self.stdout.write("Bye! Your list is saved.\n")
                return
            if line.strip():
                await self.say(line)
