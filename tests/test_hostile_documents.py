"""Attacks on the structured importers (Markdown, HTML, EPUB): each document imports in bounded
time with its structure, or is refused with one line and changes nothing.

Everything runs through ``reader import`` and ``reader show`` as a user would run them, in the
isolated data dir of each test; the whole temporary tree is compared before and after a refusal.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.corpus import read_article
from reader.model import Article
from reader.paths import user_corpus_dir
from tests.hostile_support import assert_one_line_error, changed, cpu_budget, run, tree
from tests.test_document_html import CHAPTERS, _without_spine, _zip, make_epub


@dataclass
class Attack:
    """A file for ``reader import`` and what must come of it."""

    name: str
    file: str
    data: Callable[[], bytes]
    refused: str | None = None
    check: Callable[[Article], None] | None = None
    cpu: float = 60.0  # seconds of CPU time, far above what the import needs


def _unclosed(article: Article) -> None:
    kinds = [p.kind for p in article.paragraphs]
    assert kinds == ["text", "code"]
    assert article.paragraphs[1].text.endswith("## 不是标题\n\n后面的一切都是代码。")


def _big_code(article: Article) -> None:
    (code,) = [p for p in article.paragraphs if p.kind == "code"]
    assert len(code.text) > 1_000_000 and code.sentences == ()


def _big_table(article: Article) -> None:
    (table,) = [p for p in article.paragraphs if p.kind == "table"]
    assert len(table.block.rows) == 1000 and len(table.block.rows[0]) == 10
    ids = [s.id for s in table.sentences]
    assert len(ids) == len(set(ids)) == 10_000


def _deep_list(article: Article) -> None:
    items = [p for p in article.paragraphs if p.kind == "list"]
    assert len(items) == 100 and items[-1].block.depth == 99


def _book(article: Article) -> None:
    assert article.meta.series == "测试之书" and article.meta.chapter == 1


ATTACKS = [
    Attack(
        "unclosed-fence",
        "a.md",
        lambda: "正文。\n\n```python\nx = 1\n\n## 不是标题\n\n后面的一切都是代码。\n".encode(),
        check=_unclosed,
    ),
    Attack(
        "one-megabyte-code-block",
        "a.md",
        lambda: ("说明。\n\n```\n" + "x = 1  # 注释：冒号\n" * 70_000 + "```\n").encode(),
        check=_big_code,
    ),
    Attack(
        "ten-thousand-cell-table",
        "a.md",
        lambda: (
            "| "
            + " | ".join(f"列{c}" for c in range(10))
            + " |\n"
            + "|"
            + " --- |" * 10
            + "\n"
            + "".join(
                "| " + " | ".join(f"格{r}-{c}" for c in range(10)) + " |\n" for r in range(999)
            )
        ).encode(),
        check=_big_table,
    ),
    Attack(
        "lists-nested-100-deep",
        "a.md",
        lambda: ("标题\n\n" + "".join("  " * i + f"- 第{i}层\n" for i in range(100))).encode(),
        check=_deep_list,
    ),
    Attack(
        "lists-nested-200-deep",
        "a.md",
        lambda: "".join("  " * i + "- 层\n" for i in range(200)).encode(),
        refused="nested more than",
    ),
    Attack(
        "quotes-nested-1000-deep",
        "a.md",
        lambda: ("> " * 1000 + "深处。\n").encode(),
        refused="nested more than",
    ),
    Attack(
        "html-one-megabyte-pre",
        "a.html",
        lambda: (
            "<html><body><article><h1>标题</h1><p>说明。</p><pre>"
            + "if a &lt; b: pass\n" * 70_000
            + "</pre></article></body></html>"
        ).encode(),
        check=_big_code,
    ),
    Attack("epub", "book.epub", lambda: make_epub(CHAPTERS), check=_book),
    Attack("epub-not-a-zip", "book.epub", lambda: b"PK\x03\x04 broken", refused="not an EPUB"),
    Attack(
        "epub-without-spine",
        "book.epub",
        lambda: _without_spine(make_epub(CHAPTERS)),
        refused="book.epub",
    ),
    Attack(
        "epub-zip-slip",
        "book.epub",
        lambda: _zip({"mimetype": b"application/epub+zip", "../../../tmp/evil": b"x"}),
        refused="points outside the book",
    ),
    Attack(
        "epub-huge-member",
        "book.epub",
        lambda: _zip({"mimetype": b"application/epub+zip", "OEBPS/a.xhtml": b" " * 51_000_000}),
        refused="the limit is 50 MB",
    ),
]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_structured_documents_import_or_are_refused_cleanly(
    attack: Attack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "attack" / attack.file
    source.parent.mkdir()
    source.write_bytes(attack.data())
    before = tree(tmp_path)
    with cpu_budget(attack.cpu):
        code, out, err = run(capsys, "import", str(source))
    if attack.refused is not None:
        assert_one_line_error(code, out, err, attack.refused)
        assert changed(before, tree(tmp_path)) == set()
        return
    assert code == 0, err
    written = sorted(user_corpus_dir().glob("*.md"))
    article = read_article(written[0])
    assert attack.check is not None
    attack.check(article)
    with cpu_budget(attack.cpu):
        code, out, err = run(capsys, "show", article.slug, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert all("kind" in p for p in shown["paragraphs"])


def test_a_book_that_fails_half_way_leaves_the_corpus_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.importer

    source = tmp_path / "book.epub"
    source.write_bytes(make_epub(CHAPTERS))
    real = reader.importer.write_text_atomic
    calls = 0

    def fail_second(path: Path, content: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            from reader.errors import ReaderError

            raise ReaderError(f"Cannot write {path}: No space left on device.")
        real(path, content)

    monkeypatch.setattr(reader.importer, "write_text_atomic", fail_second)
    before = tree(tmp_path)
    assert_one_line_error(*run(capsys, "import", str(source)), "No space left")
    # the corpus as it was; the library index (a cache) may have been built to look for the book
    touched = changed(before, tree(tmp_path))
    assert {p for p in touched if not p.startswith("user-data/library")} <= {
        "user-data",
        "user-data/corpus",
    }
    assert list(user_corpus_dir().glob("*.md")) == []


def test_the_zip_of_an_epub_is_never_unpacked_to_disk(tmp_path: Path) -> None:
    data = _zip({"mimetype": b"application/epub+zip", "../escape.txt": b"x"})
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["mimetype", "../escape.txt"]
    assert not (tmp_path.parent / "escape.txt").exists()
