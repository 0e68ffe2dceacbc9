"""How a person is named in replies: shared by every feature that speaks of or to
someone else (coaches, teams, digests, exports), so none of them imports another feature."""
from __future__ import annotations

from storage import Person


def display(person: Person) -> str:
    """The name people know them by, or a platform id when there is no name."""
    return person.name or f"{person.platform} user {person.platform_user_id}"
