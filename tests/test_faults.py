"""Faults: damaged data files and caches, one table row per fault, named after it.

- Damaged user data (reading positions, pinyin corrections, curated English) never stops the
  program: it is set aside with a warning, or refused with one line, and everything else works.
- Damaged caches (the translation cache, CC-CEDICT's and jieba's) are detected and rebuilt, or
  reported in one line; curated English always shows.
- Interruptions in a real child process: Ctrl+C (once or twice) and kill -9 during
  ``reader translate`` keep every finished batch and a rerun resumes; Ctrl+C inside an export or
  an import leaves the old file or the complete new one, never a partial or temporary file.
- A full disk and a read-only data dir (real tmpfs mounts, as root; skipped elsewhere): one-line
  errors, old files kept, reading still works, translation resumes once there is room.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.errors import ReaderError
from reader.paths import cache_dir
from reader.state import ArticleState, StateStore
from reader.translation.lookup import translations_for
from reader.translation.store import Row, Store, StoreKey, default_path
from reader.workspace import Workspace
from tests.conftest import ROOT
from tests.hostile_support import LAUGHS, assert_one_line_error, cpu_budget, make_special, run, slow

KEY = StoreKey("argos", "translate-zh_en", "1.0", "none")


def put(path: Path, data: bytes | str) -> Callable[[], None]:
    """A fault: ``path`` holds ``data``."""

    def make() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return make


def not_a_file(path: Path, kind: str) -> Callable[[], None]:
    """A fault: a folder, FIFO or link to a device stands where a file should be."""

    def make() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        make_special(path, kind)

    return make


# -- reading positions (state.json) -----------------------------------------------------------


@dataclass
class Fault:
    """A damaged file: how to make it, and a word the warning or error must contain."""

    name: str
    make: Callable[[Path], Callable[[], None]]
    says: str
    kept_aside: bool = False  # the damaged file is kept as <name>.corrupt


STATE_FAULTS = [
    Fault("not-json", lambda p: put(p, "{not json"), "unreadable", kept_aside=True),
    Fault("not-utf8", lambda p: put(p, b"\xff\xfe\x00garbage\x80"), "unreadable", kept_aside=True),
    Fault("a-list", lambda p: put(p, "[1, 2, 3]"), "unreadable", kept_aside=True),
    Fault(
        "nested-100000-deep",
        lambda p: put(p, "[" * 100_000 + "]" * 100_000),
        "unreadable",
        kept_aside=True,
    ),
    Fault(
        "5000-digit-number",
        lambda p: put(p, '{"articles": {"a": {"sentence": ' + "9" * 5000 + "}}}"),
        "unreadable",
        kept_aside=True,
    ),
    Fault(
        "truncated",
        lambda p: put(p, '{"settings": {"theme": "textual-li'),
        "unreadable",
        kept_aside=True,
    ),
    Fault(
        "larger-than-10-mb",
        lambda p: not_a_file(p, "sparse-1gb"),
        "larger than 10 MB",
        kept_aside=True,
    ),
    Fault("a-folder", lambda p: not_a_file(p, "folder"), "a folder, not a regular file"),
    Fault("a-fifo", lambda p: not_a_file(p, "fifo"), "a FIFO (named pipe), not a regular file"),
    Fault("link-to-dev-zero", lambda p: not_a_file(p, "dev-zero"), "a character device"),
]


@pytest.mark.parametrize("fault", STATE_FAULTS, ids=[f.name for f in STATE_FAULTS])
def test_damaged_reading_positions_give_defaults_a_warning_and_can_be_saved_again(
    fault: Fault, isolated_dirs: Path
) -> None:
    path = isolated_dirs / "state.json"
    fault.make(path)()
    with cpu_budget(5):
        store = StateStore()
    assert store.warning is not None and fault.says in store.warning
    assert store.article("a").sentence == 0 and store.settings.tone_colors is True
    assert (isolated_dirs / "state.json.corrupt").exists() == fault.kept_aside
    if fault.name == "a-folder":
        return  # a folder cannot be replaced by a file; saving says so (below)
    store.set_article("a", ArticleState(sentence=7))
    assert StateStore().article("a").sentence == 7


def test_reading_positions_where_a_folder_stands_cannot_be_saved_one_line(
    isolated_dirs: Path,
) -> None:
    (isolated_dirs / "state.json").mkdir(parents=True)
    store = StateStore()
    with pytest.raises(ReaderError, match=r"Cannot write .*state\.json") as caught:
        store.set_article("a", ArticleState(sentence=7))
    assert "\n" not in str(caught.value)
    assert [p.name for p in isolated_dirs.iterdir()] == ["state.json"]  # no temp file left


def test_wrong_types_in_reading_positions_are_ignored_one_by_one(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True)
    (isolated_dirs / "state.json").write_text(
        json.dumps(
            {
                "settings": {"tone_colors": "yes", "theme": ["x"], "default_layout": "sideways"},
                "articles": {
                    "a": {"sentence": -5, "layout": None, "pinyin": 1, "script": "klingon"},
                    "b": "not an object",
                    "c": {"sentence": 3, "updated": 1e308},
                },
            }
        ),
        encoding="utf-8",
    )
    store = StateStore()
    assert store.warning is None
    assert store.settings.tone_colors is True and store.settings.default_layout == "interleaved"
    a = store.article("a")
    assert (a.layout, a.pinyin, a.script) == ("interleaved", False, "original")
    assert store.article("b").sentence == 0 and store.article("c").sentence == 3


# -- pinyin corrections (pinyin.yaml) ---------------------------------------------------------

PINYIN_FAULTS = [
    Fault("billion-laughs", lambda p: put(p, LAUGHS + "银行: *i\n"), "anchors and aliases"),
    Fault(
        "alias-as-a-reading", lambda p: put(p, "x: &r yín háng\n银行: *r\n"), "anchors and aliases"
    ),
    Fault(
        "python-object",
        lambda p: put(p, "银行: !!python/object/apply:os.system [id]\n"),
        "constructor",
    ),
    Fault(
        "nested-100-deep",
        lambda p: put(p, "银行: " + "[" * 100 + "]" * 100 + "\n"),
        "nested more than 64 deep",
    ),
    Fault("reading-is-a-list", lambda p: put(p, "银行: [yín, háng]\n"), "the reading must be text"),
    Fault("reading-is-a-number", lambda p: put(p, "银行: 5\n"), "the reading must be text"),
    Fault("word-without-han", lambda p: put(p, "abc: a b c\n"), "has no Chinese character"),
    Fault("syllable-count", lambda p: put(p, "银行: yín\n"), "1 syllable for 2 characters"),
    Fault("not-a-mapping", lambda p: put(p, "- 银行\n"), "expected lines of the form"),
    Fault(
        "not-utf8",
        lambda p: put(p, "银行: yín háng\n".encode("gbk")),
        "cannot read pinyin corrections",
    ),
    Fault("invalid-yaml", lambda p: put(p, "银行: [yín\n"), "cannot read pinyin corrections"),
    Fault("larger-than-5-mb", lambda p: not_a_file(p, "sparse-1gb"), "larger than 5000000 bytes"),
    Fault("a-folder", lambda p: not_a_file(p, "folder"), "a folder, not a regular file"),
    Fault("a-fifo", lambda p: not_a_file(p, "fifo"), "a FIFO (named pipe), not a regular file"),
    Fault("link-to-dev-zero", lambda p: not_a_file(p, "dev-zero"), "a character device"),
    Fault(
        "thousands-of-bad-entries",
        lambda p: put(p, "".join(f"词{i}: x{i}\n" for i in range(5000))),
        "more)",
    ),
]


@pytest.mark.parametrize("fault", PINYIN_FAULTS, ids=[f.name for f in PINYIN_FAULTS])
def test_damaged_pinyin_corrections_are_one_line_and_stop_nothing_else(
    fault: Fault, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.make(isolated_dirs / "pinyin.yaml")()
    with cpu_budget(10):
        code, out, err = run(capsys, "analyze", "银行行长")
    assert_one_line_error(code, out, err, fault.says)
    assert len(err) < 600
    code, out, _ = run(capsys, "list")
    assert code == 0 and "yan-junjie-gamble" in out
    code, out, _ = run(capsys, "glossary", "search", "scaling law", "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "scaling-law"


def test_a_correction_is_not_saved_over_a_broken_file(isolated_dirs: Path) -> None:
    from reader.pinyin.overrides import save_override

    path = isolated_dirs / "pinyin.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "- 银行: yín háng\n- 行长: háng zhǎng\n", encoding="utf-8"
    )  # a list, by mistake
    with pytest.raises(ReaderError, match="expected lines of the form"):
        save_override("大夫", "dài fu")
    assert path.read_text(encoding="utf-8").startswith("- 银行")  # the user's lines are kept


# -- curated English beside an article --------------------------------------------------------


def _corpus_with_curated(folder: Path, curated: str | bytes | None) -> None:
    folder.mkdir()
    for name in ("yan-junjie-gamble.md", "yan-junjie-gamble.en.yaml", "hard-and-right.md"):
        (folder / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    if curated is not None:
        data = curated.encode() if isinstance(curated, str) else curated
        (folder / "yan-junjie-gamble.en.yaml").write_bytes(data)


CURATED_FAULTS = [
    ("billion-laughs", LAUGHS + "sentences: *i\n", "anchors and aliases"),
    (
        "alias-as-english",
        "x: &e [a, b]\nsentences:\n  - {id: 0.0-abc, en: *e}\n",
        "anchors and aliases",
    ),
    ("nested-100-deep", "sentences: " + "[" * 100 + "]" * 100 + "\n", "nested more than 64 deep"),
    ("python-object", "sentences: !!python/object/apply:os.system [id]\n", "constructor"),
    ("not-a-mapping", "- a\n", "expected a mapping with a 'sentences' list"),
    ("sentences-not-a-list", "sentences: {a: b}\n", "expected a mapping with a 'sentences' list"),
    ("not-utf8", "sentences: []\ntitle: 标题\n".encode("gbk"), "Cannot read curated translations"),
]


@pytest.mark.parametrize(
    ("name", "curated", "says"), CURATED_FAULTS, ids=[c[0] for c in CURATED_FAULTS]
)
def test_damaged_curated_english_is_one_line_and_other_articles_open(
    name: str,
    curated: str | bytes,
    says: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "corpus"
    _corpus_with_curated(folder, curated)
    with cpu_budget(30):
        code, out, err = run(capsys, "show", "yan-junjie-gamble", "--corpus", str(folder))
    assert_one_line_error(code, out, err, says)
    code, out, _ = run(capsys, "list", "--corpus", str(folder))
    assert code == 0 and "hard-and-right" in out and "yan-junjie-gamble" in out


def test_curated_entries_of_the_wrong_type_are_skipped_not_printed(tmp_path: Path) -> None:
    from reader.translation.curated import read_curated

    path = tmp_path / "a.en.yaml"
    path.write_text(
        "title: [not, text]\nsentences:\n"
        "  - {id: 0.0-a, en: {nested: map}}\n  - {id: 0.1-b, en: [a, list]}\n"
        "  - {id: 0.2-c, zh: [x], en: fine}\n  - {id: 0.3-d, en: 42}\n  - just a string\n",
        encoding="utf-8",
    )
    curated = read_curated(path)
    assert curated.title is None
    assert curated.entries == {"0.3-d": ("", "42")}


# -- rebuildable caches -------------------------------------------------------------------------


def _flip(data: bytes, every: int) -> bytes:
    out = bytearray(data)
    for i in range(64, len(out), every):
        out[i] ^= 0xFF
    return bytes(out)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty", marks=slow),
        pytest.param(lambda data: os.urandom(4096), id="random-bytes", marks=slow),
        pytest.param(lambda data: data[: len(data) // 3], id="truncated", marks=slow),
        pytest.param(lambda data: _flip(data, 100_003), id="bits-flipped"),
        # the header and the schema survive, every other page is gone: found by the query
        pytest.param(lambda data: data[:8192] + bytes(len(data) - 8192), id="zeroed-pages"),
    ],
)
def test_a_damaged_dictionary_cache_is_rebuilt(
    damage: Callable[[bytes], bytes], warm_caches: None
) -> None:
    from reader.dictionary import Dictionary

    cache = cache_dir() / "cedict.sqlite"
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    dictionary = Dictionary()
    entries = dictionary.lookup("银行")
    assert entries and entries[0].simplified == "银行"
    assert next(w for w, _ in dictionary.matches_at("深度学习层面", 0)) == "深度学习"
    assert cache.stat().st_size == len(good)  # rebuilt as it was


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: os.urandom(4096), id="random-bytes", marks=slow),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty", marks=slow),
    ],
)
def test_a_damaged_word_segmentation_cache_is_rebuilt(
    damage: Callable[[bytes], bytes], warm_caches: None
) -> None:
    from reader.text.segment import Segmenter

    text = "我们用坐标下降训练模型，银行行长说。"
    expected = Segmenter().segment(text)
    cache = cache_dir() / "jieba.cache"
    cache.write_bytes(damage(cache.read_bytes()))
    assert Segmenter().segment(text) == expected


# -- the translation cache --------------------------------------------------------------------


def _good_cache() -> bytes:
    store = Store()
    store.put_many("a", KEY, [Row(f"0.{i}-x", "h", "text " * 40) for i in range(400)])
    store.close()
    conn = sqlite3.connect(default_path())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = default_path().read_bytes()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{default_path()}{suffix}").unlink(missing_ok=True)
    return data


def _schema(sql: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.close()

    return make


def _bytes(transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(transform(_good_cache()))

    return make


def _special(kind: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        not_a_file(path, kind)()

    return make


CACHE_FAULTS: list[tuple[str, Callable[[Path], None], bool]] = [
    # name, how to damage, moved aside (else: still usable as it is)
    ("random-bytes", _bytes(lambda d: os.urandom(len(d))), True),
    ("truncated-to-half", _bytes(lambda d: d[: len(d) // 2]), True),
    ("truncated-to-the-header", _bytes(lambda d: d[:100]), True),
    ("zeroed-pages", _bytes(lambda d: d[:4096] + bytes(len(d) - 4096)), True),
    ("empty-file", _bytes(lambda d: b""), False),
    ("another-programs-table", _schema("CREATE TABLE translations (x INTEGER);"), True),
    ("meta-of-other-columns", _schema("CREATE TABLE meta (a, b);"), True),
    ("translations-is-a-view", _schema("CREATE VIEW translations AS SELECT 1;"), True),
    (
        "a-newer-schema",
        _schema(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('schema', '99');"
        ),
        True,
    ),
    ("a-folder", _special("folder"), True),
    ("a-fifo", _special("fifo"), True),
    ("link-to-dev-zero", _special("dev-zero"), True),
]


@pytest.mark.parametrize(
    ("name", "damage", "aside"), CACHE_FAULTS, ids=[c[0] for c in CACHE_FAULTS]
)
def test_a_damaged_translation_cache_is_rebuilt_and_curated_english_still_shows(
    name: str,
    damage: Callable[[Path], None],
    aside: bool,
    isolated_dirs: Path,
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    damage(default_path())
    ws = Workspace()
    article = ws.corpus.load("yan-junjie-gamble")
    shown = translations_for(ws, article, glosses=False)
    assert len(shown) == article.sentence_count()
    assert all(t.engine == "curated" and t.text for t in shown.values())
    store = Store()
    store.put_many("a", KEY, [Row("0.0-x", "h", "fresh")])
    got = store.get_many("a", KEY.engine, KEY.model, KEY.model_version, ["none"], {"0.0-x": "h"})
    assert got["0.0-x"].row.text == "fresh"
    broken = list(isolated_dirs.glob("translations.sqlite.broken-*"))
    assert len(broken) == (1 if aside else 0)
    assert bool(store.notices) == aside
    if aside:
        assert "curated English is not affected" in store.notices[0]


def test_an_unopenable_translation_cache_still_shows_glosses(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache that cannot be opened at all (permissions, a read-only data dir): an imported
    article without curated English still opens, with word glosses, and commands that must
    write to the cache say why they cannot in one line."""
    source = isolated_dirs.parent / "a.txt"
    source.write_text("标题\n\n银行行长说今天的数据很大。\n", encoding="utf-8")
    assert run(capsys, "import", str(source), "--slug", "a")[0] == 0

    connect = sqlite3.connect

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        # the translation cache only: the dictionary is an SQLite cache too, rebuilt elsewhere
        if "translations" in str(args[0]):
            raise sqlite3.OperationalError("unable to open database file")
        return connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", refuse)
    code, out, err = run(capsys, "show", "a", "--json")
    assert code == 0, err
    (sentence,) = [s for p in json.loads(out)["paragraphs"] for s in p["sentences"]]
    assert sentence["engine"] == "gloss" and "bank" in sentence["en"]
    code, out, err = run(capsys, "translate", "a", "--engine", "gloss")
    assert_one_line_error(code, out, err, "Cannot open the translation cache")


