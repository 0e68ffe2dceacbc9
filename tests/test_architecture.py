"""The house rules of DESIGN.md, enforced: which room may import what (import-linter
contracts in pyproject.toml). A slip fails the build instead of eroding the design."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout  # the summary line "N kept, 0 broken" was printed
