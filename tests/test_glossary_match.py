"""Matching glossary forms in real sentences of the corpus: every kind of form, one occurrence each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.analysis import analysis_text
from reader.glossary.case import case_marked
from reader.glossary.match import Matcher, fold
from reader.glossary.model import Entry, Glossary
from reader.workspace import Workspace


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace()


@pytest.fixture(scope="module")
def corpus_sentences(workspace: Workspace) -> set[str]:
    return {s.text for a in workspace.corpus.articles() for s in a.sentences()}


def occurrences(workspace: Workspace, sentence: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(text in the sentence, entry id, kinds of the forms) for each occurrence."""
    matcher = workspace.analyzer.matcher
    simple = analysis_text(sentence)
    return [
        (sentence[o.start : o.end], o.entry_id, tuple(m.kind for m in o.matches))
        for o in Matcher.occurrences(simple, matcher.find(simple))
    ]


CASES = [
    (
        "simplified Chinese form, longest first",
        "说自己不再焦虑的闫俊杰，做了一些与众不同的技术选择：这次 MiniMax-01 使用的线性注意力机制，不是一个强共识方向；",
        ("线性注意力机制", "linear-attention", ("zh",)),
    ),
    (
        "traditional form (the ai-native-ceo article)",
        "這在物理上就不可能收斂到人類智能這個全局最優解。",
        ("全局最優解", "global-optimum", ("zh",)),
    ),
    (
        "English canonical form",
        "今年 DeepSeek 火成那樣，把大家臉都打腫了；",
        ("DeepSeek", "deepseek", ("en",)),
    ),
    (
        "English alias",
        "這就是 AI Native 公司的真面目：極致扁平，極致效率，以及，呃……極致的無情。",
        ("AI Native", "ai-native", ("en",)),
    ),
    (
        "abbreviation",
        "回想一下 2021 年那會兒，AI 圈子都在搶什么人？",
        ("AI", "artificial-intelligence", ("abbr",)),
    ),
    (
        "mixed form MoE(混合专家), one occurrence",
        "MiniMax-M2是一款10B激活参数(总参数量230B)的轻量级模型，通过高效的MoE(混合专家)架构实现低算力成本(仅为Claude4.58%)，价格优势明显，上线一个多月tokens调用量已突破1万亿次。",
        ("MoE(混合专家)", "mixture-of-experts", ("abbr", "zh")),
    ),
    (
        "mixed form Scaling Law(規模定律) in traditional text",
        "因為他信物理學里的 Scaling Law(規模定律) 。",
        ("Scaling Law(規模定律)", "scaling-law", ("en", "zh")),
    ),
    (
        "mixed form with two alternatives in the brackets",
        "闫俊杰：坦白说我觉得国内有点遗憾，其实当时AnthropicCEO恰好在百度做语音，已经发现了Scaling Law(规模化法则或缩放定律)就是大模型里面最核心的原理，这件事是发生在中国公司的，(中国没做出来类似GPT 3.5的产品)很遗憾。",
        ("Scaling Law(规模化法则或缩放定律)", "scaling-law", ("en", "zh", "zh")),
    ),
    (
        "mixed form with a space before the bracket",
        "但在他的算法里，這叫過擬合 (Overfitting)。",
        ("過擬合 (Overfitting)", "overfitting", ("zh", "en")),
    ),
    (
        "a Latin/Han form written with a space",
        "晚点：你怎么复盘去年你们面向生产力场景的海螺 AI（指聊天助手产品，不是海螺视频）做得不如预期？",
        ("海螺 AI", "hailuo-ai", ("zh",)),
    ),
]


