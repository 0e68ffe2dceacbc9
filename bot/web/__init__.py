"""The read-only web pages: one more door, rendering the neutral views handlers/ builds."""
from bot.web.server import WebServer

__all__ = ["WebServer"]
