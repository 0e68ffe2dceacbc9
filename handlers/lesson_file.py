"""Reading a lesson file: a small `key: value` header between `---` lines, the body in Markdown,
then a `## Quiz` section (README, "Lessons" has a complete example).

Pure: text in, a `LessonFile` or every problem with its line number out. Nothing here raises on
bad input and every loop is bounded by the file's line count (itself bounded by `MAX_FILE_BYTES`),
so a coach's upload can never hold up the others. A file with one problem is not imported at all.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_FILE_BYTES = 64 * 1024
MAX_TITLE, MAX_TOPIC, MAX_LINK, MAX_BODY = 120, 40, 500, 3000
MAX_QUESTION, MAX_OPTION, MAX_EXPLANATION = 300, 200, 300
QUESTIONS, OPTIONS = (2, 8), (2, 5)
MINUTES, PASS_MARK = (1, 120), (1, 100)
MAX_PROBLEMS = 30  # a list longer than this helps nobody; the count of the rest is given

KEYS = ("id", "title", "topic", "minutes", "link", "pass_mark")
_TOPIC = re.compile(r"[a-z0-9][a-z0-9-]*")
_LINK = re.compile(r"https?://[^\s<>\"]+")
_QUIZ = re.compile(r"##\s*quiz\s*", re.IGNORECASE)
_OPTION = re.compile(r"[-*]\s*\[([ xX])\]\s*(.*)")
_NUMBERED = re.compile(r"(?:\d{1,3}[.)]|#{1,6})\s*")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based; 0: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Question:
    text: str
    line: int
    options: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)
    explanation: str = ""


@dataclass
class LessonFile:
    slug: str
    title: str
    topic: str
    minutes: int
    link: str | None
    body: str
    pass_mark: int
    questions: list[Question]


def slug_of(name: str) -> str:
    """A stable key from a file name or an `id:`: "Discovery Questions.md" → "discovery-questions"."""
    stem = re.sub(r"\.(md|markdown|txt)$", "", name.strip().rsplit("/", 1)[-1], flags=re.IGNORECASE)
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "lesson"


def decode(data: bytes) -> str | Problem:
    """The file's text, or why it cannot be read (too big, not UTF-8, binary)."""
    if len(data) > MAX_FILE_BYTES:
        return Problem(0, f"the file is {len(data) // 1024} KB; a lesson file is at most {MAX_FILE_BYTES // 1024} KB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Problem(data[: e.start].count(b"\n") + 1, "this is not UTF-8 text (save the file as UTF-8)")
    if "\x00" in text:
        return Problem(text[: text.index("\x00")].count("\n") + 1, "this looks like a binary file, not text")
    return text


def parse_bytes(data: bytes, name: str) -> LessonFile | list[Problem]:
    text = decode(data)
    return [text] if isinstance(text, Problem) else parse(text, name)


def parse(text: str, name: str) -> LessonFile | list[Problem]:
    """The lesson in `text` (its file `name` gives the key unless the header has `id:`), or every problem."""
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        return [Problem(0, f"a lesson file is at most {MAX_FILE_BYTES // 1024} KB")]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[Problem] = []
    header, body_start = _header(lines, problems)
    quiz_at = next((i for i in range(body_start, len(lines)) if _QUIZ.fullmatch(lines[i].strip())), None)
    body = "\n".join(lines[body_start: quiz_at if quiz_at is not None else len(lines)]).strip()
    if not body:
        problems.append(Problem(body_start + 1, "the lesson has no text: write what to take away below the header"))
    elif len(body) > MAX_BODY:
        problems.append(Problem(body_start + 1, f"the text is {len(body)} characters; keep it under {MAX_BODY} "
                                                "(readable on a phone; put the rest behind the link)"))
    if quiz_at is None:
        problems.append(Problem(len(lines), "no “## Quiz” section: add one with 2 to 8 questions"))
        questions: list[Question] = []
    else:
        questions = _quiz(lines, quiz_at + 1, problems)
    lesson = _lesson(header, name, body, questions, problems)
    if problems or lesson is None:
        problems.sort(key=lambda p: p.line)
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS] + [Problem(0, f"…and {extra} more problems")]
        return problems
    return lesson


