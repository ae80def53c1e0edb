"""Inline code and math through every engine, end to end: argos (the tiny CTranslate2 model), the
llm engine (the stub server), glosses, and the export of the English.

Both engines mangle atoms when they see them: the tiny model translates the Chinese inside
``模型.fit(数据)`` and ``\\text{规模}`` and its output loses the double spaces of ``a  =  b``; the
stub drops the punctuation of code and TeX (``self.attn(x)`` comes out as ``self.attn x``) and
keeps a placeholder whole only when the prompt says so. So every test here fails without the
placeholders of :mod:`reader.translation.atoms`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.cli.translate_cmds import summary_line
from reader.model import Article
from reader.translation.argos import ArgosTranslator, Hypothesis
from reader.translation.atoms import ATOM
from reader.translation.llm.config import LlmConfig
from reader.translation.llm.engine import LlmSession
from reader.translation.lookup import translations_for
from reader.translation.packages import active_model
from reader.translation.runner import translate_article
from reader.workspace import Workspace
from tests.llm_stub import StubModel, StubServer, mock_transport

pytestmark = pytest.mark.usefixtures("warm_caches")

# Words the tiny model knows (tests/argos_model.py LEXICON) around atoms it would mangle.
ARTICLE = """\
# 模型

我们用`模型.fit(数据)`训练模型。他信$\\text{规模}_i$的定律。

公司的数据`a  =  b`很大。

`__init__`。

我们用`self.attn(x)`训练模型，注意力为$QK^T/\\sqrt{d_k}$。
"""
ATOMS = [
    "模型.fit(数据)",
    "\\text{规模}_i",
    "a  =  b",
    "__init__",
    "self.attn(x)",
    "QK^T/\\sqrt{d_k}",
]


@pytest.fixture
def coded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "coded.md"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["import", str(path), "--slug", "coded"]) == 0
    capsys.readouterr()
    return "coded"


def english_of(ws: Workspace, slug: str) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Sentence text -> (engine, English, flags) of every sentence with atoms."""
    article = ws.corpus.load(slug)
    found = translations_for(ws, article)
    return {
        s.text: (found[s.id].engine, found[s.id].text, found[s.id].flags)
        for s in article.sentences()
        if s.atoms
    }


def assert_atoms_verbatim(article: Article, shown: dict[str, tuple[str, str, tuple[str, ...]]]):
    """Each sentence's atoms are in its English exactly as in the source, each once."""
    seen = []
    for s in article.sentences():
        for a, b in s.atoms:
            atom = s.text[a:b]
            _, text, _ = shown[s.text]
            assert text.count(atom) == 1, f"{atom!r} not once in {text!r}"
            seen.append(atom)
    assert sorted(seen) == sorted(ATOMS)


# -- argos ---------------------------------------------------------------------------------------


