"""``reader translate`` end to end: install, import, translate, show, resume, report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import translate_cmds
from reader.cli.main import main
from reader.cli.progress import ProgressBar
from reader.translation.argos import ArgosConfig
from reader.translation.packages import active_model
from reader.translation.runner import translate_article, translator_for
from reader.workspace import Workspace
from tests.conftest import ROOT


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def physics(installed_model: Path, article_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The tiny model installed and the test article imported as ``physics``."""
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    return "physics"


def shown(capsys: pytest.CaptureFixture[str], slug: str) -> list[dict[str, object]]:
    capsys.readouterr()  # drop what earlier commands printed
    code, out, _ = run(capsys, "show", slug, "--json")
    assert code == 0
    return [s for p in json.loads(out)["paragraphs"] for s in p["sentences"]]


def test_translate_then_show(physics: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "translate", physics)
    assert code == 0
    assert out.startswith("physics: 6 sentences, 6 translated, 1 left untranslated")
    assert "6/6 sentences" in err  # the progress bar
    sentences = shown(capsys, physics)
    assert [(s["engine"], s["en"]) for s in sentences] == [
        ("argos", "physics of scale law。"),
        ("argos", "because he believes physics in of Scaling Law( scale law)。"),
        ("argos", "we use coordinate decline train model。"),
        ("argos", "bank president said: today of data very big。"),
        ("argos", "he believes linear attention。"),
        ("gloss", "fowl duck flesh of fish."),  # the model copied it: flagged, not shown
    ]


def test_rerunning_and_reopening_cost_no_model_call(
    physics: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["translate", physics]) == 0
    model = active_model()
    assert model is not None
    translator = translator_for(model, ArgosConfig())  # the one the command used
    calls = translator.calls
    assert calls >= 1
    _, out, _ = run(capsys, "translate", physics)
    assert out.splitlines()[-1].startswith(
        "physics: all 6 sentences already translated with translate-zh_en-1_0;"
    )
    assert translator.calls == calls

    import ctranslate2

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("opening an article must not load a model")

    monkeypatch.setattr(ctranslate2, "Translator", refuse)
    assert {s["engine"] for s in shown(capsys, physics)} == {"argos", "gloss"}


