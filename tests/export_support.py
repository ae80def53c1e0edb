"""Helpers for the export tests: a small translated corpus and a Markdown read-back.

The read-back parses an export with markdown-it-py (CommonMark + GFM tables) and returns its
text blocks in order, with the export's own markup taken apart again: ruby readings (``<rt>``,
``<rp>``) dropped, emphasis (pinyin lines, translation labels) kept apart from the text, escapes
and entities undone by the parser itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from reader.corpus import read_article, render_article
from reader.model import ArticleMeta
from reader.text.blocks import Block
from tests.conftest import ROOT

_SPACE_RE = re.compile(r"[ \t\r\n]+")
_MD = MarkdownIt("commonmark").enable("table")

FIXTURE_META = ArticleMeta(
    slug="small-interview",
    title="小访谈：MoE 与规模定律",
    author="测试作者",
    source="单元测试",
    date="2025-01-02",
    url="https://example.com/a?b=1&c=2",
    extra={"speakers": ["记者", "闫俊杰"]},
)
FIXTURE_BLOCKS = [
    Block("text", "这是一次关于MoE(混合专家)的短访谈。规模定律是主题。"),
    Block("heading", "一、为什么相信规模定律", 2),
    Block("text", "记者：你为什么相信规模定律？这很重要。"),
    Block("text", "闫俊杰：因为混合专家能扩展，成本也低。我们算过 3 次账。"),
    Block("quote", "模型越大，效果越好。这是经验。"),
    Block("list", "第一点：数据。"),
    Block("list", "第二点：算力与 *星号* 和 <b>标签</b>。"),
    Block("text", "最后一段没有翻译。"),
]
# English for every sentence but the last paragraph; the sentence at STALE is translated from an
# older wording, so the lookup reports it stale.
FIXTURE_EN = {
    (0, 0): "This is a short interview about MoE (mixture of experts).",
    (0, 1): "The scaling law is the topic.",
    (1, 0): "1. Why believe in the scaling law",
    (2, 0): "Reporter: Why do you believe in the scaling law?",
    (2, 1): "This matters.",
    (3, 0): "Yan Junjie: Because mixture of experts scales, and costs little.",
    (3, 1): "We did the sums 3 times.",
    (4, 0): "The bigger the model, the better the results.",
    (4, 1): "That is experience.",
    (5, 0): "First: data.",
    (6, 0): "Second: compute & *asterisks* and <b>tags</b>.",
}
FIXTURE_STALE = (3, 1)
FIXTURE_TITLE_EN = "A short interview: MoE and the scaling law"

FIXTURE_GLOSSARY = """\
entries:
  - id: scaling-law
    zh: [规模定律]
    pinyin: [guī mó dìng lǜ]
    en: scaling law
    aliases: [scaling laws]
    abbr: []
    category: concept
    definition: A model's loss falls predictably as a power law as size, data and compute grow.
    see_also: []
  - id: mixture-of-experts
    zh: [混合专家]
    pinyin: [hùn hé zhuān jiā]
    en: mixture of experts
    aliases: []
    abbr: [MoE]
    category: architecture
    definition: A router sends each token to a few of many expert sub-networks.
    see_also: []
