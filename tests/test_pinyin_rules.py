"""Polyphone rules: the data file is well formed, each condition does what it says, and everyday
and technical polyphones read right in sentences like those of real articles."""

from __future__ import annotations

import pytest

from reader.pinyin import rules
from reader.pinyin.context import Context
from reader.pinyin.lexicon import shared_lexicon


def test_shipped_rules_are_well_formed() -> None:
    table = rules.shipped_rules()
    readings = shared_lexicon().char_all
    assert len(table) > 40
    for char, entries in table.items():
        for rule in entries:
            assert rule.why, f"{char} {rule.reading}: every rule says why"
            # a reading of the character, or its neutral tone (东西 dōngxi)
            bases = {r[:-1] for r in readings[char]}
            ok = rule.reading in readings[char] or (
                rule.reading.endswith("5") and rule.reading[:-1] in bases
            )
            assert ok, f"{char}: {rule.reading} is no reading of it"
            assert rule.tests, f"{char} {rule.reading}: a rule without conditions"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"rules": {"地": [{"if": {"free": True}}]}}, "without 'read'"),
        ({"rules": {"地": [{"read": "de5", "if": {"nearby": "x"}}]}}, "unknown condition"),
        ({"rules": {"地": [{"read": "de5", "if": {"prev_char": "$nothing"}}]}}, "unknown set"),
    ],
)
def test_malformed_rules_are_refused(data, message) -> None:
    with pytest.raises(rules.RuleError, match=message):
        rules.parse(data)


def _ctx(words: list[str], readings: list[str | None] | None = None) -> Context:
    text = "".join(words)
    spans, pos = [], 0
    for w in words:
        spans.append((pos, pos + len(w)))
        pos += len(w)
    return Context(text, spans, readings or ["x1"] * len(text))


def _one(condition: str, value: object) -> dict[str, tuple[rules.Rule, ...]]:
    return rules.parse(
        {
            "sets": {"deg": ["很", "太"]},
            "rules": {"长": [{"read": "chang2", "if": {condition: value}}]},
        }
    )


CONDITIONS = [
    # condition, value, words, expected to fire on 长
    ("alone", True, ["太", "长"], True),
    ("alone", True, ["长度"], False),
    ("prev_char", "太很", ["太", "长"], True),
    ("prev_char", "太很", ["长"], False),
    ("prev_char_not", "太", ["很", "长"], True),
    ("next_char", "得", ["长", "得"], True),
    ("next_han", False, ["长", "。"], True),
    ("next_han", False, ["长", "度"], False),
    ("prev_han", False, ["，", "长"], True),
    ("before", ["越来越"], ["越来越", "长"], True),
    ("after", ["一点"], ["长", "一点"], True),
    ("after_not", ["一点"], ["长", "一点"], False),
    ("prev_word", "$deg", ["太", "长"], True),
    ("prev_word", "$deg", ["不", "长"], False),
    ("next_word", ["了"], ["长", "了"], True),
    ("word", ["长度"], ["长度"], True),
    ("prev_redup", True, ["慢慢", "长"], True),
    ("prev_redup", True, ["高兴", "长"], False),
    ("prev_word_len", 2, ["高兴", "长"], True),
    ("ordinal", True, ["第三", "长"], True),
    ("ordinal", True, ["三", "长"], False),
    ("redup", True, ["长", "长"], True),
    ("redup", True, ["长", "一", "长"], True),
    ("redup", True, ["长", "来", "长", "去"], True),
    ("redup", True, ["长", "一", "点"], False),
    ("verb_later", True, ["长", "股东", "分配", "红利"], True),
    ("verb_later", True, ["长", "零", "。"], False),
    ("verb_later", True, ["长", "人", "所", "知"], False),
    ("verb_later", True, ["长", "分配"], False),
]


@pytest.mark.parametrize("condition,value,words,fires", CONDITIONS)
def test_each_condition(condition, value, words, fires) -> None:
    ctx = _ctx(words)
    rules.apply(ctx, _one(condition, value))
    i = ctx.text.index("长")
    assert (ctx.readings[i] == "chang2") is fires


def test_free_means_no_dictionary_word_covers_it() -> None:
    table = _one("free", True)
    covered = Context("长度", [(0, 2)], ["zhang3", "du4"], covered={0, 1})
    rules.apply(covered, table)
    assert covered.readings[0] == "zhang3"
    free = Context("长", [(0, 1)], ["zhang3"])
    rules.apply(free, table)
    assert free.readings[0] == "chang2"


