"""``reader glossary add``: the user's glossary grows only by validated, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main

ANNEALING = [
    "glossary",
    "add",
    "quantum-annealing",
    "--zh",
    "量子退火",
    "--en",
    "quantum annealing",
    "--category",
    "optimization",
    "--definition",
    "An optimisation method run on quantum hardware: a cousin of simulated annealing.",
    "--see-also",
    "global-optimum",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_creates_the_user_glossary(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = isolated_dirs / "glossary.yaml"
    code, out, err = run(capsys, *ANNEALING)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Created {path}: added 'quantum-annealing'",
        "Pinyin (suggested, check it): 量子退火 liàng zǐ tuì huǒ",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Your own glossary entries for reader")
    assert "  - id: quantum-annealing\n    zh: [量子退火]\n    pinyin: [liàng zǐ tuì huǒ]\n" in text
    assert run(capsys, "glossary", "check")[0] == 0
    code, out, _ = run(capsys, "glossary", "search", "liangzi tuihuo", "--json")
    hit = json.loads(out)[0]
    assert (hit["id"], hit["source"], hit["see_also"]) == (
        "quantum-annealing",
        "user",
        ["global-optimum"],
    )


def test_add_appends_and_keeps_the_file_as_it_was(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True)
    path = isolated_dirs / "glossary.yaml"
    before = (
        "# my terms, keep this comment\n"
        "entries:\n"
        "- id: my-term\n"
        "  zh: [炼丹]\n"
        "  pinyin: [liàn dān]\n"
        "  en: alchemy  # what colleagues call hyper-parameter tuning\n"
        "  category: training\n"
        "  definition: Slang for tuning a model by trial and error.\n"
    )
    path.write_text(before, encoding="utf-8")
    code, out, _ = run(capsys, *ANNEALING)
    assert code == 0 and out.startswith(f"Updated {path}: added 'quantum-annealing'")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith("- id: quantum-annealing\n  zh: [量子退火]\n")


def test_add_to_an_empty_inline_list(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True)
    path = isolated_dirs / "glossary.yaml"
    path.write_text("# empty for now\nentries: []\n", encoding="utf-8")
    assert run(capsys, *ANNEALING)[0] == 0
    assert path.read_text(encoding="utf-8").startswith(
        "# empty for now\nentries:\n  - id: quantum-annealing\n"
    )


def test_problems_are_listed_and_nothing_is_written(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *ANNEALING)[0] == 0
    path = isolated_dirs / "glossary.yaml"
    before = path.read_bytes()
    code, out, err = run(
        capsys,
        "glossary",
        "add",
        "bad-one",
        "--zh",
        "重要",
        "--pinyin",
        "chong2 yao4",
        "--en",
        "Quantum Annealing",
        "--category",
        "optimisation",
        "--definition",
        "x",
        "--see-also",
        "nowhere",
    )
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "new entry 'bad-one': pinyin 'chong2' has a tone number; write tone marks ('chóng')",
        "new entry 'bad-one': English form 'Quantum Annealing' also belongs to "
        "'quantum-annealing' (line 8; case is ignored)",
        "new entry 'bad-one': unknown category 'optimisation' (one of: concept, architecture, "
        "training, inference, optimization, math, data, evaluation, hardware, model, product, "
        "company, business, organization)",
        "new entry 'bad-one': see_also of 'bad-one' names unknown id 'nowhere'",
        f"reader: nothing was written to {path}",
    ]
    assert path.read_bytes() == before
    assert sorted(p.name for p in isolated_dirs.iterdir()) == ["glossary.yaml"]  # no temp file


def test_an_id_already_in_the_user_file_is_refused(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *ANNEALING)[0] == 0
    path = isolated_dirs / "glossary.yaml"
    before = path.read_bytes()
    code, out, err = run(capsys, *ANNEALING)
    assert code == 1 and out == ""
    assert err == (
        f"reader: Your glossary already has an entry 'quantum-annealing' ({path}:5); "
        "edit it there.\n"
    )
    assert path.read_bytes() == before


def test_add_can_replace_a_bundled_entry(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "glossary",
        "add",
        "scaling-law",
        "--zh",
        "规模定律",
        "--pinyin",
        "guī mó dìng lǜ",
        "--en",
        "law of scale",
        "--category",
        "concept",
        "--definition",
        "My wording.",
    )
    assert code == 0
    assert out == (
        f"Created {isolated_dirs / 'glossary.yaml'}: added 'scaling-law'; "
        "it replaces the bundled entry\n"
    )
    _, shown, _ = run(capsys, "glossary", "show", "scaling-law", "--json")
    assert json.loads(shown)["en"] == "law of scale"


def test_a_failed_write_leaves_the_old_file(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    assert run(capsys, *ANNEALING)[0] == 0
    path = isolated_dirs / "glossary.yaml"
    before = path.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(
        capsys,
        "glossary",
        "add",
        "other-term",
        "--en",
        "other term",
        "--category",
        "concept",
        "--definition",
        "Another.",
    )
    assert code == 1 and "No space left on device" in err and err.count("\n") == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in isolated_dirs.iterdir()) == ["glossary.yaml"]


def test_add_a_general_entry(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "glossary",
            "add",
            "prompt-word",
            "--en",
            "prompt word",
            "--category",
            "inference",
            "--definition",
            "A word of a prompt.",
            "--zh",
            "提示字",
            "--tier",
            "general",
        ]
    )
    assert code == 0
    text = (isolated_dirs / "glossary.yaml").read_text(encoding="utf-8")
    assert "    tier: general\n" in text
    capsys.readouterr()
    assert main(["glossary", "show", "prompt-word"]) == 0
    assert "[inference, general, user]" in capsys.readouterr().out