@pytest.mark.parametrize(("name", "sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_form_kinds_in_corpus_sentences(
    workspace: Workspace,
    corpus_sentences: set[str],
    name: str,
    sentence: str,
    expected: tuple[str, str, tuple[str, ...]],
) -> None:
    assert sentence in corpus_sentences  # the case is a real sentence of the corpus
    found = occurrences(workspace, sentence)
    assert expected in found
    # The occurrence is counted once: nothing else of the same entry overlaps it.
    text, entry_id, _ = expected
    assert sum(1 for t, e, _ in found if e == entry_id and (t in text or text in t)) == 1


@pytest.mark.parametrize(
    ("sentence", "absent", "present"),
    [
        (
            # "AI" must not match inside "OpenAI"; the free-standing AI must. 推理者 is OpenAI's
            # level 2, "Reasoners", not inference.
            "比如 OpenAI 去年提出了一个 L1 到 L5 的 AI 能力分级（聊天机器人、推理者、智能体、创新者、组织者）。",
            ["inference"],
            [("OpenAI", "openai"), ("AI", "artificial-intelligence")],
        ),
        (
            "当时除了OpenAI自己玩得挺溜但又不开源，外面基本没人知道这玩意儿该怎么整。",
            ["artificial-intelligence"],
            [("OpenAI", "openai"), ("开源", "open-source")],
        ),
        (
            # 开源节流 (open up sources of income, cut costs) is an idiom, not open source.
            "摆在所有大模型公司面前的其实就两条路：要么继续死磕技术，要么赶紧想办法“开源节流”，早点把商业收入做起来。",
            ["open-source"],
            [("大模型", "large-model")],
        ),
        (
            # The case of an English form does not matter; word boundaries do.
            "晚点：李开复上周告诉我们，整个行业从信仰 Scaling Law 到怀疑 Scaling Law 只用了一年时间。",
            [],
            [("Scaling Law", "scaling-law")],
        ),
    ],
)
def test_boundaries_and_exclusions(
    workspace: Workspace,
    corpus_sentences: set[str],
    sentence: str,
    absent: list[str],
    present: list[tuple[str, str]],
) -> None:
    assert sentence in corpus_sentences
    found = occurrences(workspace, sentence)
    ids = {e for _, e, _ in found}
    for entry_id in absent:
        assert entry_id not in ids
    for text, entry_id in present:
        assert (text, entry_id) in {(t, e) for t, e, _ in found}


def test_english_forms_ignore_case_but_not_boundaries(workspace: Workspace) -> None:
    found = occurrences(workspace, "scaling law, SCALING LAW, ScalingLaws, moe and MoEs")
    assert [(t, e) for t, e, _ in found] == [
        ("scaling law", "scaling-law"),
        ("SCALING LAW", "scaling-law"),
        ("moe", "mixture-of-experts"),
    ]


def test_different_terms_in_brackets_stay_two_occurrences(workspace: Workspace) -> None:
    found = occurrences(workspace, "CPU(線性注意力)")
    assert [e for _, e, _ in found] == ["cpu", "linear-attention"]


def test_matches_keep_offsets_of_the_original_text(workspace: Workspace) -> None:
    sentence = "因為他信物理學里的 Scaling Law(規模定律) 。"
    matcher = workspace.analyzer.matcher
    for m in matcher.find(analysis_text(sentence)):
        assert sentence[m.start : m.end] in {"Scaling Law", "規模定律"}


# --- precision: opaque tokens, longest forms, forms that are also ordinary words --------------

PRECISION = Glossary(
    [
        Entry("llm", "large language model", "concept", "-", zh=("大语言模型",), abbr=("LLM",)),
        Entry("ai", "artificial intelligence", "concept", "-", abbr=("AI",)),
        Entry("gpu", "graphics processing unit", "hardware", "-", abbr=("GPU",)),
        Entry("agent", "agent", "concept", "-", zh=("智能体",), aliases=("Agent",)),
        Entry("llama-cpp", "llama.cpp", "product", "-"),
        Entry("gpt-4o", "GPT-4o", "model", "-"),
        Entry(
            "attention",
            "attention",
            "architecture",
            "-",
            zh=("注意力", "注意力机制"),
            ambiguous=("注意力",),
        ),
        Entry("mha", "multi-head attention", "architecture", "-", zh=("多头注意力",)),
        Entry("function", "function", "math", "-", zh=("函数",), tier="general"),
        Entry("function-calling", "function calling", "inference", "-", zh=("函数调用",)),
        Entry("model", "model", "concept", "-", zh=("模型",), tier="general"),
        Entry("data", "data", "data", "-", zh=("数据",), tier="general"),
        Entry("fine-tuning", "fine-tuning", "training", "-", zh=("微调",), ambiguous=("微调",)),
        Entry(
            "embedding",
            "embedding",
            "architecture",
            "-",
            zh=("嵌入",),
            exclude=("嵌入式",),
            ambiguous=("嵌入",),
        ),
        Entry(
            "quantization",
            "quantization",
            "inference",
            "-",
            zh=("量化",),
            exclude=("量化指标",),
            ambiguous=("量化",),
        ),
        Entry(
            "horse-race",
            "horse-race mechanism",
            "organization",
            "-",
            zh=("赛马",),
            exclude=("赛马比赛",),
            ambiguous=("赛马",),
        ),
    ]
)


def tagged(text: str, *, context: bool = False) -> list[tuple[str, str]]:
    return [
        (text[m.start : m.end], m.entry_id) for m in Matcher(PRECISION).find(text, context=context)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # URLs, addresses, paths and identifiers are names, not words.
        ("代码见 https://github.com/liguodongiot/llm-action 仓库", []),
        ("见https://example.com/llm/gpu说明", []),
        ("访问 www.llm.ai 或 huggingface.co/models", []),
        ("联系 ai@example.com 或 llm.team@example.org", []),
        ("模型放在 /data/llm/weights 和 ~/.cache/gpu 下", []),
        ("运行 scripts/llm.py 即可", []),
        ("C:\\Users\\ai\\llm 目录", []),
        ("调用 llm_chain 和 agent_executor 两个对象", []),
        ("torch.cuda.gpu 和 model.llm 属性", []),
        ("仓库 self-llm 和 llm-action 都有教程", []),
        # ... but a form is still found beside them, and prose with slashes and hyphens stays prose.
        ("LLM 的代码在 https://x.com/llm", [("LLM", "llm")]),
        ("CPU/GPU 与 AI/ML", [("GPU", "gpu"), ("AI", "ai")]),
        ("GPT-4o 和 AI-native 应用", [("GPT-4o", "gpt-4o"), ("AI", "ai")]),
        ("用 llama.cpp 部署", [("llama.cpp", "llama-cpp")]),
        ("LLM.", [("LLM", "llm")]),
        ("（LLM）和“GPU”", [("LLM", "llm"), ("GPU", "gpu")]),
        # The longest form wins where forms overlap.
        ("多头注意力的输出", [("多头注意力", "mha")]),
        ("支持函数调用的大语言模型", [("函数调用", "function-calling"), ("大语言模型", "llm")]),
        # Forms that are also ordinary words need an unambiguous term beside them.
        ("孩子的注意力不集中", []),
        (
            "注意力机制让智能体分配注意力",
            [("注意力机制", "attention"), ("智能体", "agent"), ("注意力", "attention")],
        ),
        ("这个模型的函数很简单", []),
        ("政府对政策做了微调", []),
        # Three different ordinary-word terms together are context for each other.
        ("在数据上微调模型", [("数据", "data"), ("微调", "fine-tuning"), ("模型", "model")]),
        ("模型的数据", []),
        ("大语言模型的函数", [("大语言模型", "llm"), ("函数", "function")]),
        ("周末看赛马比赛", []),
        ("公司里的赛马", []),
        ("AI 公司内部搞赛马", [("AI", "ai"), ("赛马", "horse-race")]),
        ("嵌入式系统工程师", []),
        ("AI 嵌入式系统", [("AI", "ai")]),
        ("把 LLM 的量化指标列出来", [("LLM", "llm")]),
        ("LLM 的量化和嵌入", [("LLM", "llm"), ("量化", "quantization"), ("嵌入", "embedding")]),
    ],
)
def test_precision(text: str, expected: list[tuple[str, str]]) -> None:
    assert tagged(text) == expected


