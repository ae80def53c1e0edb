"""Table tests: learner cases, polyphone weak spots and sentences from the app's corpus.

Each row: text, the substring to check, its expected tone-number syllables.
Texts are segmented with jieba HMM=False, as in the app.
"""

from __future__ import annotations

import pytest

from reader.pinyin import PinyinEngine


def check(engine: PinyinEngine, seg, text: str, sub: str, expected: str) -> None:
    out = engine.readings(text, seg(text))
    assert len(out) == len(text)
    i = text.index(sub)
    got = " ".join(str(x) for x in out[i : i + len(sub)])
    assert got == expected, f"{text}: {sub} -> {got}, expected {expected}"


LEARNER = [
    # lexical neutral tones
    ("我去买东西。", "东西", "dong1 xi5"),
    ("这条河东西走向。", "东西", "dong1 xi1"),
    ("东西方向的道路", "东西", "dong1 xi1"),
    ("妈妈", "妈妈", "ma1 ma5"),
    ("朋友", "朋友", "peng2 you5"),
    ("时候", "时候", "shi2 hou5"),
    ("先生", "先生", "xian1 sheng5"),
    ("知道", "知道", "zhi1 dao5"),
    ("事情", "事情", "shi4 qing5"),
    ("喜欢", "喜欢", "xi3 huan5"),
    ("告诉", "告诉", "gao4 su5"),
    # 早上: 上 is a model character, but common neutral-tone words are neutral by default
    ("早上", "早上", "zao3 shang5"),
    ("我晚上回家", "晚上", "wan3 shang5"),
    ("他的弟弟", "弟弟", "di4 di5"),
    ("她的名字", "名字", "ming2 zi5"),
    # noun and locative suffixes are neutral (胡子 húzi, 石头 shítou, 外边 wàibian)
    ("留着胡子", "胡子", "hu2 zi5"),
    ("外边有石头", "外边有石头", "wai4 bian5 you3 shi2 tou5"),
    # formal words where CPP-style usage keeps the full tone stay citation by default
    ("认识", "认识", "ren4 shi2"),
    # polyphones in words
    ("银行", "银行", "yin2 hang2"),
    ("长期", "长期", "chang2 qi1"),
    ("做不了", "做不了", "zuo4 bu4 liao3"),
    ("行业", "行业", "hang2 ye4"),
    ("一行人", "一行人", "yi1 xing2 ren2"),
    ("重新", "重新", "chong2 xin1"),
    ("还是", "还是", "hai2 shi5"),
    ("为了", "为了", "wei4 le5"),
    ("都市", "都市", "du1 shi4"),
    ("便宜", "便宜", "pian2 yi5"),
    ("调整", "调整", "tiao2 zheng3"),
    ("音乐", "音乐", "yin1 yue4"),
    ("快乐", "快乐", "kuai4 le4"),
]


@pytest.mark.parametrize("text,sub,expected", LEARNER)
def test_learner_cases(engine, seg, text, sub, expected):
    check(engine, seg, text, sub, expected)


APP_CORPUS = [
    ("让他真正有自信的", "真正", "zhen1 zheng4"),
    ("长期追赶", "长期", "chang2 qi1"),
    ("都不好意思跟投资人打招呼", "都", "dou1"),
    ("行不通", "行不通", "xing2 bu4 tong1"),
    ("互联网大厂", "大厂", "da4 chang3"),
    ("重新 All-in", "重新", "chong2 xin1"),
    ("还得加上", "还得", "hai2 dei3"),
    ("得靠听", "得", "dei3"),
    ("为了减肥", "为了", "wei4 le5"),
    ("发不出工资", "发不出", "fa1 bu4 chu1"),
    ("调头", "调头", "diao4 tou2"),
    ("调优", "调优", "tiao2 you1"),
    ("调整", "调整", "tiao2 zheng3"),
    ("一行代码", "一行", "yi1 hang2"),
    ("他们一行人来到北京", "一行", "yi1 xing2"),
    ("第三行", "行", "hang2"),
]


@pytest.mark.parametrize("text,sub,expected", APP_CORPUS)
def test_app_corpus(engine, seg, text, sub, expected):
    check(engine, seg, text, sub, expected)


