"""Helpers shared by the hostile-input and fault suites: tree snapshots, CPU budgets, one-line
errors, and the marker for the exhaustive variants.

``uv run pytest`` runs at least one case of every attack; ``READER_HOSTILE_SLOW=1 uv run
pytest`` also runs the variants marked :data:`slow` (more of the same kind, each a second or
more), and ``READER_HOSTILE_EXAMPLES=5000`` raises the number of generated examples.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.cli.main import main

slow = pytest.mark.skipif(
    not os.environ.get("READER_HOSTILE_SLOW"),
    reason="a slower variant of an attack the default run covers; set READER_HOSTILE_SLOW=1",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Runs the command line as a user would; returns its exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, message: str) -> None:
    """A refusal: exit status 1, nothing on stdout, one line on stderr naming the problem."""
    assert code == 1, (code, out, err)
    assert out == ""
    assert err.startswith("reader: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert message in err, err
    assert "Traceback" not in err


def tree(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every path below ``root`` with its kind and content hash (links are not followed)."""
    found: dict[str, tuple[str, bytes]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(mode):
                found[rel] = ("link", os.readlink(path).encode("utf-8", "surrogateescape"))
            elif stat.S_ISREG(mode):
                found[rel] = ("file", hashlib.sha256(path.read_bytes()).digest())
            else:
                found[rel] = ("dir" if stat.S_ISDIR(mode) else "special", b"")
    return found


def make_special(path: Path, kind: str) -> None:
    """Puts something that is no readable regular file at ``path``: a ``folder``, a ``fifo``
    (reading it would wait for a writer for ever), a link to /dev/zero (``dev-zero``, endless),
    a ``dangling`` link, or a sparse 1 GB file (``sparse-1gb``, over every size limit)."""
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(path.with_name("gone-" + path.name))
    elif kind == "sparse-1gb":
        with path.open("wb") as out:
            out.truncate(1_000_000_000)
    else:
        raise ValueError(kind)


def special_file(name: str, kind: str) -> Callable[[Path], Path]:
    """A builder of a path ``name`` in a folder made by :func:`make_special`."""

    def build(folder: Path) -> Path:
        path = folder / name
        make_special(path, kind)
        return path

    return build


def changed(before: dict[str, tuple[str, bytes]], after: dict[str, tuple[str, bytes]]) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Fails when the block uses more CPU time than ``seconds``.

    CPU time, not wall time: the machine may be shared. Budgets are far above what the code
    needs, and far below what it took before the bug the test guards was fixed (quadratic
    regular expressions and YAML nesting took minutes), so they cannot fail by chance.
    """
    start = time.process_time()
    yield
    used = time.process_time() - start
    assert used < seconds, f"took {used:.1f} s of CPU time (budget {seconds} s)"


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join(["*" + chr(97 + i)] * 9) + "]\n"
    for i in range(8)
)  # "billion laughs": *i stands for 9**9 = 387 420 489 "lol"s
