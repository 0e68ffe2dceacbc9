"""Stand-ins for the platforms' HTTP APIs, served on 127.0.0.1 so real clients can be tested at the wire."""
from .telegram_api import Call, FakeTelegram, Fault
from .telegram_user import button_data, button_labels

__all__ = ["FakeTelegram", "Call", "Fault", "button_data", "button_labels"]