WEAK_SPOTS = [
    # 了
    ("我了解他", "了解", "liao3 jie3"),
    ("他真了不起", "了不起", "liao3 bu4 qi3"),
    ("我受不了", "受不了", "shou4 bu4 liao3"),
    ("这件事他做不了", "做不了", "zuo4 bu4 liao3"),
    ("他来了", "了", "le5"),
    # 着
    ("他睡着了", "睡着", "shui4 zhao2"),
    ("别着急", "着急", "zhao2 ji2"),
    ("着手准备", "着手", "zhuo2 shou3"),
    ("着装要求", "着装", "zhuo2 zhuang1"),
    ("他看着我", "着", "zhe5"),
    # 得 地 的
    ("你得去", "得", "dei3"),
    ("他跑得很快", "得", "de5"),
    ("他得了第一名", "得", "de2"),
    ("慢慢地走", "地", "de5"),
    ("地上", "地", "di4"),
    ("的确如此", "的确", "di2 que4"),
    ("目的", "目的", "mu4 di4"),
    ("我的书", "的", "de5"),
    # 行 长 重 还 为 都
    ("银行行长", "银行行长", "yin2 hang2 hang2 zhang3"),
    ("孩子长大了", "长大", "zhang3 da4"),
    ("成长", "成长", "cheng2 zhang3"),
    ("很重要", "重", "zhong4"),
    ("我还钱给你", "还", "huan2"),
    ("他还没来", "还", "hai2"),
    ("成为", "为", "wei2"),
    ("首都", "都", "du1"),
    ("我们都去", "都", "dou1"),
    # others from the brief's list
    ("方便", "便", "bian4"),
    ("空调", "调", "tiao2"),
    ("调查", "调", "diao4"),
    ("宝藏", "藏", "zang4"),
    ("收藏", "藏", "cang2"),
    ("弹琴", "弹", "tan2"),
    ("子弹", "弹", "dan4"),
    ("自传", "传", "zhuan4"),
    ("传说", "传", "chuan2"),
    ("朝代", "朝", "chao2"),
    ("朝气蓬勃", "朝", "zhao1"),
    ("只有", "只", "zhi3"),
    ("一只猫", "只", "zhi1"),
    ("一种", "种", "zhong3"),
    ("种地", "种", "zhong4"),
    ("处理", "处", "chu3"),
    ("到处", "处", "chu4"),
    ("将来", "将", "jiang1"),
    ("将军", "将", "jiang1"),
    ("相信", "相", "xiang1"),
    ("首相", "相", "xiang4"),
    ("数学", "数", "shu4"),
    ("数不清", "数", "shu3"),
    ("少年", "少", "shao4"),
    ("很少", "少", "shao3"),
    ("爱好", "好", "hao4"),
    ("好人", "好", "hao3"),
    ("一分钱", "分", "fen1"),
    ("更新", "更", "geng1"),
    ("更加", "更", "geng4"),
    ("当然", "当", "dang1"),
    ("上当", "当", "dang4"),
    ("干净", "干", "gan1"),
    ("干活", "干", "gan4"),
    ("教书", "教", "jiao1"),
    ("教育", "教", "jiao4"),
    ("有空", "空", "kong4"),
    ("天空", "空", "kong1"),
    ("请假", "假", "jia4"),
    ("假如", "假", "jia3"),
    ("出差", "差", "chai1"),
    ("差不多", "差", "cha4"),
    ("角色", "角", "jue2"),
    ("角落", "角", "jiao3"),
    ("效率", "率", "lü4"),
    ("率领", "率", "shuai4"),
    ("下降", "降", "jiang4"),
    ("投降", "降", "xiang2"),
    ("奇数", "奇", "ji1"),
    ("奇怪", "奇", "qi2"),
    ("曾经", "曾", "ceng2"),
    ("曾国藩", "曾", "zeng1"),
    ("仔细", "仔", "zi3"),
    ("牛仔", "仔", "zai3"),
    ("参加", "参", "can1"),
    ("人参", "参", "shen1"),
]


EVERYDAY = [
    ("我们一起去看电影吧，好不好？", "吧", "ba5"),
    ("去酒吧", "酒吧", "jiu3 ba1"),
    ("我教你一个好办法", "教", "jiao1"),
    ("他已经教了十年了", "教", "jiao1"),
    ("为了这件事，他累得要命。", "累得", "lei4 de5"),
    ("屋里热得受不了", "热得", "re4 de5"),
    ("这只小狗只吃肉", "这只小狗只", "zhe4 zhi1 xiao3 gou3 zhi3"),
    ("这只是开始", "只", "zhi3"),
    ("书上说的不一定都对", "都", "dou1"),
    ("他还没还我钱呢", "还没还", "hai2 mei2 huan2"),
    ("银行的行长说，这一行不好干。", "这一行", "zhe4 yi1 hang2"),
    ("那个人好像在哪儿见过", "哪儿", "na3 r5"),
    ("他长得很高", "长得", "zhang3 de5"),
    ("我会尽量早点回来", "尽量", "jin3 liang4"),
    ("大家都尽力了", "尽力", "jin4 li4"),
    ("天气很暖和", "暖和", "nuan3 huo5"),
]


@pytest.mark.parametrize("text,sub,expected", EVERYDAY)
def test_everyday_rules(engine, seg, text, sub, expected):
    check(engine, seg, text, sub, expected)


@pytest.mark.parametrize("text,sub,expected", WEAK_SPOTS)
def test_weak_spots(engine, seg, text, sub, expected):
    check(engine, seg, text, sub, expected)


@pytest.mark.parametrize(
    "text,sub,expected",
    [
        ("早上", "早上", "zao3 shang5"),
        ("衣服", "衣服", "yi1 fu5"),
        ("认识", "认识", "ren4 shi5"),
        ("朋友", "朋友", "peng2 you5"),
    ],
)
def test_neutral_tone_mode(neutral_engine, seg, text, sub, expected):
    check(neutral_engine, seg, text, sub, expected)


def test_umlaut_and_neutral_format(engine, seg):
    out = engine.readings("绿色的女孩", seg("绿色的女孩"))
    assert out == ["lü4", "se4", "de5", "nü3", "hai2"]


def test_non_han_is_none(engine, seg):
    text = "我用iPhone 15，很好！"
    out = engine.readings(text, seg(text))
    assert out[0] == "wo3" and out[1] == "yong4"
    assert all(x is None for x in out[2:8])  # iPhone
    assert out[8] is None and out[9] is None and out[10] is None  # space, digits
    assert out[11] is None and out[-1] is None  # punctuation
    assert out[12] == "hen3" and out[13] == "hao3"


def test_forced_readings(engine, seg):
    text = "银行"
    out = engine.readings(text, seg(text), forced={(0, 2): ["yin2", "xing2"]})
    assert out == ["yin2", "xing2"]
    # wrong length is ignored, not an error
    out = engine.readings(text, seg(text), forced={(0, 2): ["yin2"]})
    assert out == ["yin2", "hang2"]