def test_known_context_tags_ambiguous_forms_alone() -> None:
    assert tagged("注意力分到每个位置") == []
    assert tagged("注意力分到每个位置", context=True) == [("注意力", "attention")]


# --- case: names whose capitals tell them from ordinary words -----------------------------------

CASE = Glossary(
    [
        Entry("react", "ReAct", "concept", "-", aliases=("ReAct agent",)),
        Entry("zero", "ZeRO", "training", "-", aliases=("ZeRO-3",)),
        Entry("flux", "FLUX", "model", "-", aliases=("FLUX.1",)),
        Entry("fair", "FAIR", "organization", "-", aliases=("Meta FAIR",)),
        Entry(
            "rag",
            "retrieval-augmented generation",
            "concept",
            "-",
            zh=("检索增强生成",),
            abbr=("RAG",),
        ),
        Entry("lora", "LoRA", "training", "-"),
        Entry("agentic-rag", "agentic RAG", "inference", "-"),
        Entry("vllm", "vLLM", "product", "-"),
        Entry("ai", "artificial intelligence", "concept", "-", abbr=("AI",)),
        Entry("openai", "OpenAI", "company", "-"),
        Entry("transformer", "Transformer", "architecture", "-"),
        Entry("ppl", "perplexity", "evaluation", "-", zh=("困惑度",), abbr=("PPL",)),
        Entry("perplexity-ai", "Perplexity AI", "company", "-", aliases=("Perplexity",)),
    ]
)


