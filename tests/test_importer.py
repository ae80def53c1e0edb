"""``reader import``: encodings, HTML, refusals, duplicates and atomicity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.errors import ReaderError
from reader.importer import import_file, make_slug
from reader.text.script import to_traditional

ARTICLE = (
    "闫俊杰的“赌性”\n\n"
    "2021年12月，商汤上市前夕，闫俊杰却毅然选择离职创立MiniMax。\n\n"
    "押注App工厂\n\n"
    "彼时，人工智能的上一轮泡沫即将破灭，大量研发资金投入之下，人工智能应用却多局限于人脸识别、"
    "语音识别等简单领域，创造的社会价值不高。\n\n"
    "长按保存图片\n\n相关文章\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return Corpus([folder], folder)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_simplified_encodings(tmp_path: Path, corpus: Corpus, encoding: str, expected: str) -> None:
    result = import_file(corpus, write(tmp_path, "a.txt", ARTICLE.encode(encoding)))
    assert result.encoding == expected
    article = corpus.load(result.slug)
    assert article.meta.title == "闫俊杰的“赌性”"
    assert [p.kind for p in article.paragraphs] == ["text", "heading", "text"]
    assert "长按保存图片" not in corpus.path_of(result.slug).read_text(encoding="utf-8")


def test_big5_traditional(tmp_path: Path, corpus: Corpus) -> None:
    text = to_traditional(ARTICLE)
    result = import_file(corpus, write(tmp_path, "b.txt", text.encode("big5")))
    assert result.encoding == "big5"
    article = corpus.load(result.slug)
    assert article.meta.script == "traditional"
    assert article.paragraphs[0].text.startswith("2021年12月，商湯上市前夕")


def test_html_main_text(tmp_path: Path, corpus: Corpus) -> None:
    html = """<html><head><title>大模型的未来 - 某网站</title>
    <meta name="author" content="张三"><script>document.write('恶意脚本')</script>
    <style>p { color: red }</style></head><body>
    <nav>首页 | 关于我们</nav><div class="share-bar">分享到微信</div>
    <article><h1>大模型的未来</h1>
    <p>第一段，<b>很</b>长的<a href="http://example.com">内容</a>。这里有很多文字。<img src="x.png"></p>
    <h2>第二节</h2><blockquote>引用一段话。</blockquote>
    <ul><li>第一项</li><li>第二项</li></ul><p>[bold]不是标记[/]，&lt;b&gt;也不是&lt;/b&gt;。</p>
    </article><footer>版权所有 © 2025</footer></body></html>"""
    result = import_file(corpus, write(tmp_path, "page.html", html.encode("utf-8")))
    article = corpus.load(result.slug)
    assert article.meta.title == "大模型的未来"
    assert article.meta.author == "张三"
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("text", "第一段，很长的内容。这里有很多文字。"),
        ("image", ""),
        ("heading", "第二节"),
        ("quote", "引用一段话。"),
        ("list", "第一项"),
        ("list", "第二项"),
        ("text", "[bold]不是标记[/]，<b>也不是</b>。"),
    ]
    body = corpus.path_of(result.slug).read_text(encoding="utf-8")
    for chrome in ("恶意脚本", "color", "首页", "分享", "版权所有"):
        assert chrome not in body
    first, image = article.paragraphs[0], article.paragraphs[1]
    (link,) = first.block.marks
    assert (first.text[link.start : link.end], link.url) == ("内容", "http://example.com")
    assert image.block.src == "x.png"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b" \n\t\n ", "is empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary"),
        ("random.txt", os.urandom(4096).replace(b"\x00", b"\x01"), "not UTF-8"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "unsupported file type"),
        ("only-chrome.txt", "长按保存图片\n相关文章\n".encode(), "no article text"),
    ],
)
def test_refused_inputs_change_nothing(
    tmp_path: Path, corpus: Corpus, name: str, data: bytes, message: str
) -> None:
    before = sorted(os.listdir(corpus.writable))
    with pytest.raises(ReaderError, match=message):
        import_file(corpus, write(tmp_path, name, data))
    assert sorted(os.listdir(corpus.writable)) == before


def test_missing_file_and_bad_slug(tmp_path: Path, corpus: Corpus) -> None:
    with pytest.raises(ReaderError, match="no such file"):
        import_file(corpus, tmp_path / "nope.txt")
    with pytest.raises(ReaderError, match="not a valid slug"):
        import_file(corpus, write(tmp_path, "a.txt", ARTICLE.encode()), slug="../../etc/passwd")


def test_duplicates_need_force(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.encode())
    first = import_file(corpus, path)
    with pytest.raises(ReaderError, match="already in the corpus"):
        import_file(corpus, path)
    again = import_file(corpus, path, force=True)
    assert again.slug == first.slug and again.replaced
    other = write(tmp_path, "b.txt", ARTICLE.replace("押注App工厂", "新的小节").encode())
    with pytest.raises(ReaderError, match="would replace"):
        import_file(corpus, other, slug=first.slug)
    renamed = import_file(corpus, other)
    assert renamed.slug == f"{first.slug}-2"


def test_failed_write_leaves_corpus_as_it_was(
    tmp_path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.encode())
    first = import_file(corpus, path)
    original = corpus.path_of(first.slug).read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ReaderError, match="No space left"):
        import_file(
            corpus,
            write(tmp_path, "c.txt", (ARTICLE + "新段落。\n").encode()),
            slug=first.slug,
            force=True,
        )
    assert corpus.path_of(first.slug).read_bytes() == original
    assert [p.name for p in corpus.writable.iterdir()] == [f"{first.slug}.md"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("闫俊杰的“赌性”", "yan-jun-jie-de-du-xing"),
        ("Hello, World!", "hello-world"),
        ("MiniMax 的三年", "minimax-de-san-nian"),
        ("!!!", "article"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_make_slug(title: str, slug: str) -> None:
    assert make_slug(title) == slug


def test_written_files_get_normal_permissions(tmp_path: Path, corpus: Corpus) -> None:
    import stat

    from reader.atomic import write_text_atomic

    result = import_file(corpus, write(tmp_path, "a.txt", ARTICLE.encode()))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    write_text_atomic(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640  # an existing file keeps its mode