"""


def write_article(
    folder: Path,
    meta: ArticleMeta,
    blocks: list[Block],
    english: dict[tuple[int, int], str],
    *,
    title_en: str | None = None,
    stale: tuple[int, int] | None = None,
) -> Path:
    """Writes ``<slug>.md`` and its ``<slug>.en.yaml`` (ids from the parsed article)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{meta.slug}.md"
    path.write_text(render_article(meta, blocks), encoding="utf-8")
    article = read_article(path)
    sentences = []
    for sentence in article.sentences():
        en = english.get((sentence.paragraph, sentence.index))
        if en is None:
            continue
        zh = (
            sentence.text + "（旧）"
            if (sentence.paragraph, sentence.index) == stale
            else sentence.text
        )
        sentences.append({"id": sentence.id, "zh": zh, "en": en})
    doc: dict[str, Any] = {"slug": meta.slug, "sentences": sentences}
    if title_en:
        doc["title"] = title_en
    path.with_suffix(".en.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def fixture_corpus(folder: Path) -> tuple[Path, Path]:
    """The small interview in ``folder/corpus`` and a two-entry glossary beside it."""
    corpus = folder / "corpus"
    write_article(
        corpus,
        FIXTURE_META,
        FIXTURE_BLOCKS,
        FIXTURE_EN,
        title_en=FIXTURE_TITLE_EN,
        stale=FIXTURE_STALE,
    )
    glossary = folder / "glossary.yaml"
    glossary.write_text(FIXTURE_GLOSSARY, encoding="utf-8")
    return corpus, glossary


def norm(text: str) -> str:
    """Text with ASCII whitespace runs folded (what Markdown does to whitespace)."""
    return _SPACE_RE.sub(" ", text).strip()


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """The parsed YAML front matter and the body."""
    assert markdown.startswith("---\n")
    end = markdown.index("\n---\n", 4)
    return yaml.safe_load(markdown[4:end]), markdown[end + 5 :]


@dataclass
class TextBlock:
    """One inline run read back: where it stood and what it shows.

    ``kind`` is "heading", "paragraph" or "cell"; ``depth`` the block-quote depth; ``text`` the
    visible text outside emphasis with ruby readings removed; ``ems`` the emphasised texts;
    ``after_br`` the emphasised text after a ``<br>`` (a pinyin line in a table cell).
    """

    kind: str
    depth: int
    text: str
    level: int = 0
    cell: int = -1
    in_list: bool = False
    ems: list[str] = field(default_factory=list)
    strongs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    rubies: int = 0
    after_br: str | None = None
    header: bool = False


_ID_RE = re.compile(r'<a id="([^"]+)">')


def read_back(markdown: str) -> tuple[list[TextBlock], list[TextBlock]]:
    """(body blocks, glossary appendix blocks) of an export, in document order."""
    _, body = split_front_matter(markdown)
    tokens = _MD.parse(body)
    blocks: list[TextBlock] = []
    appendix: list[TextBlock] = []
    target = blocks
    depth = 0
    lists = 0
    context = ("paragraph", 0)
    cell = -1
    header = False
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif token.type == "heading_open":
            context = ("heading", int(token.tag[1]))
        elif token.type == "paragraph_open":
            context = ("paragraph", 0)
        elif token.type == "tr_open":
            cell = -1
        elif token.type in ("td_open", "th_open"):
            cell += 1
            context = ("cell", 0)
            header = token.type == "th_open"
        elif token.type == "inline":
            block = _inline(token.children or [], context, depth, cell, lists > 0)
            block.header = context[0] == "cell" and header
            if block.kind == "heading" and "glossary" in block.anchors:
                target = appendix
            target.append(block)
    return blocks, appendix


def _inline(
    children: list[Any], context: tuple[str, int], depth: int, cell: int, in_list: bool
) -> TextBlock:
    kind, level = context
    block = TextBlock(
        kind, depth, "", level=level, cell=cell if kind == "cell" else -1, in_list=in_list
    )
    text: list[str] = []
    em: list[str] | None = None
    strong: list[str] | None = None
    hidden = 0  # inside <rt> or <rp>
    seen_br = False
    for child in children:
        if child.type == "html_inline":
            tag = child.content
            if tag in ("<rt>", "<rp>"):
                hidden += 1
            elif tag in ("</rt>", "</rp>"):
                hidden -= 1
            elif tag == "<ruby>":
                block.rubies += 1
            elif tag == "<br>":
                seen_br = True
            elif m := _ID_RE.fullmatch(tag):
                block.anchors.append(m.group(1))
            continue
        if child.type == "em_open":
            em = []
        elif child.type == "em_close":
            assert em is not None
            if seen_br:
                block.after_br = "".join(em)
            else:
                block.ems.append("".join(em))
            em = None
        elif child.type == "strong_open":
            strong = []
        elif child.type == "strong_close":
            assert strong is not None
            block.strongs.append("".join(strong))
            strong = None
        elif child.type == "link_open":
            block.links.append(str(child.attrs.get("href")))
        elif child.type in ("text", "code_inline", "text_special"):
            if hidden:
                continue
            if em is not None:
                em.append(child.content)
            else:
                text.append(child.content)
                if strong is not None:
                    strong.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            text.append("\n")
    block.text = "".join(text)
    return block


def bundled_slugs() -> list[str]:
    """The slugs of the bundled corpus."""
    return sorted(p.stem for p in (ROOT / "corpus").glob("*.md"))
