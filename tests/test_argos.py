"""The argos engine on a real (tiny) CTranslate2 model: batches, n-best, guards, enforcement."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.translation.argos import ArgosConfig, ArgosTranslator
from reader.translation.consistency import inconsistent_terms
from reader.translation.packages import InstalledModel, active_model
from reader.translation.terms import Enforcer
from reader.workspace import Workspace
from tests.argos_model import install


@pytest.fixture
def model(installed_model: Path) -> InstalledModel:
    found = active_model()
    assert found is not None and found.path == installed_model
    return found


@pytest.fixture
def translator(model: InstalledModel) -> ArgosTranslator:
    return ArgosTranslator(model)


def test_one_translation_per_sentence_in_order(translator: ArgosTranslator) -> None:
    outputs = translator.translate(
        ["他信。", "银行行长说：今天的数据很大。", "我们用坐标下降训练模型。"]
    )
    assert [o.text for o in outputs] == [
        "he believes。",
        "bank president said: today of data very big。",
        "we use coordinate decline train model。",
    ]
    assert translator.calls == 1


def test_a_batch_equals_one_call_per_sentence(model: InstalledModel) -> None:
    sentences = [
        "他信。",
        "因为他信物理学里的 Scaling Law(规模定律)。",
        "今天。",
        "公司的模型很大。",
    ] * 10
    batched = ArgosTranslator(model).translate(sentences)
    single = ArgosTranslator(model)
    one_by_one = [single.translate([s])[0] for s in sentences]
    assert batched == one_by_one and single.calls == len(sentences)


def test_alternatives_are_distinct_hypotheses(translator: ArgosTranslator) -> None:
    alternatives = translator.alternatives("他信。", n=3)
    assert alternatives[:2] == ["he believes。", "he trusts。"]
    assert len(set(alternatives)) == len(alternatives) <= 3


def test_copied_chinese_is_flagged_untranslated(translator: ArgosTranslator) -> None:
    output = translator.translate(["鸡鸭鱼肉。"])[0]
    assert output.flags == ("untranslated",) and not output.usable


def test_a_looping_model_is_caught(
    looping_archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install(looping_archive)
    model = active_model()
    assert model is not None
    raw = ArgosTranslator(model, ArgosConfig(no_repeat_ngram_size=0))
    decoded = raw.decode([raw.tokenize("阴性。")])[0][0].text
    assert decoded.split().count("negative") >= 10  # the loop users report (argos #422)
    output = raw.translate(["阴性。"])[0]
    assert output.text == "negative" and output.flags == ("loop",) and output.usable
    # A repetition the source has is not a loop.
    assert raw.translate(["阴性阴性阴性。"])[0].text == "negative negative negative"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"beam_size": 0}, "Beam size must be between 1 and 16"),
        ({"device": "tpu"}, "Device must be one of cpu, cuda, auto"),
        ({"intra_threads": -1}, "Thread counts must be positive"),
        ({"batch_size": 0}, "Batch size must be at least 1"),
    ],
)
def test_bad_settings_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        ArgosConfig().replace(**changes)


def test_a_device_that_is_missing_is_a_clear_error(model: InstalledModel) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a CUDA device")
    with pytest.raises(ReaderError, match=r"Cannot load model translate-zh_en-1_0 on cuda"):
        ArgosTranslator(model, ArgosConfig(device="cuda")).translate(["他信。"])


def test_threads_and_beam_do_not_change_a_clear_translation(model: InstalledModel) -> None:
    base = ArgosTranslator(model).translate(["公司的模型很大。"])
    other = ArgosTranslator(model, ArgosConfig(beam_size=1, intra_threads=2, batch_size=1))
    assert other.translate(["公司的模型很大。"]) == base


# -- glossary enforcement -----------------------------------------------------------------------

SENTENCES = [
    "因为他信物理学里的 Scaling Law(规模定律)。",
    "物理学的规模定律。",
    "我们用坐标下降训练模型。",
    "他信线性注意力。",
    "今天的数据很大。",
]


def test_prepare_puts_the_canonical_english_in_the_source() -> None:
    ws = Workspace()
    enforcer = Enforcer(ws.glossary, ws.analyzer.matcher)
    protected = enforcer.prepare("因为他信物理学里的 Scaling Law(规模定律)。")
    assert protected.text == "因为他信物理学里的 scaling law。"
    assert [(t.entry_id, protected.text[t.start : t.end]) for t in protected.terms] == [
        ("scaling-law", "scaling law")
    ]
    kept = Enforcer(ws.glossary, ws.analyzer.matcher, inline=False).prepare(
        "我们用坐标下降训练模型。"
    )
    assert (
        kept.text == "我们用坐标下降训练模型。" and kept.terms[0].entry_id == "coordinate-descent"
    )


@pytest.mark.parametrize(
    ("inline", "repair", "consistent"),
    [(False, False, 2), (True, False, 4), (False, True, 4), (True, True, 4)],
)
def test_enforcement_makes_terms_consistent(
    translator: ArgosTranslator, inline: bool, repair: bool, consistent: int
) -> None:
    """Measured on the tiny model: without enforcement 规模定律 comes out "scale law" and 坐标下降
    "coordinate decline"; each step alone fixes both here, and neither breaks a sentence."""
    ws = Workspace()
    enforcer = Enforcer(ws.glossary, ws.analyzer.matcher, inline=inline, repair=repair)
    outputs = translator.translate(SENTENCES, enforcer=enforcer if inline or repair else None)
    with_terms = [
        inconsistent_terms(ws.glossary, ws.analyzer.matcher, zh, o.text)
        for zh, o in zip(SENTENCES, outputs, strict=True)
    ][:4]
    assert sum(1 for missed in with_terms if not missed) == consistent
    assert all(o.usable and not o.flags for o in outputs)
    assert outputs[4].text == "today of data very big。"  # a sentence without terms is untouched


def test_repair_replaces_the_aligned_words(translator: ArgosTranslator) -> None:
    ws = Workspace()
    enforcer = Enforcer(ws.glossary, ws.analyzer.matcher, inline=False, repair=True)
    output = translator.translate(
        ["物理学的规模定律。", "我们用坐标下降训练模型。"], enforcer=enforcer
    )
    # 训练 is a glossary term too, but "train" already uses it (a gerund term's verb): untouched
    assert [o.text for o in output] == [
        "physics of scaling law。",
        "we use coordinate descent train model。",
    ]


def test_input_longer_than_a_learned_position_table_is_truncated(model: InstalledModel) -> None:
    """The tiny model knows 96 positions; a longer sentence is cut, not an error. (Without
    ``no_repeat_ngram_size``, which would rightly refuse to repeat "he believes" 47 times.)"""
    translator = ArgosTranslator(model, ArgosConfig(no_repeat_ngram_size=0))
    output = translator.translate(["他信" * 70 + "。", "他信。"])
    words = output[0].text.split()
    assert 40 < len(words) < 96 and words[:4] == ["he", "believes", "he", "believes"]
    assert output[1].text == "he believes。"
