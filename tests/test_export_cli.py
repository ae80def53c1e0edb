"""``reader export``: files, folders, standard output, --force and clear one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.export import ExportOptions, export_articles, render_article
from reader.export.escape import escape_line_start, escape_text
from reader.workspace import Workspace
from tests.conftest import ROOT
from tests.export_support import FIXTURE_EN, FIXTURE_META, fixture_corpus, split_front_matter

SLUG = "three-hard-battles"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for exports (tmp_path also holds the isolated user data)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str, needle: str) -> None:
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("reader: "), err
    assert needle in err, err


def test_stdout_is_exactly_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", SLUG, "-o", "-", "--layout", "table")
    assert (code, err) == (0, "")
    ws = Workspace()
    assert out == render_article(ws, ws.corpus.load(SLUG), ExportOptions(layout="table"))


def test_one_article_to_a_file(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    target = out_dir / "out.md"
    code, out, err = run(capsys, "export", SLUG, "-o", str(target), "--pinyin", "inline")
    assert (code, err) == (0, "")
    assert out == f"Wrote {target}\n"
    front, _ = split_front_matter(target.read_text(encoding="utf-8"))
    assert front["slug"] == SLUG and front["export"]["pinyin"] == "inline"
    assert [p.name for p in out_dir.iterdir()] == ["out.md"]  # no temporary file left


def test_existing_file_needs_force(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    target = out_dir / "out.md"
    target.write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "export", SLUG, "-o", str(target))
    one_line_error(code, err, "already exists; use --force to replace it")
    assert out == "" and target.read_text(encoding="utf-8") == "mine"
    code, _, err = run(capsys, "export", SLUG, "-o", str(target), "--force")
    assert (code, err) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: ")


def test_all_articles_into_a_new_folder(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    folder = out_dir / "export"
    code, out, _ = run(capsys, "export", "--all", "-o", str(folder), "--no-glossary")
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{slug}.md" for slug in Workspace().corpus.slugs()]
    assert out.count("Wrote ") == len(names)
    for path in folder.iterdir():
        assert "Glossary" not in path.read_text(encoding="utf-8")


def test_several_slugs_go_to_a_folder_and_nothing_is_written_if_one_exists(
    capsys: pytest.CaptureFixture[str], out_dir: Path
) -> None:
    (out_dir / "hard-and-right.md").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "export", SLUG, "hard-and-right", "-o", str(out_dir))
    one_line_error(code, err, "hard-and-right.md already exists")
    assert not (out_dir / f"{SLUG}.md").exists()
    code, _, _ = run(capsys, "export", SLUG, "hard-and-right", "-o", str(out_dir), "--force")
    assert code == 0 and (out_dir / f"{SLUG}.md").exists()
    assert (out_dir / "hard-and-right.md").read_text(encoding="utf-8") != "mine"


def test_one_slug_into_an_existing_or_slashed_folder(
    capsys: pytest.CaptureFixture[str], out_dir: Path
) -> None:
    assert run(capsys, "export", SLUG, "-o", str(out_dir))[0] == 0
    assert (out_dir / f"{SLUG}.md").exists()
    new = out_dir / "new"
    assert run(capsys, "export", SLUG, "-o", f"{new}/")[0] == 0
    assert (new / f"{SLUG}.md").exists()


def test_unknown_slug_writes_nothing(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    code, _, err = run(capsys, "export", SLUG, "no-such-article", "-o", str(out_dir / "x"))
    one_line_error(code, err, "No article with slug 'no-such-article'")
    assert not (out_dir / "x").exists()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["export", "-o", "-"], "Name at least one article"),
        (["export", SLUG, "--all", "-o", "-"], "slugs or --all, not both"),
        (["export", SLUG, "hard-and-right", "-o", "-"], "Standard output takes one article"),
    ],
)
def test_bad_requests(capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    code, out, err = run(capsys, *argv)
    one_line_error(code, err, needle)
    assert out == ""


def test_missing_folder(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    code, _, err = run(capsys, "export", SLUG, "-o", str(out_dir / "no" / "out.md"))
    one_line_error(code, err, f"Folder {out_dir / 'no'} does not exist")
    code, _, err = run(capsys, "export", "--all", "-o", str(out_dir / "no" / "dir"))
    one_line_error(code, err, f"Folder {out_dir / 'no'} does not exist")


def test_file_where_a_folder_is_needed(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    blocker = out_dir / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "export", "--all", "-o", str(blocker))
    one_line_error(code, err, "is a file; exporting several articles needs a folder")
    code, _, err = run(capsys, "export", SLUG, "-o", str(blocker / "out.md"))
    one_line_error(code, err, f"{blocker} is not a folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_folder(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    locked = out_dir / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "export", SLUG, "-o", str(locked / "out.md"))
        one_line_error(code, err, "permission denied")
    finally:
        locked.chmod(0o700)


def test_folder_in_the_way_of_a_file(out_dir: Path) -> None:
    from reader.errors import ReaderError

    (out_dir / f"{SLUG}.md").mkdir()
    with pytest.raises(ReaderError, match="is a folder, not a file"):
        export_articles(Workspace(), [SLUG], out_dir, ExportOptions(), folder=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_never_replaced(capsys: pytest.CaptureFixture[str], out_dir: Path) -> None:
    """Even with --force, a pipe or device is not swapped for a regular file by the rename."""
    import stat

    fifo = out_dir / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "export", SLUG, "-o", str(fifo), "--force")
    one_line_error(code, err, "is not a regular file; use -o - for standard output")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_unwritable_path_even_as_root(capsys: pytest.CaptureFixture[str]) -> None:
    """/proc takes no new files, whoever asks: the atomic writer's error is one line."""
    code, _, err = run(capsys, "export", SLUG, "-o", "/proc/reader-export-test.md")
    one_line_error(code, err, "Cannot write")
    assert not Path("/proc/reader-export-test.md").exists()


def test_fixture_corpus_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus, _ = fixture_corpus(tmp_path)
    code, out, _ = run(capsys, "export", FIXTURE_META.slug, "-o", "-", "--corpus", str(corpus))
    assert code == 0
    for english in FIXTURE_EN.values():
        assert escape_line_start(escape_text(english)) in out
    assert "*(stale)*" in out and "*(gloss)*" in out


def test_same_input_gives_identical_bytes_across_processes(tmp_path: Path) -> None:
    """Two exports, one in this process and one in a fresh one (new hash seed), are identical."""
    corpus, _ = fixture_corpus(tmp_path)
    argv = ["export", FIXTURE_META.slug, "--corpus", str(corpus), "--pinyin", "ruby"]
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert main([*argv, "-o", str(first)]) == 0
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "reader", *argv, "-o", str(second)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert first.read_bytes() == second.read_bytes()
    assert main([*argv, "-o", str(first), "--force"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_folder_without_write_permission_fails_before_writing(
    capsys: pytest.CaptureFixture[str], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission check runs before any file is written (root bypasses real permissions,
    so the answer of os.access is simulated here; the skipped test above checks the real one)."""
    import reader.export.write as write

    monkeypatch.setattr(write.os, "access", lambda path, mode: Path(path) != out_dir)
    code, _, err = run(capsys, "export", SLUG, "hard-and-right", "-o", str(out_dir))
    one_line_error(code, err, f"Cannot write to {out_dir}: permission denied")
    assert list(out_dir.iterdir()) == []
