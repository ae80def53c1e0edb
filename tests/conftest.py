"""Shared fixtures: isolated user directories and a guard against network access."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

# the tiny zh→en model and fixtures that install it; the stub LLM server and its fixture
pytest_plugins = ("tests.argos_model", "tests.llm_stub")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data dir; the user's real directories are never touched."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("READER_DATA_DIR", str(data))
    monkeypatch.delenv("READER_CORPUS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # The export dialog suggests ~/Documents: a test that exports never writes to the real one.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return data


@pytest.fixture(scope="session", autouse=True)
def shared_frequency_table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The word-frequency table (built from wordfreq's list on first use, about a second) is
    built once per session, not in every test's isolated cache dir."""
    path = tmp_path_factory.mktemp("wordfreq") / "wordfreq-zh.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_WORDFREQ_CACHE", str(path))
        yield


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails any test that tries to connect a socket to the network."""

    def refuse(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        raise AssertionError(f"a test tried to open a network connection to {address!r}")

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield


@pytest.fixture(scope="session")
def workspace_session():  # type: ignore[no-untyped-def]
    """One workspace on the bundled corpus, shared by read-only tests (jieba loads once)."""
    from reader.workspace import Workspace

    return Workspace()


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    """The pinyin engine (CPP citation-tone convention for model characters)."""
    from reader.pinyin import PinyinEngine

    e = PinyinEngine()
    e.warm_up()
    return e


@pytest.fixture(scope="session")
def neutral_engine():  # type: ignore[no-untyped-def]
    """The pinyin engine with dictionary neutral tones on every character."""
    from reader.pinyin import PinyinEngine

    e = PinyinEngine(neutral_tones=True)
    e.warm_up()
    return e


@pytest.fixture(scope="session")
def seg():  # type: ignore[no-untyped-def]
    """Segmentation as the app does it, as (start, end) spans."""
    from reader.text.segment import Segmenter

    segmenter = Segmenter()
    return segmenter.segment