def case_tagged(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.entry_id) for m in Matcher(CASE).find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Mixed case or capitals on an ordinary English word: only that spelling (or all caps).
        ("前端用 React，智能体用 ReAct", [("ReAct", "react")]),
        ("REACT 范式", [("REACT", "react")]),
        ("ReAct Agent 先思考再行动", [("ReAct", "react")]),
        ("ZeRO-3 把优化器状态切开，zero 只是零", [("ZeRO-3", "zero")]),
        ("Zero-shot 和 zero shot", []),
        ("FLUX.1 生图，magnetic flux 是磁通量，Flux 也不是", [("FLUX.1", "flux")]),
        ("Meta FAIR 实验室；fair use 是合理使用", [("Meta FAIR", "fair")]),
        ("检索增强生成（RAG）；a rag is a cloth", [("检索增强生成", "rag"), ("RAG", "rag")]),
        # A capital in front of a form that starts small: a heading or a sentence's start.
        (
            "Agentic RAG 与 agentic RAG",
            [("Agentic RAG", "agentic-rag"), ("agentic RAG", "agentic-rag")],
        ),
        ("agentic rag", []),
        # No ordinary word underneath: any case, on word boundaries, never inside a word.
        ("用 LoRA、lora 和 LORA 微调", [("LoRA", "lora"), ("lora", "lora"), ("LORA", "lora")]),
        ("VLLM 和 vllm 部署", [("VLLM", "vllm"), ("vllm", "vllm")]),
        ("OpenAI 的 AI 和 ai", [("OpenAI", "openai"), ("AI", "ai"), ("ai", "ai")]),
        # One capital in front marks no name: "transformer" is the architecture too.
        (
            "transformer 和 TRANSFORMER",
            [("transformer", "transformer"), ("TRANSFORMER", "transformer")],
        ),
        # A name that differs only in case from another entry's form: its own spelling.
        ("Perplexity 发布了浏览器", [("Perplexity", "perplexity-ai")]),
        ("模型的 perplexity", [("perplexity", "ppl")]),
        # ... and a gloss in brackets belongs to the term it glosses.
        ("困惑度（Perplexity）越低越好", [("困惑度", "ppl"), ("Perplexity", "ppl")]),
        ("Perplexity（困惑度）", [("Perplexity", "ppl"), ("困惑度", "ppl")]),
        ("PPL (Perplexity)", [("PPL", "ppl"), ("Perplexity", "ppl")]),
        ("Perplexity AI（PPL）", [("Perplexity AI", "perplexity-ai"), ("PPL", "ppl")]),
    ],
)
def test_case_marks_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert case_tagged(text) == expected


