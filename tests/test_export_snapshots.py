"""Golden files of every layout for one small article (tests/snapshots/export/).

Regenerate after an intended change with ``READER_UPDATE_SNAPSHOTS=1 uv run pytest
tests/test_export_snapshots.py`` and review the diff.
"""

from __future__ import annotations

import os

import pytest

from reader.export import ExportOptions, render_article
from reader.workspace import Workspace
from tests.conftest import ROOT
from tests.export_support import FIXTURE_META, fixture_corpus
from tests.test_export_roundtrip import COMBOS, combo_id

SNAPSHOTS = ROOT / "tests" / "snapshots" / "export"
UPDATE = os.environ.get("READER_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    corpus, glossary = fixture_corpus(tmp_path_factory.mktemp("snap"))
    return Workspace(str(corpus), glossary)


def _compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"no snapshot {path}; run with READER_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; review, then READER_UPDATE_SNAPSHOTS=1"


@pytest.mark.parametrize("options", COMBOS, ids=combo_id)
def test_layout_snapshot(ws: Workspace, options: ExportOptions) -> None:
    article = ws.corpus.load(FIXTURE_META.slug)
    _compare(f"{combo_id(options)}.md", render_article(ws, article, options))


def test_no_glossary_snapshot(ws: Workspace) -> None:
    article = ws.corpus.load(FIXTURE_META.slug)
    _compare("no-glossary.md", render_article(ws, article, ExportOptions(glossary=False)))


def test_every_snapshot_is_used() -> None:
    """A renamed layout must not leave a stale golden file behind."""
    expected = {f"{combo_id(o)}.md" for o in COMBOS} | {"no-glossary.md"}
    assert {p.name for p in SNAPSHOTS.glob("*.md")} == expected
