"""Benchmarks importing structured documents and showing them as JSON.

- ``reader import`` of a 50,000-character technical chapter, as Markdown and as an HTML page
  (a documentation site's chrome, MathJax math), each in a new process with a new data dir
  (target: under 2 s);
- ``reader show --json`` of a 600-sentence chapter in a new process: the first time (every
  sentence analysed: jieba, the pinyin model, CC-CEDICT glosses) and the next times (tokens from
  the analysis cache); target: under 1.5 s for both;
- the content extractor: trafilatura (used) against readability-lxml (compared), both behind the
  same protection of code, math, tables and figures and the same conversion, on the same page:
  time, share of the chapter's text pieces found (against the Markdown import of the same
  chapter), code blocks kept byte for byte, page chrome let through.

The chapters are made from ``tests/fixtures/documents/tutorial.md`` (written for the tests),
repeated with numbered sections, so no third-party text is needed.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Row, measure, run_process

FIXTURE = ROOT / "tests" / "fixtures" / "documents" / "tutorial.md"
CHROME = ("上一章", "评论区", "备案号", "站点导航", "相关推荐")


def chapter(chars: int) -> str:
    """A technical chapter of about ``chars`` characters: the fixture's body, renumbered."""
    body = FIXTURE.read_text(encoding="utf-8").split("---\n", 2)[2]
    body = body.split("\n", 2)[2]  # without the front matter and the title
    parts = ["# 第九章 长篇技术文档\n"]
    n = 1
    while sum(len(p) for p in parts) < chars:
        section = (
            body.replace("3.1 ", f"9.{n}.1 ")
            .replace("3.2 ", f"9.{n}.2 ")
            .replace("[^1]", f"[^{n}]")
        )
        parts.append(section.replace("图3.1", f"图9.{n}"))
        n += 1
    return "\n".join(parts)


def page(markdown: str) -> str:
    """The chapter as a documentation site renders it: navigation, sidebar, footer, MathJax."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    md.use(dollarmath_plugin, allow_digits=False)
    md.add_render_rule(
        "math_inline",
        lambda self, tokens, idx, options, env: (
            f'<script type="math/tex">{tokens[idx].content}</script>'
        ),
    )
    md.add_render_rule(
        "math_block",
        lambda self, tokens, idx, options, env: (
            f'<script type="math/tex; mode=display">{tokens[idx].content}</script>\n'
        ),
    )
    body = md.render(markdown)
    sidebar = "".join(f"<li><a href='/ch{i}'>第{i}章 目录项</a></li>" for i in range(1, 12))
    related = "".join(f"<li><a href='/r{i}'>相关推荐文章第{i}篇</a></li>" for i in range(8))
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>第九章 长篇技术文档 - 笔记站</title>"
        "<script src='https://cdn.example.com/mathjax/MathJax.js'></script></head><body>"
        "<header><nav>站点导航 <a href='/'>首页</a> <a href='/search'>搜索</a></nav></header>"
        f"<div class='wrap'><aside class='sidebar'><ul>{sidebar}</ul></aside>"
        f"<main><article>{body}</article>"
        "<div class='pagination'><a href='/8'>上一章</a> <a href='/10'>下一章</a></div>"
        f"<div class='related'><h3>相关推荐</h3><ul>{related}</ul></div>"
        "<div class='comments'>评论区：登录后发表评论。</div></main></div>"
        f"<footer>© 2025 笔记站 · 备案号 12345 · {html_lib.escape('联系我们')}</footer>"
        "</body></html>"
    )


_CPU: list[float] = []  # CPU seconds of the last runs of _reader, for the CPU-time rows


def _env(data: Path) -> dict[str, str]:
    # Bytecode is written as on a user's machine (this sandbox sets PYTHONDONTWRITEBYTECODE,
    # which would recompile every module in every process: half a second of each row).
    return {"READER_DATA_DIR": str(data), "PYTHONDONTWRITEBYTECODE": ""}


def _reader(data: Path, *argv: str) -> float:
    """Wall seconds of one ``reader`` process; its CPU seconds go to ``_CPU`` (the machine may
    be shared: CPU time is what the command costs, wall time what a user waits)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_process([sys.executable, "-m", "reader", *argv], env=_env(data))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _cpu_row(row: Row, count: int) -> Row:
    """The CPU-time twin of a row measured with ``count`` runs of ``_reader`` just before."""
    return Row(row.group, row.name + " (CPU time)", _CPU[-count:], target=row.target)


