"""Cleaning raw article text: chrome, images, links, emphasis, annotations, headings, bylines."""

from __future__ import annotations

import pytest

from reader.text.annotations import strip_pinyin_annotations
from reader.text.clean import clean_inline, clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # annotations that are readings of the character before them are removed
        ("猶如刮風(fēng)一樣絲滑", "猶如刮風一樣絲滑"),
        ("文:王智遠(yuǎn) | ID:Z201440", "文:王智遠 | ID:Z201440"),
        ("轉(zhuǎn)換成文字", "轉換成文字"),
        ("互聯(lián)網(wǎng)時代", "互聯網時代"),
        ("銀行（háng）", "銀行"),
        # everything else in brackets stays
        ("這叫過擬合 (Overfitting)。", "這叫過擬合 (Overfitting)。"),
        ("這叫剪枝(Pruning)。", "這叫剪枝(Pruning)。"),
        ("真正的 AGI(通用人工智能)", "真正的 AGI(通用人工智能)"),
        ("他說(hǎo)錯了", "他說(hǎo)錯了"),  # hǎo is not a reading of 說
    ],
)
def test_pinyin_annotations(raw: str, expected: str) -> None:
    assert strip_pinyin_annotations(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("**闫俊杰**：技术人员比较关注的是", "闫俊杰：技术人员比较关注的是"),
        ("**晚点****：那你们真的上道了吗？**", "晚点：那你们真的上道了吗？"),
        (
            "10 个月前，[闫俊杰也接受过《晚点》访谈](https://mp.weixin.qq.com/s?a=1)，那时",
            "10 个月前，闫俊杰也接受过《晚点》访谈，那时",
        ),
        ("前文![Image 35](https://x/y.png)后文", "前文后文"),
        ("四個小時,終于稀稀拉拉聽完了;為什么?", "四個小時，終于稀稀拉拉聽完了；為什么？"),
        ("ID:Z201440 和 3:4 和 http://x.y", "ID:Z201440 和 3:4 和 http://x.y"),
        ("ChatGPT\u00a0 的 DAU", "ChatGPT 的 DAU"),
        ("\\- FIN -", "- FIN -"),
    ],
)
def test_inline(raw: str, expected: str) -> None:
    assert clean_inline(raw) == expected


def test_page_chrome_and_bylines() -> None:
    raw = "\n\n".join(
        [
            "搜索历史清空",
            "闫俊杰的“赌性”",
            " 财中社 孙语彤  2025-08-08 21:36  1.9w阅读",
            "第一段正文。",
            "![]()",
            "押注App工厂",
            "第二段正文。",
            "长按保存图片",
            "相关文章",
            "24小时热门文章",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.meta == {
        "source": "财中社",
        "author": "孙语彤",
        "date": "2025-08-08",
        "title": "闫俊杰的“赌性”",
    }
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("text", "第一段正文。"),
        ("heading", "押注App工厂"),
        ("text", "第二段正文。"),
    ]


def test_section_numbers_lists_and_disclaimers() -> None:
    raw = "\n".join(
        [
            "開頭的一段話。",
            "01",
            "為什么我要下這個結論?",
            "  • 列表第一项。",
            "第一场，走非共识技术路线",
            "特別聲明:以上內容為自媒體平臺“網易號”用戶上傳並發布。",
            "Notice: The content above is uploaded and posted by a user of NetEase Hao.",
        ]
    )
    blocks = clean_text(raw).blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("text", 0, "開頭的一段話。"),
        ("heading", 2, "01"),
        ("text", 0, "為什么我要下這個結論？"),
        ("list", 0, "列表第一项。"),
        ("heading", 3, "第一场，走非共识技术路线"),
    ]


def test_jina_markdown_header_caption_and_sign_off() -> None:
    raw = "\n\n".join(
        [
            "Title: 晚点对话 MiniMax 闫俊杰：创业没有天选之子",
            "URL Source: https://mp.weixin.qq.com/s/abc",
            "Markdown Content:",
            "![Image 35](https://mmbiz.qpic.cn/x.png)",
            "**MiniMax 创始人兼 CEO 闫俊杰**",
            "**文丨程曼祺**",
            "**编辑丨宋玮**",
            "*   **“千万不要用上一代移动互联网产品方法论来思考新产品。”**",
            "**“如果可以重新选，应该第一天就开源”**",
            "**晚点****：你们发布新模型后，得到了什么反馈？**",
            "**闫俊杰**：技术人员比较关注的是架构。",
            "**晚点对话**",
            "**最一手的商业访谈，最真实的企业家思考。**",
            "\\-  FIN  -",
            "[![Image 47](https://x/y.png)](https://mp.weixin.qq.com/s?x)",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.meta == {
        "title": "晚点对话 MiniMax 闫俊杰：创业没有天选之子",
        "url": "https://mp.weixin.qq.com/s/abc",
        "author": "程曼祺",
        "editor": "宋玮",
    }
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("list", "“千万不要用上一代移动互联网产品方法论来思考新产品。”"),
        ("heading", "“如果可以重新选，应该第一天就开源”"),
        ("text", "晚点：你们发布新模型后，得到了什么反馈？"),
        ("text", "闫俊杰：技术人员比较关注的是架构。"),
    ]