def test_ctrl_c_stops_after_the_batch_and_the_next_run_resumes(
    physics: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ProgressBar.update

    def interrupt_after_first_batch(self: ProgressBar, done: int, total: int | None) -> None:
        original(self, done, total)
        if done >= 2:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl+C sends

    monkeypatch.setattr(ProgressBar, "update", interrupt_after_first_batch)
    code, out, err = run(capsys, "translate", physics, "--batch-size", "2")
    assert code == 130
    assert "stopped; 2 of 6 sentences of physics are done and saved" in err
    assert "Resume with: reader translate physics" in err
    assert "Traceback" not in err
    monkeypatch.setattr(ProgressBar, "update", original)
    code, out, _ = run(capsys, "translate", physics, "--batch-size", "2")
    assert code == 0 and "2 already done, 4 translated" in out


def test_a_second_ctrl_c_stops_at_once_and_keeps_finished_batches(
    physics: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ProgressBar.update

    def interrupt_twice(self: ProgressBar, done: int, total: int | None) -> None:
        original(self, done, total)
        if done >= 2:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(ProgressBar, "update", interrupt_twice)
    code, _, err = run(capsys, "translate", physics, "--batch-size", "2")
    assert code == 130 and "interrupted; finished batches are saved" in err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored
    monkeypatch.setattr(ProgressBar, "update", original)
    _, out, _ = run(capsys, "translate", physics)
    assert "2 already done, 4 translated" in out


def test_a_cancelled_worker_keeps_what_it_did(physics: str) -> None:
    """The TUI's path: a worker thread with a progress callback and a cancel flag."""
    ws = Workspace()
    article = ws.corpus.load(physics)
    seen: list[tuple[int, int]] = []
    summary = translate_article(
        ws,
        article,
        progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) > 1,
        config=ArgosConfig(batch_size=2),
    )
    assert summary.cancelled and summary.translated == 2 and summary.remaining == 4
    assert seen == [(0, 6), (2, 6)]
    again = translate_article(ws, article, config=ArgosConfig(batch_size=2))
    assert (again.cached, again.translated, again.remaining, again.cancelled) == (2, 4, 0, False)


def test_without_a_model_argos_is_a_clear_error(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", str(article_file), "--slug", "physics"])
    capsys.readouterr()
    code, out, err = run(capsys, "translate", "physics")
    assert code == 1 and out == ""
    assert "No Chinese→English model is installed" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["translate"], "Name the articles to translate"),
        (["translate", "physics", "--all"], "not both"),
        (["translate", "nope"], "No article with slug 'nope'"),
        (["translate", "physics", "--beam-size", "0"], "Beam size must be between 1 and 16"),
        (["translate", "physics", "--model", "other"], "No installed model called 'other'"),
    ],
)
def test_bad_arguments_are_one_line_errors(
    physics: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 1 and message in err and err.count("\n") == 1


def test_enforced_output_is_shown_and_reported(
    physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", physics]) == 0
    assert main(["translate", physics, "--enforce-terms"]) == 0
    capsys.readouterr()
    sentences = shown(capsys, physics)
    assert sentences[0]["en"] == "physics of scaling law。"
    assert sentences[1]["en"] == "because he believes physics in of scaling law。"
    # inline enforcement puts every term's English into the source, 训练 "training" too
    assert sentences[2]["en"] == "we use coordinate descent training model。"
    code, out, _ = run(capsys, "translate", "--report", physics, "--json")
    rows = {r["engine"]: r for r in json.loads(out)}
    assert code == 0 and set(rows) == {"argos", "argos+terms"}
    # 数据 in "银行行长说：今天的数据很大" is an everyday word there (no AI term beside it): no term
    assert (rows["argos"]["with_terms"], rows["argos"]["consistent"]) == (4, 2)
    assert rows["argos"]["worst"] == [
        {"term": "scaling-law", "missed": 1, "uses": 2},
        {"term": "coordinate-descent", "missed": 1, "uses": 1},
    ]  # "train" counts for 训练 (training)
    assert (rows["argos+terms"]["with_terms"], rows["argos+terms"]["consistent"]) == (4, 4)
    code, out, _ = run(capsys, "translate", "--report", physics)
    assert "argos+terms" in out and "100%" in out and "50%" in out


def test_report_marks_inconsistent_sentences(physics: str) -> None:
    from reader.translation.lookup import translations_for
    from reader.translation.report import inconsistent_by_sentence

    assert main(["translate", physics]) == 0
    ws = Workspace()
    article = ws.corpus.load(physics)
    marks = inconsistent_by_sentence(ws, article, translations_for(ws, article))
    by_text = {s.text: marks.get(s.id) for s in article.sentences()}
    assert by_text["物理学的规模定律。"] == ["scaling-law"]
    assert by_text["我们用坐标下降训练模型。"] == ["coordinate-descent"]  # "train" is fine
    assert by_text["因为他信物理学里的 Scaling Law(规模定律)。"] is None  # "Scaling Law" was copied


def test_report_on_an_article_without_english(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    code, out, _ = run(capsys, "translate", "--report", "physics")
    assert code == 0 and "No English to check yet" in out  # glosses are not checked


def test_report_on_curated_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "translate", "--report", "three-hard-battles", "--json")
    (row,) = json.loads(out)
    assert code == 0 and row["engine"] == "curated" and row["sentences"] == 75
    assert 0 < row["consistent"] <= row["with_terms"]


def test_the_translation_layer_loads_no_model_library_at_import() -> None:
    code = (
        "import sys, reader.cli.translate_cmds, reader.translation.lookup, "
        "reader.translation.runner, reader.translation.report;"
        "print(','.join(m for m in ('ctranslate2', 'sentencepiece', 'argostranslate') "
        "if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_the_commands_are_registered() -> None:
    assert translate_cmds.cmd_translate is not None
    with pytest.raises(SystemExit):
        main(["models", "--help"])


def test_alternatives_for_a_sentence_are_stored(physics: str) -> None:
    from reader.translation.runner import alternatives_for

    ws = Workspace()
    article = ws.corpus.load(physics)
    sentence = next(s for s in article.sentences() if s.text == "他信线性注意力。")
    first = alternatives_for(ws, article, sentence, n=2)
    assert first == ["he believes linear attention。", "he trusts linear attention。"]
    model = active_model()
    assert model is not None
    translator = translator_for(model, ArgosConfig())
    calls = translator.calls
    assert alternatives_for(ws, article, sentence, n=2) == first and translator.calls == calls
    assert alternatives_for(ws, article, sentence, n=1) == first[:1]


def test_a_glossary_edit_retires_enforced_output(
    physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.paths import user_glossary_path

    assert main(["translate", physics, "--enforce-terms"]) == 0
    assert shown(capsys, physics)[0]["en"] == "physics of scaling law。"
    user_glossary_path().write_text(
        "entries:\n"
        "  - id: bank-president\n"
        "    zh: [行长]\n"
        "    pinyin: [háng zhǎng]\n"
        "    en: bank governor\n"
        "    category: business\n"
        "    definition: The head of a bank.\n",
        encoding="utf-8",
    )
    # Enforced output was made with the old glossary: it is no longer shown …
    assert [s["engine"] for s in shown(capsys, physics)] == ["gloss"] * 6
    # … and translating again runs the model for every sentence.
    _, out, _ = run(capsys, "translate", physics, "--enforce-terms")
    assert "6 translated" in out and "already done" not in out


def test_a_new_model_version_is_not_served_old_output(
    physics: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.argos_model import build_package, zip_package

    assert main(["translate", physics]) == 0
    assert main(["models", "remove", "translate-zh_en-1_0"]) == 0
    folder = build_package(tmp_path / "v11", name="translate-zh_en-1_1", version="1.1")
    assert (
        main(["models", "install", "--file", str(zip_package(folder, tmp_path / "v11.argosmodel"))])
        == 0
    )
    capsys.readouterr()
    assert {s["engine"] for s in shown(capsys, physics)} == {"gloss"}
    _, out, _ = run(capsys, "translate", physics)
    assert "6 translated" in out and "with translate-zh_en-1_1" in out
