"""`followthrough lessons import PATH...`: lesson files (or folders of them) into the deployment's
library, each file in its own transaction, so a malformed file changes nothing while the good
ones beside it land. One line per file; the exit code is 1 when any file was not imported."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.settings import Settings
from bot.wiring import open_store
from handlers import SystemClock
from handlers.lesson_file import MAX_FILE_BYTES
from handlers.lesson_import import import_bytes, outcome_line

SUFFIXES = (".md", ".markdown", ".txt")


def lesson_paths(paths: Iterable[str]) -> list[Path]:
    """The files named, and the lesson files (.md, .markdown, .txt) inside the folders named, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            out.append(path)
    return out


def read_capped(path: Path) -> bytes:
    """At most one byte more than a lesson file may hold: enough for the parser to refuse it."""
    with path.open("rb") as f:
        return f.read(MAX_FILE_BYTES + 1)


async def run_import(settings: Settings, paths: Iterable[str], echo=print) -> int:  # type: ignore[no-untyped-def]
    files = lesson_paths(paths)
    if not files:
        echo("No lesson files found (.md, .markdown or .txt).")
        return 1
    store = await open_store(settings)
    clock = SystemClock()
    failed = 0
    try:
        for path in files:
            try:
                data = read_capped(path)
            except OSError as e:
                echo(f"❌ {path}: cannot read it ({e.strerror or e})")
                failed += 1
                continue
            async with store.unit() as u:
                result = await import_bytes(u, data, path.name, None, "import", clock.now())
            failed += result.saved is None
            echo(outcome_line(result).replace(f"{path.name}:", f"{path}:", 1))
    finally:
        await store.close()
    echo(f"{len(files) - failed} of {len(files)} files imported." if failed else f"{len(files)} imported.")
    return 1 if failed else 0