def test_argos_carries_atoms_through_the_model(
    installed_model: Path, coded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", coded]) == 0
    capsys.readouterr()
    ws = Workspace()
    shown = english_of(ws, coded)
    assert_atoms_verbatim(ws.corpus.load(coded), shown)
    assert {engine for engine, _, _ in shown.values()} == {"argos"}
    _, text, flags = shown["我们用模型.fit(数据)训练模型。"]
    assert text == "we use模型.fit(数据) train model。" and flags == ()  # the tiny model glues
    assert shown["__init__。"][1] == "__init__。"  # nothing to translate: no model call needed
    assert " data" not in shown["公司的数据a  =  b很大。"][1].replace("company of data", "")


def test_argos_repairs_and_flags_a_placeholder_the_model_drops(
    installed_model: Path, coded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = active_model()
    assert model is not None
    translator = ArgosTranslator(model)
    decode = translator.decode
    widths: list[int] = []

    def dropping(batch: list[list[str]], **kw: object) -> list[list[Hypothesis]]:
        found = decode(batch, **kw)  # type: ignore[arg-type]
        widths.append(int(kw.get("num_hypotheses", 1)))  # type: ignore[call-overload]
        return [[Hypothesis(h.pieces, h.text.replace("{1}", "")) for h in hyps] for hyps in found]

    monkeypatch.setattr(translator, "decode", dropping)
    (output,) = translator.translate(["我们用self.attn(x)训练模型。"], atoms=[[(3, 15)]])
    assert output.text == "we use train model self.attn(x)。"
    assert output.flags == (ATOM,) and output.usable
    assert widths == [1, 4]  # asked again with a wider beam before repairing
    ws = Workspace()
    summary = translate_article(ws, ws.corpus.load(coded), translator=translator)
    assert summary.repaired == 4  # each sentence with atoms to translate lost its {1}


def test_argos_takes_a_hypothesis_that_kept_the_placeholders(installed_model: Path) -> None:
    model = active_model()
    assert model is not None
    translator = ArgosTranslator(model)
    masked_first = Hypothesis([], "we use train model。")
    kept = Hypothesis([], "we use {1} train model。")
    original = translator.decode
    translator.decode = lambda batch, **kw: [[masked_first, kept]]  # type: ignore[method-assign]
    (output,) = translator.translate(["我们用f(x)训练模型。"], atoms=[[(3, 7)]], num_hypotheses=2)
    translator.decode = original  # type: ignore[method-assign]
    assert output.text == "we use f(x) train model。" and output.flags == ()


# -- llm -----------------------------------------------------------------------------------------


def session(model: StubModel, **changes: object) -> LlmSession:
    config = LlmConfig("http://stub.invalid/v1", **changes)  # type: ignore[arg-type]
    return LlmSession.open(config, transport=mock_transport(model))


def test_llm_sends_placeholders_and_restores_atoms(
    stub: StubServer, coded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["translate", coded, "--engine", "llm", "--llm-url", stub.url])
    assert code == 0, capsys.readouterr().err
    ws = Workspace()
    article = ws.corpus.load(coded)
    shown = english_of(ws, coded)
    assert_atoms_verbatim(article, shown)
    assert all(engine == "llm" and flags == () for engine, _, flags in shown.values())
    (body,) = stub.model.requests  # "`__init__`。" needs no request
    sent = json.loads(body["messages"][-1]["content"])
    assert "__init__。" not in sent
    assert "我们用{1}训练模型。" in sent and "他信{2}的定律。" in sent
    assert "我们用{4}训练模型，注意力为{5}。" in sent
    assert not any(atom in "".join(sent) for atom in ATOMS)
    assert "Placeholders such as {1}" in body["messages"][0]["content"]


def test_a_request_without_atoms_has_no_placeholder_instruction(
    stub: StubServer, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    assert main(["translate", "physics", "--engine", "llm", "--llm-url", stub.url]) == 0
    assert stub.model.requests
    assert all("Placeholders" not in r["messages"][0]["content"] for r in stub.model.requests)


@pytest.mark.parametrize(
    "mode,requests,flagged",
    [
        ("space-atom", 1, False),  # "｛ 1 ｝" is still the placeholder
        ("drop-atom", 2, False),  # refused, asked again: the second answer is right
        ("double-atom", 2, False),
        ("move-atom", 2, False),  # the first sentence's code in the second's English
    ],
)
def test_llm_answers_with_wrong_placeholders_are_refused_and_retried(
    coded: str, mode: str, requests: int, flagged: bool
) -> None:
    ws = Workspace()
    article = ws.corpus.load(coded)
    model = StubModel(script=[mode])
    with session(model) as s:
        summary = translate_article(ws, article, "llm", llm=s)
    assert summary.refused == 0 and len(model.requests) >= requests
    shown = english_of(ws, coded)
    assert_atoms_verbatim(article, shown)
    assert all((ATOM in flags) is flagged for _, _, flags in shown.values())


def test_llm_repairs_a_sentence_whose_placeholders_never_come_back(coded: str) -> None:
    ws = Workspace()
    article = ws.corpus.load(coded)
    model = StubModel(choose=lambda n, sources: "drop-atom")
    with session(model) as s:
        summary = translate_article(ws, article, "llm", llm=s)
    assert summary.refused == 0 and summary.repaired == 4  # "`__init__`。" needs no model
    assert "4 whose inline code or math the model lost (put back at the end)" in summary_line(
        summary
    )
    shown = english_of(ws, coded)
    assert_atoms_verbatim(article, shown)  # put back at the end: never lost
    _, text, flags = shown["我们用self.attn(x)训练模型，注意力为QK^T/\\sqrt{d_k}。"]
    assert text.endswith("self.attn(x) QK^T/\\sqrt{d_k}.") and flags == (ATOM,)
    assert shown["__init__。"][2] == ()


def test_llm_alternatives_keep_atoms(coded: str) -> None:
    from reader.translation.llm.run import llm_alternatives

    ws = Workspace()
    article = ws.corpus.load(coded)
    sentence = next(s for s in article.sentences() if "self.attn" in s.text)
    model = StubModel()
    with session(model) as s:
        first = llm_alternatives(ws, article, sentence, s)
        both = llm_alternatives(ws, article, sentence, s)
    assert len(both) >= 1 and all("self.attn(x)" in t and "QK^T/\\sqrt{d_k}" in t for t in both)
    assert first[0] == both[0]
    listed = model.requests[-1]["messages"][0]["content"]
    assert "self.attn(x)" not in listed.split("Already given:")[-1]  # given ones re-masked


# -- glosses and export --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "translate",
    [
        lambda slug: main(["translate", slug, "--engine", "gloss"]),
        lambda slug: 0,  # computed when the article is shown
    ],
)
def test_glosses_carry_atoms_as_words(
    coded: str, translate: Callable[[str], int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert translate(coded) == 0
    capsys.readouterr()
    ws = Workspace()
    shown = english_of(ws, coded)
    assert_atoms_verbatim(ws.corpus.load(coded), shown)
    _, text, _ = shown["我们用模型.fit(数据)训练模型。"]
    assert text.split(" · ")[:3] == ["we", "use", "模型.fit(数据)"]


def test_export_writes_atoms_in_the_english_as_code_and_math(
    stub: StubServer, coded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", coded, "--engine", "llm", "--llm-url", stub.url]) == 0
    capsys.readouterr()
    assert main(["export", coded, "-o", "-", "--layout", "table"]) == 0
    out = capsys.readouterr().out
    english = [line.split(" | ")[1] for line in out.splitlines() if "self.attn" in line]
    assert english and "`self.attn(x)`" in english[0] and "$QK^T/\\sqrt{d_k}$" in english[0]
    assert main(["export", coded, "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "`a  =  b`" in out and "`__init__`" in out
