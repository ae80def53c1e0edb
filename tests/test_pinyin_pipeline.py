"""Pinyin through the whole pipeline: corpus sentences, traditional text, corrections, sandhi."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.analysis import Analyzer
from reader.cli.main import main
from reader.errors import ReaderError
from reader.pinyin.overrides import Overrides, save_override
from reader.text.script import to_simplified
from reader.workspace import Workspace


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Workspace().analyzer


def reading(analyzer: Analyzer, text: str, word: str) -> str:
    tokens = analyzer.analyze(text)
    start = text.index(word)
    syllables = [
        p for t in tokens for i, p in enumerate(t.pinyin, t.start) if start <= i < start + len(word)
    ]
    return " ".join(str(s) for s in syllables)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # polyphones in sentences of the bundled articles
        ("让他真正有自信的，是中国公司独特的效率优势。", "真正", "zhen1 zheng4"),
        ("哪怕要走之字形路线，哪怕要长期追赶，也认了。", "长期", "chang2 qi1"),
        ("好像谁家没几个 Google、微软回来的大神，都不好意思跟投资人打招呼。", "都", "dou1"),
        ("我们公司没有 OKR，也试过，发现根本行不通。", "行不通", "xing2 bu4 tong1"),
        ("最后，还得加上脸被打腫了、下一秒就能立马调头的狠劲儿。", "还得", "hai2 dei3"),
        ("他说为了减肥，去打了司美格鲁肽。", "为了", "wei4 le5"),
        ("眼看要发不出工资了", "发不出", "fa1 bu4 chu1"),
        ("他们太懂怎么调优一个小模型", "调优", "tiao2 you1"),
        ("重新 All-in 到数学、编程这些最硬核的基础能力上", "重新", "chong2 xin1"),
        ("我不嫉妒……我觉得是他们应得的。", "应得", "ying1 de2"),
        ("整个行业从信仰 Scaling Law 到怀疑", "行业", "hang2 ye4"),
        ("估值已超 30 亿美元的 MiniMax 创始人兼 CEO 闫俊杰", "闫俊杰", "yan2 jun4 jie2"),
        # the glossary's curated reading wins
        ("首次在4000亿参数规模应用线性注意力架构", "线性注意力", "xian4 xing4 zhu4 yi4 li4"),
        # the learner cases of the issue
        ("我去超市买东西。", "东西", "dong1 xi5"),
        ("早上好", "早上", "zao3 shang5"),
        ("妈妈和朋友", "妈妈", "ma1 ma5"),
        ("那个时候", "时候", "shi2 hou5"),
    ],
)
def test_readings_in_context(analyzer: Analyzer, text: str, word: str, expected: str) -> None:
    assert reading(analyzer, text, word) == expected


@pytest.mark.parametrize(
    "traditional",
    [
        "你看他溫吞、佛系，甚至有點遲鈍，但在這張毫無攻擊性的外表下，藏著一套近乎冷酷的操作系統。",
        "甚至帶著一點非人感的物種。",
        "這在物理上就不可能收斂到人類智能這個全局最優解。",
        "然後接著跑，這就是第一代 AI Native CEO 最嚇人的地方。",
        "銀行行長說，長期來看做不了。",
    ],
)
def test_traditional_reads_like_simplified(analyzer: Analyzer, traditional: str) -> None:
    simplified = to_simplified(traditional)
    assert [t.pinyin for t in analyzer.analyze(traditional)] == [
        t.pinyin for t in analyzer.analyze(simplified)
    ]


def test_particle_zhe_in_traditional_text(analyzer: Analyzer) -> None:
    assert reading(analyzer, "藏著一套", "藏著") == "cang2 zhe5"
    assert reading(analyzer, "他是著名作家", "著名") == "zhu4 ming2"


def test_user_corrections_win_everywhere(isolated_dirs: Path) -> None:
    baseline = Workspace().analyzer
    assert reading(baseline, "他是一位大夫", "大夫") == "da4 fu1"  # "senior official"
    save_override("大夫", "dài fu")  # the user means "doctor"
    save_override("线性注意力", "xian4 xing4 zhu4 yi4 li5")  # beats the glossary's reading
    fixed = Workspace().analyzer
    assert reading(fixed, "他是一位大夫", "大夫") == "dai4 fu5"
    assert reading(fixed, "醫院的大夫說", "大夫") == "dai4 fu5"  # either script, any sentence
    tokens = {t.text: t for t in fixed.analyze("应用线性注意力架构")}
    assert tokens["线性注意力"].pinyin[-1] == "li5"
    assert tokens["线性注意力"].term is None  # the correction replaced the term's span
    text = (isolated_dirs / "pinyin.yaml").read_text(encoding="utf-8")
    assert "大夫: dai4 fu5" in text


def test_broken_corrections_file_is_a_clear_error(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "pinyin.yaml").write_text("银行: yin2\n长: zhang3 chang2\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="银行: 1 syllable for 2 characters"):
        Overrides.load()
    with pytest.raises(ValueError, match="not a pinyin syllable"):
        save_override("行", "x1y")


def test_sandhi_is_display_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "不是一个", "--sandhi"]) == 0
    marks = json.loads(capsys.readouterr().out)
    assert [p for t in marks["tokens"] for p in t["pinyin"]] == ["bú", "shì", "yí", "gè"]
    assert main(["analyze", "不是一个", "--sandhi", "--tone", "numbers"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert [p for t in numbers["tokens"] for p in t["pinyin"]] == ["bu4", "shi4", "yi1", "ge4"]


def test_neutral_tone_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "衣服", "--tone", "numbers"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens"][0]["pinyin"] == ["yi1", "fu2"]
    assert main(["analyze", "衣服", "--tone", "numbers", "--neutral-tones"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens"][0]["pinyin"] == ["yi1", "fu5"]


@pytest.mark.parametrize("text", ["😀𠀀⼀个", "\U000f0000中", "\x00行", "ㄅ长", "\ufffd重"])
def test_odd_characters_never_crash(analyzer: Analyzer, text: str) -> None:
    tokens = analyzer.analyze(text)
    assert sum(len(t.pinyin) for t in tokens) == len(text)


def test_simplification_never_changes_a_reading(analyzer: Analyzer) -> None:
    """OpenCC maps 閤 (gé, as in 阁) to 合 (hé); analysis keeps it, and reads it gé."""
    assert to_simplified("閤下") == "閤下"
    assert reading(analyzer, "閤下所言甚是", "閤") == "ge2"
