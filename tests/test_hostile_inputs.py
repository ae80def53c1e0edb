"""Attacks with hostile input, one table row per attack, named after it.

- Documents for ``reader import``: each one imports correctly or is refused with one line on
  stderr and exit status 1; nothing outside the corpus folder is written (the whole temporary
  tree is compared before and after), and a refused import changes nothing at all.
- Article files in a corpus folder someone shared (``--corpus``): a hostile one is refused with
  one line and never hides the other articles.
- Export: hostile article text, metadata, curated and machine English and glossary entries
  never become HTML, links or images in the Markdown (read back with markdown-it-py).
- Glossary files (``reader glossary check --file`` and the user's own glossary): YAML bombs,
  object-constructing tags, wrong types, duplicates, deep nesting, huge and non-UTF-8 files are
  reported as ``PATH:LINE:COL: message`` lines, quickly, without building anything; the reader
  keeps working.

- Text for ``reader analyze`` on the command line or standard input that is not UTF-8.

Everything runs through ``reader.cli.main.main`` as a user would run it, in the isolated data
dir of each test (see conftest).
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import stat
import threading
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.corpus import read_article, split_front_matter
from reader.model import Article, ArticleMeta, text_hash
from reader.paths import user_corpus_dir
from reader.text.blocks import Block
from reader.text.script import to_traditional
from reader.workspace import Workspace
from tests.hostile_support import (
    LAUGHS,
    assert_one_line_error,
    changed,
    cpu_budget,
    make_special,
    run,
    slow,
    special_file,
    tree,
)

# -- hostile documents for `reader import` -----------------------------------------------------

TITLE = "大模型的冬天"
PARAGRAPHS = [
    "2021年12月，商汤上市前夕，闫俊杰选择离职创立MiniMax。",
    "“我们相信 Scaling Law。”他说。",
]
ARTICLE = TITLE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
HOSTILE_HTML = """<!doctype html><html><head><title>大模型的冬天 - 某网站</title>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(2)//">
<script>document.write('恶意脚本一')</script><style>body { background: url(javascript:x) }</style>
<link rel="stylesheet" href="javascript:alert(3)"></head>
<body onload="alert('恶意脚本二')"><iframe src="javascript:alert(4)">框架内容</iframe>
<article><h1>大模型的冬天</h1>
<p onclick="alert('恶意脚本三')">2021年12月，商汤上市前夕，<a href="javascript:alert(5)">闫俊杰</a>选择离职创立MiniMax。<img src=x onerror="alert('恶意脚本四')"></p>
<p>“我们相信 Scaling Law。”他说。&lt;script&gt;这是文字&lt;/script&gt;</p>
<svg><script>alert('恶意脚本五')</script></svg><object data="javascript:alert(6)">对象</object>
<embed src="javascript:alert(7)"><form action="javascript:alert(8)"><input value="表单"></form>
<noscript>无脚本</noscript><template>模板</template>
</article></body></html>"""
MARKUP = "[bold]粗体[/] 和 [link=https://evil.example]链接[/link] 和 [/] 和 [red on white]颜色[/]。"


def write_bytes(data: bytes, name: str = "attack.txt") -> Callable[[Path], Path]:
    """A builder that writes ``data`` to a file called ``name`` in the attack folder."""

    def build(folder: Path) -> Path:
        path = folder / os.fsdecode(name.encode("utf-8", "surrogateescape"))
        path.write_bytes(data)
        return path

    return build


def special(kind: str) -> Callable[[Path], Path]:
    """A builder of a path that is not a regular file (or a link to one)."""

    def build(folder: Path) -> Path:
        path = folder / "attack.txt"
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link-to-fifo":
            os.mkfifo(folder / "pipe")
            path.symlink_to(folder / "pipe")
        elif kind == "link-to-dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "link-to-dev-urandom":
            path.symlink_to("/dev/urandom")
        elif kind == "dangling-link":
            path.symlink_to(folder / "nowhere.txt")
        elif kind == "link-loop":
            path.symlink_to(folder / "other.txt")
            (folder / "other.txt").symlink_to(path)
        elif kind == "socket":
            # AF_UNIX paths are limited to about 100 bytes: bind relative to the folder.
            server = socket.socket(socket.AF_UNIX)
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                server.bind("attack.txt")
            finally:
                os.chdir(cwd)
            server.close()
        return path

    return build


@dataclass
class Doc:
    """One attack on ``reader import``: how to build the file, and what must happen."""

    name: str
    build: Callable[[Path], Path]
    refused: str | None = None  # the message when the import must be refused
    args: tuple[str, ...] = ()
    paragraphs: list[str] | None = None  # the texts the article must have when imported
    title: str | None = None
    check: Callable[[Article, str], None] | None = None  # more checks: article, corpus file
    needs: str = ""  # "fifo", "dev" or "socket": skipped where the platform has none
    tags: list[str] = field(default_factory=list)


def _no_script(article: Article, body: str) -> None:
    for word in ("恶意脚本", "alert", "javascript", "框架内容", "表单", "无脚本", "模板", "对象"):
        assert word not in body, word
    texts = [p.text for p in article.paragraphs if p.kind == "text"]
    assert any("<script>这是文字</script>" in t for t in texts)  # escaped text stays text


def _markup_literal(article: Article, body: str) -> None:
    text = article.paragraphs[0].text
    for piece in (
        "[bold]粗体[/]",
        "[link=https://evil.example]链接[/link]",
        "[red on white]颜色[/]",
    ):
        assert piece in text, (piece, text)


def _no_controls(article: Article, body: str) -> None:
    assert not any(ch in body for ch in "\x1b\x9b\x00\x07\x85"), body
    assert "红色" in article.paragraphs[0].text


def _front_matter_is_ours(article: Article, body: str) -> None:
    fields, _ = split_front_matter(body, Path("x.md"))
    assert set(fields) <= {
        "title",
        "author",
        "source",
        "url",
        "date",
        "script",
        "original_file",
        "format",
    }
    assert isinstance(fields["title"], str)


def _code_atom(article: Article, body: str) -> None:
    (mark,) = article.paragraphs[0].block.marks
    assert (mark.kind, article.paragraphs[0].text[mark.start : mark.end]) == ("code", "代码")
    assert "`代码`" in body


def _count(article: Article, paragraphs: int) -> None:
    assert len(article.paragraphs) == paragraphs


def _in_corpus(slug: str) -> Callable[[Article, str], None]:
    def check(article: Article, body: str) -> None:
        assert article.slug == slug
        assert (user_corpus_dir() / f"{slug}.md").is_file()

    return check


DOCS = [
    Doc("empty-file", write_bytes(b""), refused="is empty"),
    Doc("whitespace-only", write_bytes(b" \n\t\r\n  \x0b\x0c"), refused="is empty"),
    Doc(
        "ideographic-spaces-only",
        write_bytes("\u3000\u3000\n\u00a0\n".encode()),
        refused="no article text",
    ),
    Doc("zero-width-only", write_bytes("\u200b\ufeff\u200d\n".encode()), refused="no article"),
    Doc("only-page-chrome", write_bytes("长按保存图片\n相关文章\n".encode()), refused="no article"),
    Doc(
        "binary-png",
        write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        refused="binary",
    ),
    Doc(
        "nul-bytes-in-text",
        write_bytes(ARTICLE.encode()[:20] + b"\x00\x00" + b"x" * 50),
        refused="binary",
    ),
    Doc("elf-executable", write_bytes(b"\x7fELF\x02\x01\x01" + bytes(500)), refused="binary"),
    Doc(
        "random-bytes",
        write_bytes(bytes((i * 7919 + 13) % 255 + 1 for i in range(4096))),
        refused="is not UTF-8",
    ),
    Doc(
        "utf8-with-one-invalid-byte",
        write_bytes(ARTICLE.encode()[:9] + b"\xff" + ARTICLE.encode()[9:]),
        refused="byte 0xFF at offset 9",
    ),
    Doc("utf8", write_bytes(ARTICLE.encode()), paragraphs=PARAGRAPHS, title=TITLE),
    Doc("utf8-bom", write_bytes(ARTICLE.encode("utf-8-sig")), paragraphs=PARAGRAPHS, title=TITLE),
    Doc("gbk", write_bytes(ARTICLE.encode("gbk")), paragraphs=PARAGRAPHS, title=TITLE),
    Doc(
        "gb18030-four-byte-characters",
        write_bytes((ARTICLE + "\n𠀀𪚥字。\n").encode("gb18030")),
        paragraphs=[*PARAGRAPHS, "𠀀𪚥字。"],
    ),
    Doc(
        "big5",
        write_bytes(to_traditional(ARTICLE).encode("big5")),
        paragraphs=[to_traditional(p) for p in PARAGRAPHS],
        title=to_traditional(TITLE),
    ),
    Doc(
        "utf16-le-bom",
        write_bytes(b"\xff\xfe" + ARTICLE.encode("utf-16-le")),
        paragraphs=PARAGRAPHS,
    ),
    Doc(
        "utf16-be-bom",
        write_bytes(b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
        paragraphs=PARAGRAPHS,
    ),
    Doc("utf32-bom", write_bytes(ARTICLE.encode("utf-32")), paragraphs=PARAGRAPHS),
    Doc(
        "utf16-bom-with-odd-length",
        write_bytes(b"\xff\xfe" + ARTICLE.encode("utf-16-le") + b"\x00"),
        refused="byte-order mark but is not valid",
    ),
    Doc(
        "utf16-bom-with-lone-surrogate",
        write_bytes(
            b"\xff\xfe" + "中文".encode("utf-16-le") + b"\x00\xd8" + "文".encode("utf-16-le")
        ),
        refused="byte-order mark but is not valid",
    ),
    Doc("utf16-without-bom", write_bytes(ARTICLE.encode("utf-16-le")), refused="binary"),
    Doc(
        "crlf-and-cr-line-endings",
        write_bytes(f"{TITLE}\r\n\r\n{PARAGRAPHS[0]}\r\r{PARAGRAPHS[1]}\r".encode()),
        paragraphs=PARAGRAPHS,
    ),
    Doc(
        "ansi-escapes-and-c1-controls",
        write_bytes("标题\n\n\x1b[31m红色\x1b[0m的字\x9b2J，\x07响铃\x85。\n".encode()),
        check=_no_controls,
    ),
    Doc(
        "bidi-controls-are-kept-as-text",
        write_bytes("标题\n\n管理员\u202e\u2066文本\u2069\u202c说。\n".encode()),
        paragraphs=["管理员\u202e\u2066文本\u2069\u202c说。"],
    ),
    Doc(
        "html-scripts-styles-iframes-handlers",
        write_bytes(HOSTILE_HTML.encode(), "page.html"),
        title=TITLE,
        check=_no_script,
    ),
    Doc(
        "html-of-scripts-only",
        write_bytes(b"<html><script>alert(1)</script><style>p{}</style></html>", "page.html"),
        refused="no article text",
    ),
    Doc(
        "html-nested-300-deep",
        write_bytes(("<div>" * 300 + "<p>深处。</p>" + "</div>" * 300).encode(), "page.html"),
        refused="nests elements more than 255 deep",
    ),
    Doc("rich-markup-in-text", write_bytes(f"标题\n\n{MARKUP}\n".encode()), check=_markup_literal),
    Doc(
        "rich-markup-in-markdown",
        write_bytes(f"# 标题\n\n{MARKUP}\n".encode(), "a.md"),
        check=_markup_literal,
    ),
    Doc(
        "markdown-markup-in-text",
        write_bytes("标题\n\n**粗体** 和 `代码` 和 <b>加粗</b> 和 \\# 转义。\n".encode(), "a.md"),
        paragraphs=["粗体 和 代码 和 加粗 和 # 转义。"],
        check=_code_atom,
    ),
    Doc(
        "title-path-traversal",
        write_bytes(("../../etc/passwd\n\n" + "\n\n".join(PARAGRAPHS)).encode()),
        title="../../etc/passwd",
        check=_in_corpus("etc-passwd"),
    ),
    Doc(
        "title-absolute-windows-path",
        write_bytes(("C:\\Windows\\System32\n\n" + PARAGRAPHS[0]).encode()),
        check=_in_corpus("c-windows-system32"),
    ),
    Doc(
        "title-windows-device-name",
        write_bytes(("CON\n\n" + PARAGRAPHS[0]).encode()),
        check=_in_corpus("con-article"),
    ),
    Doc("title-with-nul", write_bytes(("\x00标题\n\n" + PARAGRAPHS[0]).encode()), refused="binary"),
    Doc(
        "title-with-controls",
        write_bytes(("\x07标题\x1b\x7f\n\n" + PARAGRAPHS[0]).encode()),
        title="标题",
    ),
    Doc(
        "title-that-is-yaml",
        write_bytes(("title: evil\n\n" + "\n\n".join(PARAGRAPHS)).encode()),
        check=_front_matter_is_ours,
    ),
    Doc(
        "markdown-front-matter-is-text",
        write_bytes(
            ("---\ntitle: !!python/object/apply:os.system [id]\n---\n\n" + ARTICLE).encode(), "a.md"
        ),
        check=_front_matter_is_ours,
    ),
    Doc("file-name-with-newline", write_bytes(ARTICLE.encode(), "a\nb.txt"), paragraphs=PARAGRAPHS),
    Doc(
        "file-name-not-utf8", write_bytes(ARTICLE.encode(), "bad\udcff.txt"), paragraphs=PARAGRAPHS
    ),
    Doc("file-name-dashes", write_bytes(ARTICLE.encode(), "--force.txt"), paragraphs=PARAGRAPHS),
    Doc("upper-case-suffix", write_bytes(ARTICLE.encode(), "A.TXT"), paragraphs=PARAGRAPHS),
    Doc(
        "unsupported-suffix",
        write_bytes(ARTICLE.encode(), "a.exe"),
        refused="unsupported file type",
    ),
    Doc(
        "no-suffix",
        write_bytes(ARTICLE.encode(), "README"),
        refused="unsupported file type '(none)'",
    ),
    Doc(
        "slug-traversal",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "../../etc/passwd"),
        refused="not a valid slug",
    ),
    Doc(
        "slug-absolute",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "/tmp/evil"),
        refused="not a valid slug",
    ),
    Doc(
        "slug-with-newline",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "abc\n"),
        refused="not a valid slug",
    ),
    Doc(
        "slug-with-nul",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "a\x00b"),
        refused="not a valid slug",
    ),
    Doc(
        "slug-upper-case",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "ABC"),
        refused="not a valid slug",
    ),
    Doc(
        "slug-too-long",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "a" * 81),
        refused="not a valid slug",
    ),
    Doc(
        "slug-windows-device",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "nul"),
        refused="names a device on Windows",
    ),
    Doc(
        "slug-given",
        write_bytes(ARTICLE.encode()),
        args=("--slug", "mine"),
        check=_in_corpus("mine"),
    ),
    Doc("a-folder", special("folder"), refused="is a folder"),
    Doc(
        "a-fifo",
        special("fifo"),
        refused="is a FIFO (named pipe), not a regular file",
        needs="fifo",
    ),
    Doc("symlink-to-a-fifo", special("link-to-fifo"), refused="FIFO", needs="fifo"),
    Doc(
        "symlink-to-dev-zero",
        special("link-to-dev-zero"),
        refused="is a character device",
        needs="dev",
    ),
    Doc(
        "symlink-to-dev-urandom",
        special("link-to-dev-urandom"),
        refused="is a character device",
        needs="dev",
    ),
    Doc("a-unix-socket", special("socket"), refused="attack.txt", needs="socket"),
    Doc("dangling-symlink", special("dangling-link"), refused="no such file"),
    Doc("symlink-loop", special("link-loop"), refused="Too many levels of symbolic links"),
    Doc(
        "one-200kb-line",
        write_bytes(("标题\n\n" + "我们用坐标下降训练模型，" * 17_000 + "。\n").encode()),
        paragraphs=["我们用坐标下降训练模型，" * 17_000 + "。"],
    ),
    Doc(
        "50000-tiny-paragraphs",
        write_bytes(("标题\n\n" + "短句。\n\n" * 50_000).encode()),
        check=lambda article, body: _count(article, 50_000),
    ),
]


def _available(needs: str) -> bool:
    if needs == "fifo":
        return hasattr(os, "mkfifo")
    if needs == "dev":
        return Path("/dev/zero").exists()
    if needs == "socket":
        return hasattr(socket, "AF_UNIX")
    return True


SLOW_DOCS = {"50000-tiny-paragraphs"}


@pytest.mark.parametrize(
    "doc",
    [pytest.param(d, marks=slow) if d.name in SLOW_DOCS else d for d in DOCS],
    ids=[d.name for d in DOCS],
)
def test_hostile_document_imports_correctly_or_is_refused_cleanly(
    doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not _available(doc.needs):
        pytest.skip(f"no {doc.needs} on this platform")
    attack = tmp_path / "attack"
    attack.mkdir()
    source = doc.build(attack)
    before = tree(tmp_path)
    with cpu_budget(30):
        code, out, err = run(capsys, "import", str(source), *doc.args)
    after = tree(tmp_path)
    if doc.refused is not None:
        assert_one_line_error(code, out, err, doc.refused)
        assert changed(before, after) == set()  # not even the corpus folder
        return
    assert code == 0, err
    outside = {
        p
        for p in changed(before, after)
        if p not in ("user-data", "user-data/corpus", "user-data/library.sqlite")
        and not p.startswith("user-data/corpus/")
    }
    # Only the corpus folder (and the folders above it) appear, and the library index that
    # the import updated.
    assert outside == set()
    (written,) = [p for p in changed(before, after) if p.endswith(".md")]
    path = tmp_path / written
    article = read_article(path)
    body = path.read_text(encoding="utf-8")
    if doc.title is not None:
        assert article.meta.title == doc.title
    if doc.paragraphs is not None:
        assert [p.text for p in article.paragraphs] == doc.paragraphs
    if doc.check is not None:
        doc.check(article, body)


# The library index, a cache, may note that it found itself in step with the folders while a
# refused import looked for the same text in it.
INDEX = {"user-data/library.sqlite"}


def test_the_same_file_twice_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_bytes(ARTICLE.encode())(tmp_path)
    assert run(capsys, "import", str(source))[0] == 0
    before = tree(tmp_path)
    assert_one_line_error(*run(capsys, "import", str(source)), "is already in the corpus")
    assert_one_line_error(
        *run(capsys, "import", str(source), "--slug", "other"), "is already in the corpus"
    )
    assert changed(before, tree(tmp_path)) - INDEX == set()


def test_a_duplicate_slug_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_bytes(ARTICLE.encode(), "a.txt")(tmp_path)
    second = write_bytes((ARTICLE + "新的一段。\n").encode(), "b.txt")(tmp_path)
    assert run(capsys, "import", str(first), "--slug", "same")[0] == 0
    before = tree(tmp_path)
    assert_one_line_error(
        *run(capsys, "import", str(second), "--slug", "same"), "would replace the existing"
    )
    assert changed(before, tree(tmp_path)) - INDEX == set()
    code, out, _ = run(capsys, "import", str(second))  # same title: a new slug, not a clash
    assert code == 0 and "da-mo-xing-de-dong-tian" in out
    assert sorted(p.name for p in user_corpus_dir().iterdir()) == [
        "da-mo-xing-de-dong-tian.md",
        "same.md",
    ]


def test_a_file_that_vanishes_before_it_is_read_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_bytes(ARTICLE.encode())(tmp_path)
    real_open = os.open

    def vanish_then_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == source:
            source.unlink()  # another program deletes it between the command and the read
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", vanish_then_open)
    assert_one_line_error(*run(capsys, "import", str(source)), "no such file")
    assert not user_corpus_dir().exists()


def test_a_file_that_grows_past_the_limit_while_it_is_read_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.importer

    monkeypatch.setattr(reader.importer, "MAX_BYTES", 1_000_000)
    source = write_bytes(ARTICLE.encode() * 20_000)(tmp_path)  # 2.5 MB
    real_fstat = os.fstat

    def small_at_first(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        if stat.S_ISREG(found.st_mode) and found.st_size > 1_000_000:
            fields = list(found)
            fields[stat.ST_SIZE] = 100  # the size when it was checked; it grew since
            return os.stat_result(fields)
        return found

    monkeypatch.setattr(os, "fstat", small_at_first)
    assert_one_line_error(*run(capsys, "import", str(source)), "the limit is 1 MB")
    assert not user_corpus_dir().exists()


def test_a_file_that_changes_while_it_is_imported_is_imported_as_one_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer rewrites the file over and over during the import: the article is one of the
    versions, whole, never a mixture or a torn read."""
    versions = [(ARTICLE + "\n" + f"版本{i}。" * 2000 + "\n").encode() for i in range(2)]
    source = tmp_path / "live.txt"
    source.write_bytes(versions[0])
    stop = threading.Event()

    def rewrite() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            tmp = source.with_suffix(".tmp")
            tmp.write_bytes(versions[i % 2])
            tmp.replace(source)  # as editors save: a new file under the old name

    writer = threading.Thread(target=rewrite)
    writer.start()
    try:
        code, _, err = run(capsys, "import", str(source))
    finally:
        stop.set()
        writer.join()
    assert code == 0, err
    (written,) = user_corpus_dir().iterdir()
    texts = [p.text for p in read_article(written).paragraphs]
    assert texts in ([*PARAGRAPHS, f"版本{i}。" * 2000] for i in range(2))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_ten_megabytes_of_text_import_in_seconds_and_bounded_memory(tmp_path: Path) -> None:
    """In a child process, whose peak memory (resident set) the parent reads when it ends."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    paragraph = (
        "彼时，人工智能的上一轮泡沫即将破灭，大量研发资金投入之下，人工智能应用却多局限于人脸"
        "识别、语音识别等简单领域。MiniMax 发布了 abab-6.5 模型，参数量达到 2.5 万亿。"
        "“我们相信 Scaling Law。”他说。"
    )
    data = (
        "十兆字节\n\n" + (paragraph + "\n\n") * (10_000_000 // len(paragraph.encode()))
    ).encode()
    assert len(data) > 9_900_000
    source = tmp_path / "big.txt"
    source.write_bytes(data)
    # The child reports its own peak (VmHWM of its address space). The rusage of a child
    # started with vfork and exec also counts the parent's peak: the size of this test run.
    probe = (
        "import sys, resource\n"
        "from reader.cli.main import main\n"
        "code = main(sys.argv[1:])\n"
        "hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "cpu = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(hwm, cpu.ru_utime + cpu.ru_stime, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", probe, "import", str(source)],
        cwd=ROOT,
        capture_output=True,
    )
    assert child.returncode == 0, child.stderr
    assert b"36764 paragraphs" in child.stdout
    peak_kb, cpu = child.stderr.split()[-2:]
    # About 3 s of CPU and 250 MB at peak on a 2-CPU machine (the text, its blocks and
    # sentences, and the corpus file read back to check it); quadratic work would take minutes.
    assert float(cpu) < 60
    assert int(peak_kb) * 1024 < 1_000_000_000, f"{int(peak_kb) / 1024:.0f} MB at peak"


def test_an_import_larger_than_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.txt"
    with source.open("wb") as out:
        out.truncate(30_000_000)  # sparse: 30 MB of zeros that take no disk space
    tracemalloc.start()
    try:
        assert_one_line_error(*run(capsys, "import", str(source)), "is 30 MB; the limit is 20 MB")
        assert tracemalloc.get_traced_memory()[1] < 5_000_000
    finally:
        tracemalloc.stop()


# -- corpus files someone shared with you (``--corpus DIR``) ----------------------------------

GOOD = f"---\ntitle: {TITLE}\n---\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def front(body: str) -> Callable[[Path], None]:
    """A builder of ``bad.md`` with ``body`` as its front matter."""

    def build(folder: Path) -> None:
        (folder / "bad.md").write_text(f"---\n{body}---\n\n正文。\n", encoding="utf-8")

    return build


def bad_file(kind: str) -> Callable[[Path], None]:
    """A builder of ``bad.md`` that is not a readable text file."""

    def build(folder: Path) -> None:
        path = folder / "bad.md"
        if kind == "not-utf8":
            path.write_bytes(GOOD.encode("gbk"))
        else:
            make_special(path, kind)

    return build


@dataclass
class Shared:
    """A hostile ``bad.md`` beside a good article in a shared corpus folder."""

    name: str
    build: Callable[[Path], None]
    refused: str | None  # why ``reader show bad`` refuses it (None: it opens)
    needs: str = ""


SHARED = [
    Shared(
        "front-matter-billion-laughs",
        front("title: x\n" + LAUGHS + "author: *i\n"),
        "anchors and aliases",
    ),
    Shared(
        "front-matter-alias-as-title", front("t: &t [a, b]\ntitle: *t\n"), "anchors and aliases"
    ),
    Shared(
        "front-matter-python-object",
        front("title: !!python/object/apply:os.system ['touch pwned-by-front-matter']\n"),
        "could not determine a constructor",
    ),
    Shared(
        "front-matter-custom-tag", front("title: !evil x\n"), "could not determine a constructor"
    ),
    Shared(
        "front-matter-nested-100-deep",
        front("title: " + "[" * 100 + "]" * 100 + "\n"),
        "nested more than 64 deep",
    ),
    Shared("front-matter-not-a-mapping", front("- a\n- b\n"), "must be a mapping of fields"),
    Shared("front-matter-invalid-yaml", front("title: [unclosed\n"), "not valid YAML"),
    Shared("front-matter-tab", front("title:\n\t- x\n"), "not valid YAML"),
    Shared("front-matter-two-documents", front("title: a\n---\ntitle: b\n"), None),
    Shared("front-matter-title-is-a-list", front("title: [1, 2]\nspeakers: {a: b}\n"), None),
    Shared("front-matter-title-is-binary", front("title: !!binary aGVsbG8=\n"), None),
    Shared(
        "front-matter-dates-and-sets",
        front("title: 2024-01-01\ndate: 2024-01-01\nx: !!set {a}\n"),
        None,
    ),
    Shared("article-not-utf8", bad_file("not-utf8"), "invalid"),
    Shared("article-is-a-folder", bad_file("folder"), "a folder, not a regular file"),
    Shared(
        "article-is-a-fifo", bad_file("fifo"), "a FIFO (named pipe), not a regular file", "fifo"
    ),
    Shared("article-links-to-dev-zero", bad_file("dev-zero"), "a character device", "dev"),
    Shared("article-is-a-dangling-link", bad_file("dangling"), "No such file"),
]


@pytest.mark.parametrize("case", SHARED, ids=[c.name for c in SHARED])
def test_a_hostile_article_in_a_shared_corpus_hides_nothing_else(
    case: Shared, tmp_path: Path, capsys: pytest.CaptureFixture[str], warm_caches: None
) -> None:
    if not _available(case.needs):
        pytest.skip(f"no {case.needs} on this platform")
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    case.build(folder)
    cwd = os.getcwd()
    os.chdir(tmp_path)  # where a constructed os.system would have written its file
    try:
        with cpu_budget(10):
            code, out, err = run(capsys, "list", "--json", "--corpus", str(folder))
            shown = run(capsys, "show", "bad", "--corpus", str(folder))
    finally:
        os.chdir(cwd)
    assert code == 0
    slugs = [row["slug"] for row in json.loads(out)]
    if case.refused is None:
        assert slugs == ["bad", "good"] and err == ""
        assert shown[0] == 0, shown[2]
    else:
        assert slugs == ["good"]  # the others are still listed …
        assert err.startswith("reader: skipped: ") and case.refused in err  # … and it is named
        assert_one_line_error(*shown, case.refused)
    assert not list(tmp_path.rglob("pwned*"))


def test_front_matter_nested_100000_deep_is_refused_without_crashing_the_process(
    tmp_path: Path,
) -> None:
    """libyaml's loader recursed in C and killed the process (SIGSEGV) on this file, so it
    runs in a child process: a crash fails the test instead of the test run."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    front("title: " + "[" * 100_000 + "]" * 100_000 + "\n")(folder)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "show", "bad", "--corpus", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stderr.count("\n") == 1 and "nested more than 64 deep" in proc.stderr


