"""How a person is named and reached in replies: shared by every feature that speaks of or to
someone else (coaches, teams, digests, exports), so none of them imports another feature."""
from __future__ import annotations

from handlers.types import Address
from storage import Person


def display(person: Person) -> str:
    """The name people know them by, or a platform id when there is no name."""
    return person.name or f"{person.platform} user {person.platform_user_id}"


def address(person: Person) -> Address:
    """Where a message for this person goes: their platform and private chat."""
    return Address(person.platform, person.chat_id)