def test_first_matching_rule_wins() -> None:
    table = rules.parse(
        {
            "rules": {
                "长": [
                    {"read": "zhang3", "if": {"next_char": "大"}},
                    {"read": "chang2", "if": {"alone": True}},
                ]
            }
        }
    )
    ctx = _ctx(["长", "大"])
    rules.apply(ctx, table)
    assert ctx.readings[0] == "zhang3"


def test_a_frame_gives_each_character_its_reading_in_one_context() -> None:
    table = rules.parse(
        {
            "sets": {"after": ["了", "好"]},
            "rules": {"卷": [{"read": "juan4", "if": {"prev_char": "试"}}]},
            "frames": [
                {
                    "name": "verb",
                    "if": {"next_word": "$after"},
                    "why": "verbs",
                    "readings": {"卷": "juan3", "铺": "pu1"},
                }
            ],
        }
    )
    ctx = _ctx(["卷", "了", "铺", "好", "试", "卷", "了"])
    rules.apply(ctx, table)
    # the character's own rule comes first, the frame after it
    assert ctx.readings == ["juan3", "x1", "pu1", "x1", "x1", "juan4", "x1"]


def test_a_frame_needs_readings_and_conditions() -> None:
    with pytest.raises(rules.RuleError, match="needs 'readings'"):
        rules.parse({"frames": [{"name": "x", "if": {"free": True}}]})
    with pytest.raises(rules.RuleError, match="unknown condition"):
        rules.parse({"frames": [{"name": "x", "if": {"near": 1}, "readings": {"卷": "juan3"}}]})


@pytest.mark.parametrize(
    "word,glued",
    [
        ("调低", True),
        ("教教", True),
        ("两行", True),
        ("这行", True),
        ("旅长", False),
        ("报告", False),
    ],
)
def test_glued_patterns(word, glued) -> None:
    assert rules.glued(word) is glued