# -- hostile glossary files (``reader glossary check --file`` and the user's glossary) ---------

ENTRY = "  - id: quantum-annealing\n    en: quantum annealing\n    category: optimization\n    definition: d\n"


@dataclass
class Gloss:
    """A hostile glossary file and the first problem it must be reported with."""

    name: str
    data: bytes | Callable[[Path], Path]
    message: str
    at: tuple[int, int] | None = None  # line and column of the first problem, when exact
    needs: str = ""


def gtext(text: str) -> bytes:
    return text.encode("utf-8")


BIG_LAUGHS = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)
GLOSSES = [
    Gloss(
        "billion-laughs",
        gtext(LAUGHS + "entries: *i\n"),
        "anchors and aliases are not allowed",
        (1, 4),
    ),
    Gloss(
        "ten-billion-laughs", gtext(BIG_LAUGHS + "entries: *l9\n"), "anchors and aliases", (1, 5)
    ),
    Gloss(
        "alias-inside-an-entry",
        gtext("entries:\n  - id: &x a\n    en: *x\n"),
        "anchors and aliases",
        (2, 9),
    ),
    Gloss("anchor-without-alias", gtext("entries: &e []\n"), "anchors and aliases", (1, 10)),
    Gloss(
        "python-object-apply",
        gtext("entries:\n  - !!python/object/apply:os.system ['touch pwned-by-glossary']\n"),
        "tags such as !!python/object/apply:os.system are not allowed",
        (2, 5),
    ),
    Gloss(
        "python-name",
        gtext("entries:\n  - id: !!python/name:os.system\n"),
        "tags such as !!python/name:os.system",
        (2, 9),
    ),
    Gloss(
        "python-module",
        gtext("entries: !!python/module:os\n"),
        "tags such as !!python/module:os",
        (1, 10),
    ),
    Gloss(
        "python-object-new",
        gtext("entries:\n  - !!python/object/new:subprocess.Popen [[id]]\n"),
        "!!python/object/new:subprocess.Popen",
        (2, 5),
    ),
    Gloss(
        "verbatim-tag",
        gtext("entries: !<tag:yaml.org,2002:python/object:os.system> {}\n"),
        "tags such as !!python/object:os.system",
        (1, 10),
    ),
    Gloss(
        "tag-directive",
        gtext(
            "%TAG !p! tag:yaml.org,2002:python/\n---\nentries: [!p!object/apply:os.system [id]]\n"
        ),
        "tags such as !!python/object/apply:os.system",
        (3, 11),
    ),
    Gloss(
        "custom-tag",
        gtext("entries:\n  - id: !evil x\n"),
        "tags such as !evil are not allowed",
        (2, 9),
    ),
    Gloss(
        "binary-tag",
        gtext("entries:\n  - id: !!binary aGVsbG8=\n"),
        "tags such as !!binary",
        (2, 9),
    ),
    Gloss("set-tag", gtext("entries: !!set {a}\n"), "tags such as !!set", (1, 10)),
    Gloss(
        "entries-is-a-mapping",
        gtext("entries: {a: b}\n"),
        "expected a list under 'entries'",
        (1, 10),
    ),
    Gloss("entries-is-a-number", gtext("entries: 5\n"), "expected a list under 'entries'", (1, 10)),
    Gloss(
        "entry-is-a-list",
        gtext("entries:\n  - [1, 2]\n"),
        "each entry must be a mapping of fields, not a list",
        (2, 5),
    ),
    Gloss(
        "entry-is-null",
        gtext("entries:\n  -\n"),
        "each entry must be a mapping of fields, not empty",
        (2, 4),
    ),
    Gloss(
        "id-is-a-number",
        gtext("entries:\n  - id: 5\n    en: x\n    category: concept\n    definition: d\n"),
        "'id' must be a string, not a number",
        (2, 9),
    ),
    Gloss(
        "id-is-true",
        gtext("entries:\n  - id: yes\n    en: x\n    category: concept\n    definition: d\n"),
        "'id' must be a string, not true/false",
        (2, 9),
    ),
    Gloss(
        "id-is-a-mapping",
        gtext("entries:\n  - id: {a: b}\n    en: x\n    category: concept\n    definition: d\n"),
        "'id' must be a string, not a mapping",
        (2, 9),
    ),
    Gloss(
        "zh-is-a-mapping",
        gtext("entries:\n" + ENTRY + "    zh: {a: b}\n"),
        "'zh' must be a list of strings, not a mapping",
        (6, 9),
    ),
    Gloss(
        "pinyin-of-numbers",
        gtext("entries:\n" + ENTRY + "    zh: [量子]\n    pinyin: [5]\n"),
        "'pinyin[]' must be a string, not a number",
        (7, 14),
    ),
    Gloss(
        "unknown-category",
        gtext("entries:\n" + ENTRY.replace("optimization", "magic")),
        "unknown category 'magic'",
        (4, 15),
    ),
    Gloss(
        "missing-fields", gtext("entries:\n  - id: a\n"), "missing the required field 'en'", (2, 5)
    ),
    Gloss(
        "unknown-field",
        gtext("entries:\n" + ENTRY + "    evil: x\n"),
        "unknown field 'evil'",
        (6, 5),
    ),
    Gloss(
        "field-name-is-a-list",
        gtext("entries:\n" + ENTRY + "    ? [a]\n    : x\n"),
        "a field name must be text, not a list",
        (6, 7),
    ),
    Gloss(
        "top-level-name-is-a-mapping",
        gtext("? {a: b}\n: x\nentries: []\n"),
        "a top-level field name must be text, not a mapping",
        (1, 3),
    ),
    Gloss(
        "top-level-name-of-100000-keys",
        gtext("? {" + ", ".join(f"k{i}: v{i}" for i in range(100_000)) + "}\n: x\nentries: []\n"),
        "a top-level field name must be text, not a mapping",
        (1, 3),
    ),
    Gloss(
        "field-given-twice",
        gtext("entries:\n" + ENTRY + "    en: again\n"),
        "field 'en' is given twice",
        (6, 5),
    ),
    Gloss(
        "duplicate-ids",
        gtext("entries:\n" + ENTRY + ENTRY),
        "duplicate id 'quantum-annealing' (first at line 2)",
        (6, 9),
    ),
    Gloss(
        "duplicate-english-in-another-case",
        gtext(
            "entries:\n"
            + ENTRY
            + ENTRY.replace("id: quantum-annealing", "id: other").replace(
                "en: quantum", "en: Quantum"
            )
        ),
        "English form 'Quantum annealing' also belongs to 'quantum-annealing'",
        (7, 9),
    ),
    Gloss(
        "nested-100000-deep",
        gtext("entries: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "nested more than 16 deep",
        (1, 25),
    ),
    Gloss(
        "nested-2500000-deep",
        gtext("entries: " + "[" * 2_499_990 + "\n"),
        "nested more than 16 deep",
        (1, 25),
    ),
    Gloss(
        "key-nested-100000-deep",
        gtext("? " + "[" * 100_000 + "]" * 100_000 + "\n: x\n"),
        "nested more than 16 deep",
        (1, 18),
    ),
    Gloss(
        "over-5-mb",
        gtext("entries:\n" + "#" * 5_000_000 + "\n"),
        "larger than the limit of 5000000 bytes",
        (1, 1),
    ),
    Gloss(
        "gbk",
        "entries:\n  - id: 中文\n".encode("gbk"),
        "the file is not UTF-8 (byte 0xD6); save it as UTF-8",
        (2, 9),
    ),
    Gloss(
        "utf16-with-bom",
        "entries: []\n".encode("utf-16"),
        "the file is not UTF-8 (byte 0xFF)",
        (1, 1),
    ),
    Gloss(
        "nul-character",
        gtext("entries:\n  - id: a\x00\n"),
        "control characters are not allowed (U+0000)",
        (2, 10),
    ),
    Gloss("escape-character", gtext('entries:\n  - id: "a\x1b"\n'), "(U+001B)", (2, 11)),
    Gloss("escaped-lone-surrogate", gtext('entries:\n  - id: "\\uD800"\n'), "invalid YAML", None),
    Gloss(
        "two-documents",
        gtext("entries: []\n---\nentries: []\n"),
        "a glossary file holds one YAML document",
        (2, 1),
    ),
    Gloss(
        "tab-indentation",
        gtext("entries:\n\t- id: a\n"),
        "a tab character; indent with spaces",
        (2, 1),
    ),
    Gloss("unclosed-flow", gtext("entries: [\n"), "invalid YAML", None),
    Gloss(
        "a-fifo",
        special_file("glossary.yaml", "fifo"),
        "a FIFO (named pipe), not a regular file",
        (1, 1),
        "fifo",
    ),
    Gloss(
        "link-to-dev-zero",
        special_file("glossary.yaml", "dev-zero"),
        "a character device, not a regular file",
        (1, 1),
        "dev",
    ),
    Gloss(
        "a-folder", special_file("glossary.yaml", "folder"), "a folder, not a regular file", (1, 1)
    ),
]


def _write_glossary(case: Gloss, folder: Path) -> Path:
    if callable(case.data):
        return case.data(folder)
    path = folder / "glossary.yaml"
    path.write_bytes(case.data)
    return path


SLOW_GLOSSES = {"top-level-name-of-100000-keys"}


@pytest.fixture
def small_bundled_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A two-entry bundled glossary: the hostile file is checked over it in milliseconds
    instead of re-validating the 320 bundled entries for each attack."""
    import reader.workspace
    from tests.export_support import FIXTURE_GLOSSARY

    path = tmp_path / "bundled-glossary.yaml"
    path.write_text(FIXTURE_GLOSSARY, encoding="utf-8")
    monkeypatch.setattr(reader.workspace, "bundled_glossary_path", lambda: path)


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=slow) if c.name in SLOW_GLOSSES else c for c in GLOSSES],
    ids=[c.name for c in GLOSSES],
)
def test_hostile_glossary_is_refused_with_positions_and_nothing_built(
    case: Gloss, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_bundled_glossary: None
) -> None:
    if not _available(case.needs):
        pytest.skip(f"no {case.needs} on this platform")
    folder = tmp_path / "attack"
    folder.mkdir()
    path = _write_glossary(case, folder)
    cwd = os.getcwd()
    os.chdir(folder)  # where os.system('touch …') would have left its file
    try:
        with cpu_budget(10):
            code, out, err = run(capsys, "glossary", "check", "--file", str(path))
    finally:
        os.chdir(cwd)
    assert code == 1, out
    assert err.startswith("reader: ") and err.count("\n") == 1 and "problem" in err
    lines = out.splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines), out[:500]
    assert all(len(line) < 400 for line in lines)  # one readable line each, never a dump
    first = lines[0]
    assert case.message in first, first
    if case.at is not None:
        assert first.startswith(f"{path}:{case.at[0]}:{case.at[1]}: "), first
    assert not list(tmp_path.rglob("pwned*"))


@pytest.mark.parametrize("name", ["billion-laughs", "ten-billion-laughs"])
def test_a_yaml_bomb_is_refused_without_expanding_it(name: str) -> None:
    from reader.glossary.load import compose

    (case,) = [c for c in GLOSSES if c.name == name]
    assert isinstance(case.data, bytes)
    text = case.data.decode()
    tracemalloc.start()
    try:
        with cpu_budget(2):
            root, problems = compose(Path("bomb.yaml"), text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert root is None and problems
    assert peak < 2_000_000, f"{peak / 1e6:.1f} MB for a {len(text)}-byte file"


@pytest.mark.parametrize(
    "name", ["billion-laughs", "python-object-apply", "nested-100000-deep", "gbk", "a-fifo"]
)
def test_with_a_hostile_user_glossary_the_reader_still_works(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    isolated_dirs: Path,
    warm_caches: None,
) -> None:
    (case,) = [c for c in GLOSSES if c.name == name]
    if not _available(case.needs):
        pytest.skip(f"no {case.needs} on this platform")
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    _write_glossary(case, isolated_dirs)
    code, out, _ = run(capsys, "list")
    assert code == 0 and "yan-junjie-gamble" in out  # commands without the glossary work
    with cpu_budget(10):
        code, out, err = run(capsys, "analyze", "银行行长")
    assert_one_line_error(code, out, err, "Glossary problem: ")
    assert case.message in err
    code, _, err = run(
        capsys,
        "glossary",
        "add",
        "x-y",
        "--en",
        "x y",
        "--category",
        "concept",
        "--definition",
        "d",
    )
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err


# -- export: nothing from an article, its metadata, its translations or the glossary becomes
# -- HTML, a link or an image in the Markdown ---------------------------------------------------

EVIL = {
    "script": "<script>alert('x')</script>",
    "iframe": "<iframe src=javascript:alert(1)></iframe>",
    "img": "<img src=x onerror=alert(2)>",
    "svg": "<svg onload=alert(3)>",
    "link": "[点我](javascript:alert(4))",
    "autolink": "<javascript:alert(5)>",
    "image": "![x](https://evil.example/track.png)",
    "reference": "[r]\n\n[r]: javascript:alert(6)",
    "entity": "&lt;script&gt; &#x3C;b&#x3E;",
    "comment": "<!-- hidden --> <?php x ?> <![CDATA[y]]>",
    "attribute": '<a href="javascript:alert(7)" onclick="alert(8)">a</a>',
    "rich": "[bold]粗[/] [link=javascript:alert(9)]x[/link]",
}
EVIL_TEXT = " ".join(EVIL.values())
EVIL_GLOSSARY = """\
entries:
  - id: quantum-annealing
    zh: [量子退火]
    pinyin: [liàng zǐ tuì huǒ]
    en: "<script>alert('en')</script> quantum annealing"
    aliases: ["<iframe src=javascript:alert(1)>"]
    abbr: ["<b onmouseover=alert(1)>QA"]
    category: optimization
    definition: "[点我](javascript:alert(4)) <img src=x onerror=alert(2)> **粗** | 竖线 `代码`"
    note: "<svg onload=alert(3)>"
"""
# The export's own markup: anchors, term links to anchors, ruby, line breaks in table cells.
OWN_TAGS = {"a", "ruby", "rt", "rp", "br"}
MARKDOWN_TAGS = {
    "p", "h1", "h2", "h3", "blockquote", "ul", "li", "table", "thead", "tbody", "tr", "th",
    "td", "strong", "em", "hr",
}  # fmt: skip


class _Html(HTMLParser):
    """Collects the tags (with attributes) and the text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def evil_ws(tmp_path: Path, installed_model: Path) -> Workspace:
    """An article whose every field is hostile, with curated, machine and gloss English."""
    from reader.translation.lookup import ARGOS, UNENFORCED
    from reader.translation.packages import active_model
    from reader.translation.store import Row, Store, StoreKey
    from tests.export_support import write_article

    meta = ArticleMeta(
        slug="evil",
        title=EVIL["script"] + EVIL["link"],
        author=EVIL["img"],
        source=EVIL["iframe"],
        url="javascript:alert(10)",
        date=EVIL["svg"],
        extra={"speakers": [EVIL["attribute"]]},
    )
    blocks = [
        Block("heading", "量子退火 " + EVIL["script"], 2),
        Block("text", "量子退火的文章。" + EVIL_TEXT + "。第二句话。第三句话。"),
        Block("quote", EVIL["iframe"] + "引用。"),
        Block("list", EVIL["link"] + "列表。"),
    ]
    folder = tmp_path / "evil"
    path = write_article(
        folder / "corpus",
        meta,
        blocks,
        {(0, 0): EVIL["rich"], (1, 0): EVIL_TEXT},
        title_en=EVIL["attribute"] + EVIL["image"],
    )
    glossary = folder / "glossary.yaml"
    glossary.write_text(EVIL_GLOSSARY, encoding="utf-8")
    ws = Workspace(str(folder / "corpus"), glossary)
    article = read_article(path)
    model = active_model()
    assert model is not None
    machine = [s for s in article.sentences() if (s.paragraph, s.index) in ((1, 1), (2, 0))]
    Store().put_many(
        "evil",
        StoreKey(ARGOS, model.name, model.cache_version, UNENFORCED),
        [Row(s.id, text_hash(s.text), EVIL_TEXT + " machine") for s in machine],
    )
    return ws


def test_export_of_hostile_fields_translations_and_glossary_makes_no_html(
    evil_ws: Workspace,
) -> None:
    """In every layout, granularity and pinyin mode (one workspace: preparing is the slow part)."""
    from reader.export import ExportOptions, render_article
    from reader.export.options import GRANULARITIES, LAYOUTS, PINYIN_MODES
    from reader.translation.lookup import translations_for

    article = evil_ws.corpus.load("evil")
    engines = {t.engine for t in translations_for(evil_ws, article).values()}
    assert engines == {"curated", "argos", "gloss"}
    for layout, granularity, pinyin in itertools.product(LAYOUTS, GRANULARITIES, PINYIN_MODES):
        options = ExportOptions(layout=layout, granularity=granularity, pinyin=pinyin)
        _check_inert(render_article(evil_ws, article, options), article)


def _check_inert(markdown: str, article: Article) -> None:
    from markdown_it import MarkdownIt

    from tests.export_support import split_front_matter as export_front_matter

    front, body = export_front_matter(markdown)
    # The front matter is data: every hostile value reads back exactly, nothing leaks out.
    assert (front["title"], front["author"], front["source"]) == (
        article.meta.title,
        article.meta.author,
        article.meta.source,
    )
    assert front["url"] == "javascript:alert(10)" and front["date"] == EVIL["svg"]
    # The body: only the export's own tags exist, links only point inside the document, and no
    # attribute carries a script.
    for raw in ("<script", "<iframe", "<img", "<svg", "<b ", "<!--", "<?php", "<![CDATA"):
        assert raw not in body, raw
    html = MarkdownIt("commonmark").enable("table").render(body)
    parsed = _Html()
    parsed.feed(html)
    for tag, attrs in parsed.tags:
        assert tag in OWN_TAGS | MARKDOWN_TAGS, tag
        assert set(attrs) <= {"id", "href"}, (tag, attrs)
        assert (attrs.get("href") or "#").startswith("#"), attrs
        assert "javascript" not in (attrs.get("id") or ""), attrs
    # … and every hostile string is there as text, to be read.
    shown = "".join(parsed.text)
    for key in ("script", "iframe", "img", "svg", "attribute"):
        assert EVIL[key] in shown, key
    assert "<script>alert('en')</script> quantum annealing" in shown  # the glossary appendix
    assert "[点我](javascript:alert(4))" in shown


# -- text given on the command line or on standard input (``reader analyze``) ------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("银行行长\u202e说\u200b😀𠀀\x00\x1b[31m", True),  # controls, bidi, emoji, astral: analysed
        ("\udcff银行", False),  # an undecodable byte in argv (Python's surrogateescape)
        ("银行\ud800", False),  # a lone surrogate
    ],
    ids=["odd-but-valid-text", "undecodable-argument", "lone-surrogate"],
)
def test_analyze_takes_any_argument(
    text: str, ok: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "analyze", text)
    if ok:
        assert code == 0 and json.loads(out)["text"] == text
    else:
        assert_one_line_error(code, out, err, "The input is not UTF-8 text")


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_analyze_refuses_standard_input_that_is_not_utf8_in_one_line(
    errors: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a UTF-8 locale Python decodes stdin strictly; in the C locale with surrogateescape."""
    import io
    import sys

    data = "中文\n".encode() + b"\xff\xfe\n"
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors=errors)
    )
    code, out, err = run(capsys, "analyze", "--jsonl")
    assert code == 1 and err.count("\n") == 1 and "not UTF-8 text (byte 0xFF)" in err, err
    assert all(json.loads(line)["text"] == "中文" for line in out.splitlines())
