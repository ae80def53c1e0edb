"""Followable entries: ``see_also`` as entries, names in ``reader glossary show`` and in the
export appendix (linked when the related term is in the appendix too)."""

from __future__ import annotations

import json

import pytest

from reader.cli.main import main
from reader.export.appendix import render_appendix
from reader.export.prepare import TermUse
from reader.glossary.model import Entry, Glossary
from reader.workspace import Workspace

A = Entry(
    "scaling-law",
    "scaling law",
    "concept",
    "Loss falls as a power law.",
    zh=("规模定律",),
    pinyin=("guī mó dìng lǜ",),
    see_also=("compute", "nowhere", "emergence"),
)
B = Entry("compute", "compute", "hardware", "Processing power.", zh=("算力",), pinyin=("suàn lì",))
C = Entry("emergence", "emergent abilities", "concept", "Abilities that appear with scale.")


def test_related_entries_in_see_also_order_unknown_ids_skipped() -> None:
    glossary = Glossary([A, B, C])
    assert glossary.related(A) == [B, C]
    assert glossary.related(B) == []


def test_appendix_names_related_terms_and_links_those_it_lists() -> None:
    glossary = Glossary([A, B, C])
    uses = (
        TermUse(A, (("规模定律", "guī mó dìng lǜ"),), tuple(glossary.related(A))),
        TermUse(B, (("算力", "suàn lì"),)),
    )
    text = render_appendix(uses)
    assert text is not None
    assert "  See also: [算力 compute](#term-compute), emergent abilities" in text.splitlines()


def test_show_names_related_entries_with_their_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "show", "linear-attention"]) == 0
    out = capsys.readouterr().out
    see_also = out[out.index("See also: ") :].split("\n\n")[0]
    assert "闪电注意力 Lightning Attention (lightning-attention)" in see_also
    entry = Workspace().glossary.get("linear-attention")
    assert entry is not None
    for target in entry.see_also:
        assert f"({target})" in see_also


def test_show_json_lists_related_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "show", "linear-attention", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["related"]] == data["see_also"]
    assert data["related"][0] == {
        "id": "lightning-attention",
        "en": "Lightning Attention",
        "zh": ["闪电注意力"],
    }