def _show_json(data: Path, slug: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "reader", "show", slug, "--json"],
        cwd=ROOT,
        env={**os.environ, **_env(data)},
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def _import_rows(work: Path) -> list[Row]:
    text = chapter(50_000)
    md_file, html_file = work / "chapter.md", work / "chapter.html"
    md_file.write_text(text, encoding="utf-8")
    html_file.write_text(page(text), encoding="utf-8")
    # Warm the jieba and bytecode caches of the interpreter once, outside the measurements.
    _reader(work / "warm", "analyze", "预热")

    def fresh(source: Path) -> float:
        data = Path(tempfile.mkdtemp(prefix="reader-bench-", dir=work))
        try:
            return _reader(data, "import", str(source))
        finally:
            shutil.rmtree(data, ignore_errors=True)

    markdown = Row(
        "documents",
        "reader import, 50,000-character Markdown chapter",
        [fresh(md_file) for _ in range(5)],
        target="< 2 s",
        note=f"{len(text):,} characters, new process and data dir",
    )
    markdown_cpu = _cpu_row(markdown, 5)
    html = Row(
        "documents",
        "reader import, the same chapter as an HTML page",
        [fresh(html_file) for _ in range(5)],
        baseline="reader import, 50,000-character Markdown chapter",
        target="< 2 s",
        note=f"{len(page(text)):,} bytes: navigation, sidebar, footer, MathJax",
    )
    return [markdown, markdown_cpu, html, _cpu_row(html, 5)]


def _show_rows(work: Path) -> list[Row]:
    data = work / "show"
    source = work / "six-hundred.md"
    text = chapter(26_000)  # about 600 sentences
    source.write_text(text, encoding="utf-8")
    _reader(data, "import", str(source), "--slug", "six-hundred")
    sentences = _show_json(data, "six-hundred")["sentences"]  # also the first, cold showing
    first = []
    for _ in range(3):  # the first showing of an article: not in the analysis cache
        (data / "cache" / "analysis.sqlite").unlink(missing_ok=True)
        first.append(_reader(data, "show", "six-hundred", "--json"))
    first_cpu = list(_CPU[-3:])
    again = [_reader(data, "show", "six-hundred", "--json") for _ in range(5)]
    cold = Row(
        "documents",
        "reader show --json, first showing (analysis)",
        first,
        target="< 1.5 s",
        note=f"{sentences} sentences; jieba, pinyin model; glosses stored",
    )
    warm = Row(
        "documents",
        "reader show --json, again (analysis cache)",
        again,
        baseline="reader show --json, first showing (analysis)",
        target="< 1.5 s",
        note=f"{sentences} sentences",
    )
    return [
        cold,
        Row(cold.group, cold.name + " (CPU time)", first_cpu),
        warm,
        _cpu_row(warm, 5),
    ]


def _readability_blocks(html: str) -> list[object]:
    """readability-lxml in place of trafilatura, behind the same protection and conversion."""
    import lxml.html
    from readability import Document

    from reader.document.extract import _Protector, parse_html
    from reader.document.html import HtmlWalker

    doc = parse_html(html)
    protector = _Protector(True)
    protector.protect(doc.find("body"))
    summary = Document(lxml.html.tostring(doc, encoding="unicode")).summary(html_partial=True)
    walker = HtmlWalker(clean=True, dollars=True, stored=protector.stored)
    walker.walk_children(lxml.html.fragment_fromstring(summary, create_parent="div"))
    return walker.result()  # type: ignore[return-value]


def _extractor_rows() -> list[Row]:
    from reader.document.extract import coverage, extract_page
    from reader.document.markdown import parse_markdown

    text = chapter(50_000)
    html = page(text)
    reference = parse_markdown(text, clean=True).blocks
    ref_code = [b.text for b in reference if b.kind == "code"]

    def trafilatura_blocks() -> list[object]:
        return extract_page(html).blocks  # type: ignore[return-value]

    rows: list[Row] = []

    def readability_blocks() -> list[object]:
        return _readability_blocks(html)

    extractors = (("trafilatura", trafilatura_blocks), ("readability-lxml", readability_blocks))
    for name, extract in extractors:
        samples = measure(extract, runs=5, warmup=1)
        blocks = extract()
        share = coverage(blocks, reference)  # type: ignore[arg-type]
        code = [b.text for b in blocks if b.kind == "code"]  # type: ignore[attr-defined]
        kept = sum(1 for c in ref_code if c in code)
        leaked = sum(1 for c in CHROME if any(c in b.text for b in blocks))  # type: ignore[attr-defined]
        baseline = None if name == "trafilatura" else "extract + convert: trafilatura"
        rows.append(
            Row(
                "documents",
                f"extract + convert: {name}",
                samples,
                baseline=baseline,
                note=(
                    f"{share:.1%} of the chapter's text pieces, {kept}/{len(ref_code)} code "
                    f"blocks byte for byte, {leaked}/{len(CHROME)} chrome strings let through"
                ),
            )
        )
    return rows


def run() -> list[Row]:
    """Measures the document rows."""
    work = Path(tempfile.mkdtemp(prefix="reader-bench-docs-"))
    try:
        start = time.perf_counter()
        rows = _extractor_rows() + _import_rows(work) + _show_rows(work)
        print(f"documents: {time.perf_counter() - start:.0f} s", file=sys.stderr)
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from benchmarks.common import print_table

    print_table(run())
