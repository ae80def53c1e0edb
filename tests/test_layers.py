"""The core never imports textual: only reader/tui renders."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import reader
from tests.conftest import ROOT

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(reader.__path__, "reader.")
    if not m.name.startswith("reader.tui") and m.name not in ("reader.__main__",)
)


def test_every_core_module_is_listed() -> None:
    assert "reader.analysis" in CORE and "reader.cli.main" in CORE


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}; bad = [m for m in ('textual', 'rich') if m in sys.modules];"
        "print(','.join(bad))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"