# Everyday and technical polyphones, from sentences of the kind the reader shows (the examples
# reported in issue 13 among them). Row: text, substring to check, its expected syllables.
EVERYDAY = [
    ("这篇论文清晰地定义了评价指标。", "清晰地", "qing1 xi1 de5"),
    ("我们可以很好地利用这些数据。", "好地", "hao3 de5"),
    ("作者巧妙地绕开了这个问题。", "巧妙地", "qiao3 miao4 de5"),
    ("这些请求可以并行地处理。", "并行地", "bing4 xing2 de5"),
    ("雨后的地很滑。", "地", "di4"),
    ("他们在地里干活。", "地里", "di4 li3"),
    ("他摔倒在地。", "地", "di4"),
    ("我今天没时间。", "没", "mei2"),
    ("轮船沉没了。", "沉没", "chen2 mo4"),
    ("警察没收了赃款。", "没收", "mo4 shou1"),
    ("句子越来越长。", "长", "chang2"),
    ("两条边等长。", "长", "chang2"),
    ("更长的上下文", "长", "chang2"),
    ("收入增长很快。", "增长", "zeng1 zhang3"),
    ("孩子长得很快。", "长", "zhang3"),
    ("我们先教模型识别数字。", "教", "jiao1"),
    ("他在大学教书。", "教", "jiao1"),
    ("教育很重要。", "教育", "jiao4 yu4"),
    ("你要把目标想得更大。", "得", "de5"),
    ("他跑得比我快。", "得", "de5"),
    ("我得走了。", "得", "dei3"),
    ("他得了第一名。", "得", "de2"),
    ("残差连接缓解了梯度消失。", "残差", "can2 cha1"),
    ("测量有误差。", "误差", "wu4 cha1"),
    ("服务太差了。", "差", "cha4"),
    ("下周去上海出差。", "出差", "chu1 chai1"),
    ("水平参差不齐。", "参差", "cen1 ci1"),
    ("卷积神经网络", "卷积", "juan3 ji1"),
    ("模型的准确率很高。", "率", "lü4"),
    ("他率领团队完成了任务。", "率领", "shuai4 ling3"),
    ("他一箭射中了靶心。", "中", "zhong4"),
    ("她买彩票中了大奖。", "中", "zhong4"),
    ("在训练过程中，损失下降。", "中", "zhong1"),
    ("她背着书包上学。", "背", "bei1"),
    ("请把课文背下来。", "背", "bei4"),
    ("请系好安全带。", "系", "ji4"),
    ("他是中文系的老师。", "系", "xi4"),
    ("我最近没有空。", "空", "kong4"),
    ("我们为用户提供服务。", "为", "wei4"),
    ("他被选为组长。", "为", "wei2"),
    ("请重新启动。", "重", "chong2"),
    ("请求失败后会重试。", "重", "chong2"),
    ("箱子太重了。", "重", "zhong4"),
    ("借的书要按时还。", "还", "huan2"),
    ("他还在加班。", "还", "hai2"),
    ("农民在种玉米。", "种", "zhong4"),
    ("这种方法很好。", "种", "zhong3"),
    ("他养了一只猫。", "只", "zhi1"),
    ("这只是开始。", "只", "zhi3"),
    ("这行代码有错误。", "行", "hang2"),
    ("第三行的公式", "行", "hang2"),
    ("护士给病人量体温。", "量", "liang2"),
    ("点击后会弹出一个窗口。", "弹", "tan2"),
    ("请给我倒一杯水。", "倒", "dao4"),
    ("别着急。", "着", "zhao2"),
    ("孩子睡着了。", "着", "zhao2"),
    ("我没找着钥匙。", "着", "zhao2"),
    ("他笑着说。", "着", "zhe5"),
    ("这么多作业我做不了。", "了", "liao3"),
    ("他们都来了。", "都", "dou1"),
    ("寺庙里供着佛像。", "供", "gong4"),
    ("妈妈在切菜。", "切", "qie1"),
    ("这道题并不难。", "难", "nan2"),
    # technical prose (tutorial chapters)
    ("模型都能很好地区分猫和狗。", "地区分", "de5 qu1 fen1"),
    ("我们要勇敢地面对困难。", "地面对", "de5 mian4 dui4"),
    ("该地区分为三个县。", "地区", "di4 qu1"),
    ("矩阵的行数等于词表大小。", "行", "hang2"),
    ("创建一个行向量。", "行", "hang2"),
    ("在长句子中效果更差。", "长", "chang2"),
    ("为训练提供数据支持。", "为", "wei4"),
    ("这是为处理图像而设计的网络。", "为", "wei4"),
    ("找到相对应的数据。", "应", "ying4"),
    ("注释前要空两个字符。", "空", "kong4"),
    ("接受率平衡很重要。", "率", "lü4"),
    # word classes: no verb before 得 makes it děi; a subject before 得了 makes it dé
    ("报告明天之前得交。", "得", "dei3"),
    ("他在比赛中得了二等奖。", "得", "de2"),
    ("书写得很好。", "得", "de5"),
    ("他把自行车还了回去。", "还", "huan2"),
    ("妈妈在切西瓜。", "切", "qie1"),
    ("这里的空气太干了。", "干", "gan1"),
    ("听完大家都乐了。", "乐", "le4"),
    ("音乐课很有意思。", "乐", "yue4"),
    ("他每天都弹一会儿琴。", "弹", "tan2"),
    ("把绳子系紧。", "系", "ji4"),
    ("我们的关系好。", "系", "xi4"),
    ("志愿者们为灾区群众送去了食物。", "为", "wei4"),
    ("该镇人口为三万。", "为", "wei2"),
    ("我这周末没空。", "空", "kong4"),
    ("这篇文章的分量很重。", "分", "fen4"),
    ("连续加班让他累病了。", "累", "lei4"),
    # second round: verbs before a particle or a complement, doubled verbs, glued patterns
    ("他把袖子卷了起来。", "卷", "juan3"),
    ("请把桌布铺在桌子上。", "铺", "pu1"),
    ("她给我盛了一碗汤。", "盛", "cheng2"),
    ("做蛋糕时要量好面粉。", "量", "liang2"),
    ("他和同事们处得很好。", "处", "chu3"),
    ("你能教教我吗？", "教", "jiao1"),
    ("你数一数有几个。", "数", "shu3"),
    ("把空调温度调低一点。", "调", "tiao2"),
    ("请把这两行合并成一行。", "行", "hang2"),
    ("公司为股东分配了丰厚的红利。", "为", "wei4"),
    ("全场观众起立为他鼓掌。", "为", "wei4"),
    ("幅度为0.25个百分点。", "为", "wei2"),
    ("他以零点一秒之差屈居亚军。", "差", "cha1"),
    ("我今天中午睡了一觉。", "觉", "jiao4"),
    ("你帮我和面。", "和", "huo2"),
]


@pytest.mark.parametrize("text,sub,expected", EVERYDAY)
def test_everyday_polyphones(engine, seg, text, sub, expected) -> None:
    out = engine.readings(text, seg(text))
    i = text.index(sub)
    assert " ".join(str(x) for x in out[i : i + len(sub)]) == expected, text
