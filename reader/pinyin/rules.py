"""Context rules for polyphones where both the model and the dictionaries are weak.

Each rule encodes a grammatical or lexical fact (not a list of sentences) and
only fires in a narrow, recognisable context; most leave a character alone when
a dictionary word covers it. Each was kept only if it did not lose on the CPP
tuning half and fixes common cases in everyday text (see REPORT.md).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence

_DIGITS = set("〇零一二两三四五六七八九十百千万几") | set("0123456789０１２３４５６７８９")


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF


# 不了 after a verb is the potential complement liǎo (做不了, 受不了, 少不了);
# after these adverbs 不 negates a missing verb and 了 is the particle
# (我就不了 "I'll pass").
_NOT_VERB_BEFORE_BU = set("就也都还再可才倒先我你他她它们")

# 尽 is jìn (to exhaust, all) except in a closed set of words where it is jǐn
# "as … as possible": 尽管 尽量 尽快 尽早 尽先 尽可能 尽着 尽自 尽底下 尽里头 …
_JIN3_NEXT = set("管量快早先可着自底里前后")

# 调 + adjective = "adjust so that it becomes …", always tiáo (调优 调高 调低 调大)
_TIAO_RESULT = set("优高低大小快慢好准匀亮暗松紧平细稳轻淡浓顺")

# 还 directly followed by what is returned/answered is huán (还钱 还书 还手)
_HUAN_OBJECT_WORDS = {
    "钱",
    "债",
    "款",
    "贷",
    "贷款",
    "书",
    "手",
    "乡",
    "礼",
    "愿",
    "价",
    "嘴",
    "俗",
    "魂",
    "账",
    "欠款",
    "债务",
    "房贷",
    "车贷",
    "信用卡",
    "借款",
    "本金",
    "利息",
    "人情",
    "清白",
}

# 得 děi "must": after a subject or adverb and before a verb (还得加上, 你得去,
# 得靠听). Not before what 得 dé "obtain" takes (得了 得过 得奖 得分 …) or
# before degree words (de complement).
_DEI_PREV_WORDS = {
    "还",
    "也",
    "就",
    "都",
    "总",
    "可",
    "又",
    "非",
    "才",
    "只",
    "真",
    "倒",
    "必",
    "便",
    "那",
    "我",
    "你",
    "他",
    "她",
    "它",
    "我们",
    "你们",
    "他们",
    "她们",
    "咱",
    "咱们",
    "大家",
    "谁",
    "还是",
    "总是",
    "就是",
    "那就",
    "那么",
    "这",
    "您",
    "人",
    "自己",
    "一定",
    "必须",
}
_DEI_NOT_NEXT = (
    set(
        "到了着过出知奖分名意失胜益病罪宠势票以其悉逞救利道天当体力手数主空闲很太非真好多少不"
        "更最特挺极比越相第之而所"
    )
    | _DIGITS
)

# adverbial 地 (de) after manner words: 突然地 必然地 预见性地 不断地 逐渐地,
# reduplicated adjectives 慢慢地 高高兴兴地
_DE_ADVERB_END = set("然性断渐般意声样力心气")


def _single(spans_at: Sequence[int], spans: Sequence[tuple[int, int]], i: int) -> bool:
    s, e = spans[spans_at[i]]
    return e - s == 1


def apply(
    text: str,
    spans: Sequence[tuple[int, int]],
    out: list[str | None],
    dict_pos: Container[int],
    known: Callable[[str], bool] = lambda w: False,
) -> None:
    """Adjust `out` in place. `text` is the (normalised) text, `spans` the
    cleaned segmentation, `dict_pos` the positions covered by a dictionary word,
    `known(w)` tells whether a dictionary has the word `w`."""
    n = len(text)
    span_at = [0] * n
    for k, (s, e) in enumerate(spans):
        for i in range(s, e):
            span_at[i] = k

    def word(k: int) -> str:
        if 0 <= k < len(spans):
            s, e = spans[k]
            return text[s:e]
        return ""

    def prev_ch(i: int) -> str:
        return text[i - 1] if i > 0 else ""

    def next_ch(i: int) -> str:
        return text[i + 1] if i + 1 < n else ""

    for i, ch in enumerate(text):
        cur = out[i]
        if cur is None or ch not in _RULE_CHARS:
            continue
        if ch == "了":
            if (
                prev_ch(i) == "不"
                and i >= 2
                and _is_han(text[i - 2])
                and text[i - 2] not in _NOT_VERB_BEFORE_BU
            ):
                out[i] = "liao3"
        elif ch == "的":
            # 的确 díquè "indeed" inside a longer segmenter word (的确如此); but
            # 的 + 确认/确定/确保 … is the particle
            if cur == "de5" and next_ch(i) == "确" and text[i + 2 : i + 3] not in _QUE_WORD_2ND:
                out[i] = "di2"
        elif ch == "弄":
            # lòng only means "lane": in words (弄堂, 里弄), which the dictionaries
            # cover, in Shanghai addresses (武康路40弄) and lane names (王家弄)
            pc = prev_ch(i)
            if (
                cur == "long4"
                and i not in dict_pos
                and not pc.isdigit()
                and pc not in _LANE_PREV
                and next_ch(i) not in _LANE_NEXT
            ):
                out[i] = "nong4"
        elif ch == "尽":
            if i not in dict_pos:
                out[i] = "jin3" if next_ch(i) in _JIN3_NEXT else "jin4"
        elif ch == "将":
            # the adverb/preposition jiāng never ends a clause; 参将 魏将 are nouns
            nc = next_ch(i)
            if (
                cur == "jiang1"
                and i not in dict_pos
                and (nc == "" or not (_is_han(nc) or nc.isalnum()))
            ):
                out[i] = "jiang4"
        elif ch == "调":
            if i not in dict_pos and _single(span_at, spans, i) and next_ch(i) in _TIAO_RESULT:
                out[i] = "tiao2"
        elif ch == "还":
            if _single(span_at, spans, i):
                nw = word(span_at[i] + 1)
                if nw in _HUAN_OBJECT_WORDS:
                    out[i] = "huan2"
                elif nw in _PRONOUNS and word(span_at[i] + 2) in _HUAN_OBJECT_WORDS:
                    out[i] = "huan2"  # 还我钱 还你书
                elif prev_ch(i) in _NEG_MEI and next_ch(i) not in _HAI_NEXT:
                    out[i] = "huan2"  # 没还 未还: "has not returned" (the adverb comes first: 还没)
        elif ch == "得":
            if i in dict_pos or not _single(span_at, spans, i):
                if i not in dict_pos and cur == "de2":
                    # V得C as one unknown three-character segmenter word:
                    # 跑得快 说得好 看得见 (but not 获得 inside 获得胜利)
                    s, e = spans[span_at[i]]
                    if e - s == 3 and s + 1 == i and not known(text[s : i + 1]):
                        out[i] = "de5"
                continue
            k = span_at[i]
            pw = word(k - 1)
            nc = next_ch(i)
            starts = i == 0 or not _is_han(prev_ch(i))
            if (starts or pw in _DEI_PREV_WORDS) and nc and _is_han(nc) and nc not in _DEI_NOT_NEXT:
                out[i] = "dei3"
            elif (
                cur == "de2"
                and len(pw) == 1
                and _is_han(pw)
                and pw not in _DEI_PREV_WORDS
                and pw not in _PRONOUNS
                and pw not in _DE2_VERBS
                and _is_han(nc)
                and nc not in _DE2_NEXT
                and (len(word(k + 1)) >= 2 or nc in _VERY or nc in _DE_ADJ1)
            ):
                # a one-character verb or adjective + 得 + predicate is the
                # complement marker de: 死得较为突然 跑得很快 累得要命 热得受不了
                # (dé "obtain" follows a subject: 他得了; 获得 取得 are words;
                # classical 得 + one-character verb "manage to": 得释 得免)
                out[i] = "de5"
        elif ch == "地":
            if (
                cur != "de5"
                and i not in dict_pos
                and _single(span_at, spans, i)
                and _is_han(next_ch(i))
            ):
                pw = word(span_at[i] - 1)
                redup = len(pw) >= 2 and (
                    pw[-1] == pw[-2] or (len(pw) == 4 and pw[0] == pw[1] and pw[2] == pw[3])
                )
                if len(pw) >= 2 and (pw[-1] in _DE_ADVERB_END or redup):
                    out[i] = "de5"
        elif ch == "都":
            # the adverb dōu stands before a predicate; dū (capital, 首都 都市)
            # is a noun or bound morpheme that never precedes 是/不/没/很 …
            if (
                cur == "du1"
                and i not in dict_pos
                and _single(span_at, spans, i)
                and next_ch(i) in _DOU_NEXT
            ):
                out[i] = "dou1"
        elif ch == "只":
            # measure word zhī after a numeral or demonstrative (一只 这只小狗),
            # but 这只是 / 那只有 are the adverb zhǐ
            pc = prev_ch(i)
            if (
                cur == "zhi3"
                and i not in dict_pos
                and (pc in _DIGITS or pc in _DEMONSTR)
                and next_ch(i) not in _ZHI3_NEXT
                and not (pc in _DEMONSTR and next_ch(i) == "")
            ):
                out[i] = "zhi1"
        elif ch in _FINAL_PARTICLES:
            # modal particles closing a clause are neutral: 看电影吧， 走呀！ 是嘛。
            # The full-tone readings live in words the dictionaries cover (酒吧
            # 网吧) or stand at the start of a clause (interjections), and
            # reduplication is onomatopoeia. 啦 哩 咯 哇 啊 are left to the model:
            # names (哆啦 爪哇), the unit 哩 "mile" and interjection 啊 made the
            # rule lose on the tuning half.
            nc = next_ch(i)
            pc = prev_ch(i)
            if (
                i not in dict_pos
                and (nc == "" or not (_is_han(nc) or nc.isalnum()))
                and _is_han(pc)
                and pc not in _DIGITS
                and pc != ch
            ):
                out[i] = _FINAL_PARTICLES[ch]
        elif ch == "边":
            # locative suffix: 东边 右边 西南边 里边 are -bian (neutral; CPP writes
            # bian5 too); 边境 边缘 周边 湖边 keep biān
            s, e = spans[span_at[i]]
            if cur == "bian1" and i not in dict_pos and e == i + 1 and prev_ch(i) in _DIRECTIONS:
                out[i] = "bian5"
        elif ch == "教":
            # verb jiāo "teach" before the person taught or an aspect particle
            # (教你 教他们 教了十年 教书); jiào is the noun/bound form (教育 教室)
            if cur == "jiao4" and i not in dict_pos and _single(span_at, spans, i):
                nw = word(span_at[i] + 1)
                if nw in _PRONOUNS or next_ch(i) in _JIAO1_NEXT:
                    out[i] = "jiao1"
        elif ch == "累":
            # tired: lèi (很累 累了 累得 累死); lěi "accumulate" lives in words (累计 积累)
            if (
                cur != "lei4"
                and i not in dict_pos
                and _single(span_at, spans, i)
                and (next_ch(i) in _LEI4_NEXT or prev_ch(i) in _LEI4_PREV)
            ):
                out[i] = "lei4"
        elif ch == "处":
            # measure word / place after a numeral or determiner: 一处 各处 此处
            pc = prev_ch(i)
            if cur == "chu3" and i not in dict_pos and (pc in _DIGITS or pc in _DETERMINERS):
                s, e = spans[span_at[i]]
                if e == i + 1 and s >= i - 1:  # 处 alone, or a two-character word like 一处
                    out[i] = "chu4"
        elif ch == "藏":
            # 所 + verb: 所藏 "what is kept" is cáng; so is 藏 with an aspect particle or a
            # resultative after it (藏着, 藏了, 藏起来, 藏好): zàng is a noun (西藏, 宝藏)
            if prev_ch(i) == "所" or next_ch(i) in _CANG_NEXT:
                out[i] = "cang2"
        elif ch == "率":
            # 率 + troops is shuài "to lead" (率部 率军 率兵); pypinyin's dictionary
            # has 率部 as lǜ
            if next_ch(i) in _TROOPS:
                out[i] = "shuai4"
        elif ch == "数":
            # reduplicated verb 数一数 / 数了数 "count"
            if text[i : i + 3] in ("数一数", "数了数"):
                out[i] = "shu3"
                out[i + 2] = "shu3"
        elif ch == "行":
            if i not in dict_pos or cur == "xing2":
                pc = prev_ch(i)
                if pc in _DIGITS or pc in _LINE_PREV:
                    j = i - 1
                    while j >= 0 and (text[j] in _DIGITS):
                        j -= 1
                    ordinal = j >= 0 and text[j] == "第"
                    nxt = text[i + 1 : i + 3]
                    if ordinal or nxt[:1] in _LINE_NOUNS_1 or nxt in _LINE_NOUNS_2:
                        out[i] = "hang2"
                    elif (
                        pc == "一"
                        and i >= 2
                        and text[i - 2] in _PROFESSION_PREV
                        and next_ch(i) not in _PARTY_NEXT
                    ):
                        # 这一行 干一行 爱一行 "(this) line of work"; 这一行人 is a party
                        out[i] = "hang2"
        elif ch == "西" and i > 0 and text[i - 1] == "东" and span_at[i] == span_at[i - 1]:
            s, e = spans[span_at[i]]
            if e - s == 2:
                # 东西 "thing" is dōngxi; "east and west" (a direction or
                # extent) keeps xī: 东西方向 东西长 东西两侧 从东西
                nc = next_ch(i)
                if nc in _EAST_WEST_NEXT or prev_ch(i - 1) in _EW_PREV:
                    out[i] = "xi1"
                else:
                    out[i] = "xi5"


_DEGREE_WORDS = {
    "很",
    "太",
    "非常",
    "十分",
    "较",
    "较为",
    "比较",
    "更",
    "更加",
    "越来越",
    "特别",
    "极",
    "极为",
    "相当",
    "挺",
    "真",
    "有些",
    "有点",
    "多么",
    "如此",
    "那么",
    "这么",
}

_QUE_WORD_2ND = set("认定保诊立切凿证知信实")

# 一行 … : a line of writing is háng (一行代码 两行字 第三行), a party of people
# xíng (一行人, handled by the dictionaries)
_LINE_NOUNS_1 = set("字诗泪树")
_LINE_NOUNS_2 = {
    "代码",
    "文字",
    "数据",
    "命令",
    "程序",
    "注释",
    "文本",
    "公式",
    "记录",
    "字符",
    "汉字",
    "单词",
    "小字",
    "大字",
    "表格",
    "句子",
    "歌词",
    "诗句",
    "脚本",
    "日志",
}
_EAST_WEST_NEXT = set("方南北向两长宽走部侧距端横纵各约全分相之跨延贯直")

_PRONOUNS = {
    "我",
    "你",
    "他",
    "她",
    "它",
    "您",
    "我们",
    "你们",
    "他们",
    "她们",
    "咱们",
    "人家",
    "大家",
}
_NEG_MEI = set("没未")
_HAI_NEXT = set("是有在要没不会能可得行好")
# after V得: these make 得 the verb dé or part of a word (得了 得到 得失 …)
_DE2_NEXT = set("了到过着知奖分名票失益逞手罪救势宠病意以其悉出")
_DOU_NEXT = set("是不没很有在会要能可已把被对得给让来去说想看也还还要一比更最挺太快")
_DEMONSTR = set("这那哪每某")
_DE_ADJ1 = set("快慢好坏多少高低远近早晚大小长短深浅真准对错美香甜苦辣硬软干净亮")
_LEI4_NEXT = set("得死坏了极着")
_FINAL_PARTICLES = {"吧": "ba5", "呗": "bei5", "喽": "lou5", "嘛": "ma5", "呀": "ya5"}
_DIRECTIONS = set("东西南北左右里外上下前后")
_JIAO1_NEXT = set("了过着给书课")
_LEI4_PREV = set("很太好真不挺多怕又")
_ZHI3_NEXT = set("是有要能会好不在剩得想需用管顾怕知")
_PROFESSION_PREV = set("这那哪干爱隔本每")
_PARTY_NEXT = set("人众")
_LANE_PREV = set("家里巷")
_LANE_NEXT = set("堂口")
_DE2_VERBS = set("只不获取赢难")  # 只得 不得 获得 …: 得 is dé there
_VERY = set("很太")
_DETERMINERS = set("各每某此该这那何多")
_TROOPS = set("部军兵众师队舰团")
_LINE_PREV = set("这那每哪逐")
_EW_PREV = set("从横贯")

# every character some rule above looks at (a fast pre-check)
_CANG_NEXT = set("着了过起好住在得")
_RULE_CHARS = set("了的弄尽将调还得地都只处藏率数行西教累边") | set(_FINAL_PARTICLES)