def _header(lines: list[str], problems: list[Problem]) -> tuple[dict[str, tuple[int, str]], int]:
    """`key: value` lines between the first two `---` lines: {key: (line, value)}, and where the body starts."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        problems.append(Problem((first or 0) + 1, "the file must start with a header between two “---” lines "
                                                  "(title, topic, minutes...)"))
        return {}, 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(Problem(first + 1, "the header is not closed: add a “---” line after it"))
        return {}, len(lines)
    header: dict[str, tuple[int, str]] = {}
    for i in range(first + 1, end):
        raw = lines[i].strip()
        if not raw or raw.startswith("#"):
            continue
        key, colon, value = raw.partition(":")
        key = key.strip().lower()
        if not colon:
            problems.append(Problem(i + 1, f"expected “key: value” (keys: {', '.join(KEYS)})"))
        elif key not in KEYS:
            problems.append(Problem(i + 1, f"unknown key “{key[:30]}” (keys: {', '.join(KEYS)})"))
        elif key in header:
            problems.append(Problem(i + 1, f"“{key}” is given twice"))
        else:
            header[key] = (i + 1, value.strip().strip("\"'").strip())
    return header, end + 1


def _number(header: dict[str, tuple[int, str]], key: str, default: int, bounds: tuple[int, int],
            problems: list[Problem]) -> int:
    if key not in header:
        return default
    line, value = header[key]
    digits = value.removesuffix("%").strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4 and bounds[0] <= int(digits) <= bounds[1]):
        problems.append(Problem(line, f"{key} must be a whole number from {bounds[0]} to {bounds[1]}"))
        return default
    return int(digits)


def _lesson(header: dict[str, tuple[int, str]], name: str, body: str, questions: list[Question],
            problems: list[Problem]) -> LessonFile | None:
    title_line, title = header.get("title", (1, ""))
    if not title:
        problems.append(Problem(title_line, "the header needs a “title:”"))
    elif len(title) > MAX_TITLE:
        problems.append(Problem(title_line, f"the title is {len(title)} characters; at most {MAX_TITLE}"))
    topic_line, topic = header.get("topic", (1, ""))
    topic = topic.lower()
    if not topic:
        problems.append(Problem(topic_line, "the header needs a “topic:” (a short tag such as discovery)"))
    elif len(topic) > MAX_TOPIC or not _TOPIC.fullmatch(topic):
        problems.append(Problem(topic_line, f"the topic is a short tag: lowercase letters, digits and dashes, "
                                            f"at most {MAX_TOPIC} (e.g. discovery, price-objections)"))
    link_line, link = header.get("link", (0, ""))
    if link and (len(link) > MAX_LINK or not _LINK.fullmatch(link)):
        problems.append(Problem(link_line, f"the link must be one http(s) address of at most {MAX_LINK} characters"))
    minutes = _number(header, "minutes", 5, MINUTES, problems)
    pass_mark = _number(header, "pass_mark", 80, PASS_MARK, problems)
    slug_source = header.get("id", (0, ""))[1] or name
    if problems:
        return None
    return LessonFile(slug_of(slug_source), title, topic, minutes, link or None, body, pass_mark, questions)


def _quiz(lines: list[str], start: int, problems: list[Problem]) -> list[Question]:
    """Questions: a line of text, its options (`- [x] right`, `- [ ] wrong`), then `> explanation`."""
    questions: list[Question] = []
    current: Question | None = None
    for i in range(start, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        option = _OPTION.fullmatch(raw)
        if option is not None:
            if current is None:
                problems.append(Problem(i + 1, "an option before any question: write the question first"))
                continue
            if current.explanation:
                problems.append(Problem(i + 1, "an option after the explanation: options come first"))
            text = option.group(2).strip()
            if not text:
                problems.append(Problem(i + 1, "an empty option"))
            elif len(text) > MAX_OPTION:
                problems.append(Problem(i + 1, f"the option is {len(text)} characters; at most {MAX_OPTION}"))
            if option.group(1) != " ":
                current.correct.append(len(current.options))
            current.options.append(text)
        elif raw.startswith(">"):
            text = raw.lstrip(">").strip()
            if current is None or not current.options:
                problems.append(Problem(i + 1, "an explanation before the options: it comes after them"))
            elif current.explanation:
                problems.append(Problem(i + 1, "a second explanation: keep it to one line"))
            elif not text:
                problems.append(Problem(i + 1, "an empty explanation"))
            elif len(text) > MAX_EXPLANATION:
                problems.append(Problem(i + 1, f"the explanation is {len(text)} characters; at most {MAX_EXPLANATION}"))
            if current is not None and current.options and not current.explanation:
                current.explanation = text
        elif current is not None and not current.options:
            current.text = f"{current.text} {raw}"  # a question written over two lines
        else:
            text = _NUMBERED.sub("", raw, count=1).strip() or raw
            current = Question(text, i + 1)
            questions.append(current)
    for q in questions:
        _check(q, problems)
    if not QUESTIONS[0] <= len(questions) <= QUESTIONS[1]:
        problems.append(Problem(start, f"the quiz has {_count(len(questions), 'question')}; it needs {QUESTIONS[0]} to "
                                       f"{QUESTIONS[1]}"))
    return questions


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _check(q: Question, problems: list[Problem]) -> None:
    if len(q.text) > MAX_QUESTION:
        problems.append(Problem(q.line, f"the question is {len(q.text)} characters; at most {MAX_QUESTION}"))
    if not OPTIONS[0] <= len(q.options) <= OPTIONS[1]:
        options = _count(len(q.options), "option")
        problems.append(Problem(q.line, f"the question has {options}; it needs {OPTIONS[0]} to {OPTIONS[1]} "
                                        "(“- [x] right”, “- [ ] wrong”)"))
    elif not q.correct:
        problems.append(Problem(q.line, "no option is marked right: mark at least one “- [x]”"))
    if not q.explanation and q.options:
        problems.append(Problem(q.line, "the question needs a one-line explanation after its options (“> why”)"))
