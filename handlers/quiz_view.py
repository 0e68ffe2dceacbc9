"""How a quiz or review question looks in the chat: the question, its options spelled out, and
one button per option (numbered choices in the terminal, which renders buttons that way).

A question with one right answer takes one tap. A question with several right answers is
multiple choice: each option is a toggle ("☐ B" / "☑ B") and "✔️ Submit" sends the selection;
the selection rides in the buttons themselves (a bit mask in each button's arg), so nothing is
stored until Submit and a toggle survives a restart. Every keyboard also has "⏸ Later", so a
press settles the message (every button goes, the press is shown under it) and a toggle
answers with the question again, its new selection ticked.
"""
from __future__ import annotations

from dataclasses import dataclass

from handlers.formatting import clip
from storage.lessons import correct_of, options_of
from handlers.types import Button, Reply
from storage import LessonQuestion

LETTERS = "ABCDE"
MAX_OPTIONS = len(LETTERS)


@dataclass(frozen=True)
class Keys:
    """The press actions of one kind of question (quiz or review) and the id that leads the args."""

    answer: str
    pick: str
    later: str
    key: str  # "attempt.position" or "card"


def chosen_of(mask: int) -> list[int]:
    return [i for i in range(MAX_OPTIONS) if mask >> i & 1]


def valid_mask(question: LessonQuestion, mask: int) -> bool:
    return 0 < mask < (1 << len(options_of(question)))


def is_right(question: LessonQuestion, mask: int) -> bool:
    return set(chosen_of(mask)) == set(correct_of(question))


def question_reply(head: str, question: LessonQuestion, keys: Keys, mask: int = 0) -> Reply:
    options = options_of(question)[:MAX_OPTIONS]
    several = len(correct_of(question)) > 1
    lines = [head, "", question.text, ""]
    lines += [f"{LETTERS[i]}) {o}" for i, o in enumerate(options)]
    if several:
        picked = ", ".join(LETTERS[i] for i in chosen_of(mask)) or "none yet"
        lines += ["", f"Several answers are right: tap each one you choose, then Submit. Chosen: {picked}."]
        rows: list[tuple[Button, ...]] = [
            (Button(f"{'☑' if mask >> i & 1 else '☐'} {LETTERS[i]}) {clip(o, 36)}", keys.pick,
                    f"{keys.key}.{mask ^ (1 << i)}"),) for i, o in enumerate(options)]
        last = ((Button("✔️ Submit", keys.answer, f"{keys.key}.{mask}"),) if mask else ())
        rows.append(last + (Button("⏸ Later", keys.later, keys.key),))
    else:
        rows = [(Button(f"{LETTERS[i]}) {clip(o, 40)}", keys.answer, f"{keys.key}.{1 << i}"),)
                for i, o in enumerate(options)]
        rows.append((Button("⏸ Later", keys.later, keys.key),))
    return Reply("\n".join(lines), buttons=tuple(rows))


def feedback(question: LessonQuestion, mask: int) -> str:
    """Right or wrong, the right answer when wrong, and the question's explanation."""
    options = options_of(question)
    right = sorted(correct_of(question))
    if is_right(question, mask):
        text = "✅ Right!"
    else:
        names = " and ".join(f"{LETTERS[i]}) {clip(options[i], 60)}" for i in right if i < len(options))
        text = f"❌ Not quite. The answer: {names}."
    return f"{text} {question.explanation}".strip()


def parse_arg(arg: str, parts: int) -> list[int] | None:
    """"12.3.5" → [12, 3, 5] when it has `parts` small non-negative integers; else None."""
    bits = arg.split(".")
    if len(bits) != parts or not all(b.isascii() and b.isdigit() and len(b) <= 10 for b in bits):
        return None
    return [int(b) for b in bits]