def test_a_translation_cache_locked_by_another_process_waits_then_says_so(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.translation.store as store_mod

    store = Store()
    store.put_many("a", KEY, [Row("0.0-x", "h", "old")])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(default_path())!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"UPDATE translations SET text = 'held'\")\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n"
            "c.execute('ROLLBACK')\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        # Readers are not blocked (WAL): an article opens while another reader translates.
        got = store.get_many(
            "a", KEY.engine, KEY.model, KEY.model_version, ["none"], {"0.0-x": "h"}
        )
        assert got["0.0-x"].row.text == "old"
        monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.3)
        waiting = Store()
        started = time.monotonic()
        with pytest.raises(ReaderError, match="is locked by another program") as caught:
            waiting.put_many("a", KEY, [Row("0.1-x", "h", "new")])
        assert time.monotonic() - started >= 0.25  # it waited for the lock first
        assert "\n" not in str(caught.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    waiting.put_many("a", KEY, [Row("0.1-x", "h", "new")])  # released: it goes through
    assert waiting.count() == 2
    assert not list(isolated_dirs.glob("*.broken-*"))


def test_deeply_nested_corrections_and_curated_english_do_not_crash_the_process(
    isolated_dirs: Path,
) -> None:
    """Deeply nested pinyin corrections and curated English crashed libyaml's loader (SIGSEGV);
    a child process shows that they are now refused with one line."""
    deep = "[" * 100_000 + "]" * 100_000
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "pinyin.yaml").write_text(f"银行: {deep}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "银行"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "nested more than 64 deep" in proc.stderr, proc.stderr
    (isolated_dirs / "pinyin.yaml").unlink()
    folder = isolated_dirs.parent / "corpus"
    _corpus_with_curated(folder, f"sentences: {deep}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "show", "yan-junjie-gamble", "--corpus", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "nested more than 64 deep" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1


# -- interruptions: Ctrl+C (SIGINT) and kill -9 in a real process ------------------------------

BIG_ARTICLE = "标题\n\n" + "\n\n".join(
    ["我们用坐标下降训练模型。他信线性注意力。银行行长说：今天的数据很大。"] * 100
)  # 300 sentences the tiny model knows
SENTENCES = 300


@contextmanager
def _reader(*argv: str, prelude: str = "") -> Iterator[subprocess.Popen[str]]:
    """``reader ARGV`` in a child process (same data dir), after running ``prelude``; the child
    is killed and reaped when the block ends, whatever happened."""
    code = prelude + "\nimport sys\nfrom reader.cli.main import main\nsys.exit(main(sys.argv[1:]))"
    child = subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield child
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def _rows() -> int:
    try:
        conn = sqlite3.connect(default_path())
        try:
            return int(conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def big(installed_model: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The tiny model installed and a 300-sentence article imported as ``big``."""
    source = isolated_dirs.parent / "big.txt"
    source.write_text(BIG_ARTICLE, encoding="utf-8")
    assert main(["import", str(source), "--slug", "big"]) == 0
    capsys.readouterr()
    return "big"


def _leftovers(folder: Path) -> list[str]:
    """Temporary or partial files anywhere below ``folder``."""
    return sorted(
        p.name
        for p in folder.rglob("*")
        if p.name.endswith((".tmp", ".part")) or (p.name.startswith(".") and p.is_file())
    )


# Holds the child's model call once a batch is saved: the child opens the gate, a named pipe, and
# reads until the test opens and closes its other end, so that Ctrl+C lands inside a batch
# whatever the machine's load (no timing involved).
_HELD_MODEL = """
import sqlite3, sys
from reader.translation import argos
from reader.translation.store import default_path
_real = argos.ArgosTranslator.translate
_released = []
def _saved():
    try:
        conn = sqlite3.connect(default_path())
        try:
            return conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
def _held(self, *args, **kwargs):
    if not _released and _saved() >= 20:
        sys.stderr.write("held\\n")
        sys.stderr.flush()
        with open({gate!r}) as pipe:  # blocks until the test opens the pipe's other end
            pipe.read()
        _released.append(True)
    return _real(self, *args, **kwargs)
argos.ArgosTranslator.translate = _held
"""


def _read_until(child: subprocess.Popen[str], text: str) -> None:
    """Reads the child's stderr up to a line that has ``text``."""
    assert child.stderr is not None
    while text not in (line := child.stderr.readline()):
        assert line, f"the child ended without saying {text!r}"


@pytest.mark.parametrize("presses", [1, 2], ids=["ctrl-c", "ctrl-c-twice"])
def test_ctrl_c_during_translate_keeps_finished_batches_and_a_rerun_completes(
    presses: int, big: str, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal

    gate = isolated_dirs.parent / "gate"
    os.mkfifo(gate)
    prelude = _HELD_MODEL.format(gate=str(gate))
    with _reader("translate", big, "--batch-size", "20", prelude=prelude) as child:
        _read_until(child, "held")  # the first batch is saved, the second one is in the model
        child.send_signal(signal.SIGINT)
        _read_until(child, "stopping after the current batch")
        if presses == 2:
            child.send_signal(signal.SIGINT)  # the batch in progress is abandoned
        else:
            with open(gate, "w"):  # the batch in progress ends, then the command stops
                pass
        out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert ("stopped; " if presses == 1 else "interrupted; finished batches are saved") in err
    assert "Resume with: reader translate big" in err
    done = _rows()
    assert done == (40 if presses == 1 else 20)  # whole batches only
    gate.unlink(missing_ok=True)
    assert _leftovers(isolated_dirs) == []
    code, out, _ = run(capsys, "translate", big)
    assert code == 0 and f"{done} already done, {SENTENCES - done} translated" in out
    assert _rows() == SENTENCES


def test_kill_9_during_translate_loses_only_the_batch_in_progress(
    big: str, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _reader("translate", big, "--batch-size", "4") as child:
        _wait_for(lambda: _rows() >= 40)
        child.kill()  # SIGKILL: no handler, no cleanup, mid-transaction
        child.communicate(timeout=60)
    conn = sqlite3.connect(default_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    done = _rows()
    assert done % 4 == 0  # whole batches only, never half of one
    code, out, _ = run(capsys, "translate", big)
    assert code == 0 and f"{done} already done" in out and _rows() == SENTENCES


# Makes the child stop inside a step of an atomic write, and say so on stderr, so that Ctrl+C
# arrives exactly there.
_PAUSE_IN = """
import os, sys, time
_real = getattr(os, {name!r})
def _paused(*args, **kwargs):
    result = _real(*args, **kwargs) if {after!r} else None
    sys.stderr.write("paused\\n")
    sys.stderr.flush()
    time.sleep(60)
    return result if {after!r} else _real(*args, **kwargs)
setattr(os, {name!r}, _paused)
"""


@pytest.mark.parametrize(
    ("step", "after", "kept"),
    [
        ("fsync", False, "old"),  # the new text is written but not yet in place
        ("replace", True, "new"),  # the new file is in place, the command not yet done
    ],
    ids=["before-the-rename", "after-the-rename"],
)
def test_ctrl_c_during_export_leaves_the_old_or_the_new_file_and_no_temp_file(
    step: str, after: bool, kept: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "article.md"
    target.write_text("old export\n", encoding="utf-8")
    code, new, _ = run(capsys, "export", "yan-junjie-gamble", "-o", "-")
    assert code == 0
    with _reader(
        "export", "yan-junjie-gamble", "-o", str(target), "--force",
        prelude=_PAUSE_IN.format(name=step, after=after),
    ) as child:  # fmt: skip
        assert child.stderr is not None
        assert child.stderr.readline() == "paused\n"
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and "reader: interrupted" in err, err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == ("old export\n" if kept == "old" else new)
    assert [p.name for p in out_dir.iterdir()] == ["article.md"]  # no temporary file left


def test_ctrl_c_during_import_leaves_the_corpus_as_it_was(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    import signal

    from reader.pinyin.lexicon import Lexicon

    source = tmp_path / "a.txt"
    source.write_text(BIG_ARTICLE, encoding="utf-8")
    # The slug's pinyin would otherwise write the lexicon's cache first: the pause is meant for
    # the corpus file.
    Lexicon()
    prelude = _PAUSE_IN.format(name="fsync", after=False)
    with _reader("import", str(source), prelude=prelude) as child:
        assert child.stderr is not None and child.stderr.readline() == "paused\n"
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and "reader: interrupted" in err, err
    assert list((isolated_dirs / "corpus").iterdir()) == []


@slow
def test_ctrl_c_at_any_moment_of_an_export_of_every_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Interrupted at two moments: each file is complete or absent, never partial."""
    import signal

    reference = tmp_path / "reference"
    assert run(capsys, "export", "--all", "-o", str(reference))[0] == 0
    expected = {p.name: p.read_bytes() for p in reference.iterdir()}
    for delay in (0.6, 1.5):
        out = tmp_path / f"after-{delay}"
        with _reader("export", "--all", "-o", str(out)) as child:
            time.sleep(delay)
            child.send_signal(signal.SIGINT)
            child.communicate(timeout=60)
        # 130 when interrupted; 0 or -SIGINT when it had finished (Python ends a process that
        # gets Ctrl+C while shutting down with the signal itself).
        assert child.returncode in (0, 130, -signal.SIGINT)
        written = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}
        assert written.items() <= expected.items(), sorted(written)


# -- a full disk and a read-only data dir (real tmpfs mounts inside the test's folder) ----------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """Mounts tmpfs file systems of a given size (KB) below ``tmp_path``; unmounts them after.

    Root can write anywhere a mode forbids, but not past the end of a file system or to a
    read-only one, so these are the real ENOSPC and EROFS. Skipped where mounting is not
    allowed.
    """
    mounted: list[Path] = []

    def mount(kilobytes: int) -> Path:
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(where)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def read_only(where: Path) -> None:
    """Remounts a tmpfs of :func:`small_disk` read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)


def fill(where: Path, leave: int = 0) -> None:
    """Fills a file system up to ``leave`` bytes of free space."""
    free = os.statvfs(where).f_bavail * os.statvfs(where).f_frsize
    with (where / "filler").open("wb") as out, suppress(OSError):  # full: that was the point
        out.write(bytes(max(0, free - leave)))


def test_import_to_a_full_disk_is_one_line_and_leaves_nothing(
    small_disk: Callable[[int], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    disk = small_disk(256)
    monkeypatch.setenv("READER_DATA_DIR", str(disk))
    source = tmp_path / "a.txt"
    source.write_text(BIG_ARTICLE, encoding="utf-8")  # 100 KB of text
    (disk / "corpus").mkdir()
    fill(disk, leave=4_096)
    code, out, err = run(capsys, "import", str(source))
    assert_one_line_error(code, out, err, "No space left on device")
    assert list((disk / "corpus").iterdir()) == []  # no temporary file left behind


def test_export_to_a_full_disk_keeps_the_old_file(
    small_disk: Callable[[int], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    disk = small_disk(256)
    target = disk / "article.md"
    target.write_text("old export\n", encoding="utf-8")
    fill(disk, leave=8_000)
    code, out, err = run(capsys, "export", "yan-junjie-gamble", "-o", str(target), "--force")
    assert_one_line_error(code, out, err, "No space left on device")
    assert target.read_text(encoding="utf-8") == "old export\n"
    assert sorted(p.name for p in disk.iterdir()) == ["article.md", "filler"]


def test_translate_on_a_full_disk_keeps_finished_batches_and_resumes(
    small_disk: Callable[[int], Path],
    tiny_archive: Path,
    session_caches: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    disk = small_disk(64 * 1024)
    monkeypatch.setenv("READER_DATA_DIR", str(disk))
    shutil.copytree(session_caches, disk / "cache")
    assert run(capsys, "models", "install", "--file", str(tiny_archive))[0] == 0
    source = tmp_path / "big.txt"
    source.write_text(BIG_ARTICLE, encoding="utf-8")
    assert run(capsys, "import", str(source), "--slug", "big")[0] == 0
    fill(disk, leave=140_000)  # room for the first translations only
    code, out, err = run(capsys, "translate", "big", "--batch-size", "50")
    assert code == 1 and "disk is full" in err and "Traceback" not in err, err
    done = _rows()
    assert 0 < done < SENTENCES and done % 50 == 0
    (disk / "filler").unlink()
    code, out, err = run(capsys, "translate", "big")
    assert code == 0 and f"{done} already done" in out, err
    assert _rows() == SENTENCES


def test_a_read_only_data_dir_refuses_writes_in_one_line_and_still_reads(
    small_disk: Callable[[int], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    disk = small_disk(512)  # less than the index of the bundled articles: it gives way
    monkeypatch.setenv("READER_DATA_DIR", str(disk))
    source = tmp_path / "a.txt"
    source.write_text("标题\n\n银行行长说今天的数据很大。\n", encoding="utf-8")
    assert run(capsys, "import", str(source), "--slug", "mine")[0] == 0
    read_only(disk)
    # Reading works: the article shows, with glosses (the cache cannot even be created).
    code, out, err = run(capsys, "show", "mine", "--json")
    assert code == 0, err
    (sentence,) = [s for p in json.loads(out)["paragraphs"] for s in p["sentences"]]
    assert sentence["engine"] == "gloss" and "bank" in sentence["en"]
    # Writing says why in one line, and changes nothing.
    other = tmp_path / "b.txt"
    other.write_text("另一篇\n\n正文。\n", encoding="utf-8")
    for argv, message in (
        (("import", str(other)), "Read-only file system"),
        (("translate", "mine", "--engine", "gloss"), "translation cache"),
        (("export", "mine", "-o", str(disk / "x.md")), "read-only file system"),
        (("glossary", "add", "x-y", "--en", "x y", "--category", "concept", "--definition", "d"),
         "Read-only file system"),
        (("models", "install", "--file", str(other)), "not an .argosmodel archive"),
    ):  # fmt: skip
        assert_one_line_error(*run(capsys, *argv), message)
    with pytest.raises(ReaderError, match="Read-only file system"):
        StateStore().set_article("mine", ArticleState(sentence=1))
    assert sorted(p.name for p in disk.iterdir()) == ["corpus"]  # the index gave way