def test_a_glossed_pair_is_one_occurrence() -> None:
    text = "困惑度（Perplexity）越低越好"
    found = Matcher.occurrences(text, Matcher(CASE).find(text))
    assert [(text[o.start : o.end], o.entry_id) for o in found] == [("困惑度（Perplexity）", "ppl")]


@pytest.mark.parametrize(
    ("form", "shared", "marked"),
    [
        ("ReAct", False, True),
        ("ZeRO-Infinity", False, True),
        ("FLUX", False, True),
        ("RAG", False, True),
        ("LoRA", False, False),  # lora is no English word
        ("GPU", False, False),
        ("AI", False, False),  # frequent in English text, but as the acronym
        ("Transformer", False, False),  # one capital in front
        ("transformer", True, False),  # a lower-case form matches any spelling
        ("Perplexity", True, True),
        ("Perplexity", False, False),
    ],
)
def test_case_marked(form: str, shared: bool, marked: bool) -> None:
    assert case_marked(form, shared=shared) is marked


@given(st.text())
def test_fold_lower_cases_ascii_only_and_keeps_the_length(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in text)


@pytest.mark.parametrize(
    ("sentence", "tagged"),
    [
        # Lines of 2025 industry news and model cards: the name with its version, size, variant.
        ("我们用Qwen2.5-72B-Instruct做了对比。", [("Qwen2.5-72B-Instruct", "qwen2-5")]),
        ("Gemini 2.5 Pro在榜单上排第一。", [("Gemini 2.5 Pro", "gemini")]),
        ("华为昇腾910B芯片已经量产。", [("华为昇腾910B", "ascend")]),
        ("Llama 3.1 405B是开源模型。", [("Llama 3.1 405B", "llama")]),
        ("文心一言4.0上线了。", [("文心一言4.0", "ernie-bot")]),
        ("GPT-4o-mini更便宜。", [("GPT-4o-mini", "gpt-4o")]),
        # What is not a version: a year, a count, another chip, a word, a variant after Han.
        ("GPT-4 2024年发布了新版本。", [("GPT-4", "gpt-4")]),
        ("通义千问2个版本都开源了。", [("通义千问", "qwen")]),
        ("在A100 H100上训练。", [("A100", "nvidia-ampere"), ("H100", "nvidia-hopper")]),
        ("Qwen3 and Llama are both open.", [("Qwen3", "qwen3"), ("Llama", "llama")]),
        ("昇腾Pro不是一个产品。", [("昇腾", "ascend")]),
    ],
)
def test_names_keep_their_version_size_and_variant(
    workspace: Workspace, sentence: str, tagged: list[tuple[str, str]]
) -> None:
    found = [
        (sentence[m.start : m.end], m.entry_id)
        for m in workspace.analyzer.matcher.find(sentence)
        if m.entry_id in dict(tagged).values()
    ]
    assert found == tagged


def test_a_version_after_a_chinese_name_survives_the_translation_step(
    workspace: Workspace,
) -> None:
    from reader.translation.terms import Enforcer

    enforcer = Enforcer(workspace.glossary, workspace.analyzer.matcher)
    assert enforcer.prepare("华为昇腾910B已经量产。").text.startswith("Huawei Ascend 910B ")
    assert enforcer.prepare("文心一言4.0上线了。").text.startswith("ERNIE Bot 4.0 ")
