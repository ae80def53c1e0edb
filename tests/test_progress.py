"""The progress bar: counts, rate, time left; redrawn in place only on a terminal."""

from __future__ import annotations

import io

import pytest

from reader.cli import progress
from reader.cli.progress import ProgressBar, duration


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (65.4, "1:05"), (3723, "1:02:03")])
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_rate_and_eta_count_only_new_work(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    stream = Terminal()
    bar = ProgressBar("latepost", stream=stream)
    bar.update(100, 500)  # resumed: 100 were done before
    now[0] = 110.0
    bar.update(150, 500)  # 50 new sentences in 10 s
    line = bar.line()
    assert "150/500 sentences" in line and "5.0 sentences/s" in line and "ETA 1:10" in line
    assert stream.getvalue().startswith("\r\x1b[2K")


def test_a_pipe_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    bar = ProgressBar("x", stream=stream)
    for done in range(0, 11):
        bar.update(done, 10)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert lines[0].startswith("x  [") and lines[-1].startswith("x  [" + "#" * 24 + "]  10/10")
    assert len(lines) <= 3  # not one line per update


def test_bytes_are_shown_in_megabytes() -> None:
    stream = io.StringIO()
    bar = ProgressBar("downloading", unit="MB", scale=1024**2, stream=stream)
    bar.update(5 * 1024**2, 10 * 1024**2)
    assert "5.0/10.0 MB" in bar.line()
