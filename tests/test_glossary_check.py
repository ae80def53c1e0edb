"""Validation of glossary files through ``reader glossary check --file``: exact lines and columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli.main import main
from reader.glossary.load import MAX_FILE_BYTES, check, parse_file, reading_problem

ENTRY = """\
  - id: scaling-law
    zh: [规模定律, 規模定律]
    pinyin: [guī mó dìng lǜ, guī mó dìng lǜ]
    en: scaling law
    aliases: [scaling laws]
    category: concept
    definition: Loss falls as a power law as models grow.
"""
OTHER = """\
  - id: linear-attention
    zh: [线性注意力]
    pinyin: [xiàn xìng zhù yì lì]
    en: linear attention
    category: architecture
    definition: Attention whose cost grows linearly with the sequence length.
"""


def doc(*entries: str) -> str:
    return "entries:\n" + "".join(entries)


def run_check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[str], str]:
    code = main(["glossary", "check", "--file", str(path)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


CASES = [
    (
        "bad-syntax",
        doc(ENTRY.replace("en: scaling law", "en: [scaling law")),
        [
            "6:12: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 5, column 9)"
        ],
    ),
    (
        "tab",
        doc(ENTRY.replace("    en: scaling law", "\ten: scaling law")),
        ["5:1: invalid YAML: a tab character; indent with spaces"],
    ),
    (
        "duplicate-id",
        doc(ENTRY, OTHER.replace("linear-attention", "scaling-law", 1)),
        ["9:9: duplicate id 'scaling-law' (first at line 2)"],
    ),
    (
        "duplicate-chinese-form",
        doc(
            ENTRY,
            OTHER.replace("[线性注意力]", "[线性注意力, 规模定律]").replace(
                "[xiàn xìng zhù yì lì]", "[xiàn xìng zhù yì lì, guī mó dìng lǜ]"
            ),
        ),
        ["10:17: Chinese form '规模定律' also belongs to 'scaling-law' (line 3)"],
    ),
    (
        "duplicate-chinese-form-in-the-other-script",
        doc(
            ENTRY.replace("[规模定律, 規模定律]", "[规模定律]").replace(
                "[guī mó dìng lǜ, guī mó dìng lǜ]", "[guī mó dìng lǜ]"
            ),
            OTHER.replace("[线性注意力]", "[線性注意力, 規模定律]").replace(
                "[xiàn xìng zhù yì lì]", "[xiàn xìng zhù yì lì, guī mó dìng lǜ]"
            ),
        ),
        ["10:17: Chinese form '規模定律' also belongs to 'scaling-law' (line 3)"],
    ),
    (
        "duplicate-english-alias-any-case",
        doc(
            ENTRY,
            OTHER.replace(
                "    category: architecture",
                "    aliases: [Scaling Laws]\n    category: architecture",
            ),
        ),
        [
            "13:15: English form 'Scaling Laws' also belongs to 'scaling-law' "
            "(line 6; case is ignored)"
        ],
    ),
    (
        "unknown-see-also",
        doc(ENTRY + "    see_also: [linear-attention, no-such-term]\n", OTHER),
        ["9:34: see_also of 'scaling-law' names unknown id 'no-such-term'"],
    ),
    (
        "pinyin-syllable-count",
        doc(OTHER.replace("xiàn xìng zhù yì lì", "xiàn xìng zhù yì")),
        ["4:14: pinyin 'xiàn xìng zhù yì' has 4 syllables but '线性注意力' has 5 Han characters"],
    ),
    (
        "pinyin-not-a-reading",
        doc(OTHER.replace("xiàn xìng zhù", "xiàn xíng zhù")),
        ["4:19: pinyin 'xíng' is not a reading of '性' in '线性注意力' (xìng)"],
    ),
    (
        "pinyin-tone-digits",
        doc(OTHER.replace("xiàn xìng zhù yì lì", "xian4 xing4 zhu4 yi4 li4")),
        ["4:14: pinyin 'xian4' has a tone number; write tone marks ('xiàn')"],
    ),
    (
        "pinyin-upper-case",
        doc(OTHER.replace("xiàn xìng zhù yì lì", "xiàn xìng Zhù yì lì")),
        ["4:24: pinyin 'Zhù' must be lower-case ('zhù')"],
    ),
    (
        "missing-required-field",
        doc(
            OTHER.replace(
                "    definition: Attention whose cost grows linearly with the sequence length.\n",
                "",
            )
        ),
        ["2:5: entry is missing the required field 'definition'"],
    ),
    (
        "number-for-en",
        doc(OTHER.replace("en: linear attention", "en: 42")),
        ["5:9: 'en' must be a string, not a number"],
    ),
    (
        "mapping-for-zh",
        doc(OTHER.replace("zh: [线性注意力]", "zh: {simplified: 线性注意力}")),
        ["3:9: 'zh' must be a list of strings, not a mapping"],
    ),
    (
        "unknown-field",
        doc(OTHER + "    colour: red\n"),
        [
            "8:5: unknown field 'colour' (known: id, en, category, definition, zh, pinyin, "
            "aliases, abbr, note, see_also, exclude, tier, ambiguous)"
        ],
    ),
    (
        "unknown-tier",
        doc(OTHER + "    tier: common\n"),
        ["8:11: unknown tier 'common' (one of: general, specialist)"],
    ),
    (
        "tier-as-a-list",
        doc(OTHER + "    tier: [general]\n"),
        ["8:11: 'tier' must be a string, not a list"],
    ),
    (
        "ambiguous-form-not-of-the-entry",
        doc(OTHER + "    ambiguous: [注意力]\n"),
        ["8:17: ambiguous form '注意力' is not a Chinese form of this entry"],
    ),
    (
        "chinese-form-without-han",
        doc(
            OTHER.replace("[线性注意力]", "[线性注意力, linear]").replace(
                "[xiàn xìng zhù yì lì]", "[xiàn xìng zhù yì lì, '']"
            )
        ),
        [
            "3:17: Chinese form 'linear' has no Han character",
            "4:35: 'pinyin[]' must not be empty",
        ],
    ),
    (
        "unknown-category",
        doc(OTHER.replace("category: architecture", "category: architectures")),
        [
            "6:15: unknown category 'architectures' (one of: concept, architecture, training, "
            "inference, optimization, math, data, evaluation, hardware, model, product, company, "
            "business, organization)"
        ],
    ),
    (
        "python-object-tag",
        doc("  - !!python/object/apply:os.system [echo hacked]\n"),
        ["2:5: tags such as !!python/object/apply:os.system are not allowed in a glossary"],
    ),
    (
        "exclusion-without-the-form",
        doc(OTHER + "    exclude: [注意事项]\n"),
        [
            "8:15: exclusion '注意事项' does not contain a longer use of any Chinese form of this "
            "entry"
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_exact_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: list[str]
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines, err = run_check(capsys, path)
    assert lines == [f"{path}:{line}" for line in expected]
    assert code == 1
    assert err.strip() == f"reader: {len(expected)} problem{'s' * (len(expected) > 1)} in 1 file(s)"


PERPLEXITY = """\
  - id: perplexity-metric
    zh: [困惑度]
    pinyin: [kùn huò dù]
    en: perplexity
    category: evaluation
    definition: The exponential of the average negative log-likelihood per token.
  - id: perplexity-ai
    en: Perplexity AI
    aliases: [Perplexity]
    category: company
    definition: An AI answer-engine company.
"""


@pytest.mark.parametrize(
    ("company_alias", "problems"),
    [
        ("Perplexity", []),  # a name beside another entry's lower-case word: told apart by case
        ("PERPLEXITY", []),
        ("perplexity", ["10:15: English form 'perplexity' also belongs to 'perplexity-metric'"]),
    ],
)
def test_a_name_may_share_the_letters_of_a_lower_case_word(
    tmp_path: Path, company_alias: str, problems: list[str]
) -> None:
    path = tmp_path / "glossary.yaml"
    text = doc(PERPLEXITY.replace("[Perplexity]", f"[{company_alias}]"))
    path.write_text(text, encoding="utf-8")
    _, found = check([(path, "bundled")])
    assert [f"{p.line}:{p.column}: {p.message}".split(" (line")[0] for p in found] == problems


def test_names_in_two_entries_that_differ_only_in_case_clash(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    text = doc(PERPLEXITY.replace("en: perplexity\n", "en: PERPLEXITY\n"))
    path.write_text(text, encoding="utf-8")
    _, found = check([(path, "bundled")])
    assert [p.message.split(" (line")[0] for p in found] == [
        "English form 'Perplexity' also belongs to 'perplexity-metric'"
    ]


def test_yaml_bomb_is_refused_without_expanding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The "billion laughs": nine levels of nine aliases would expand to 10^9 strings.
    rows = ['a0: &a0 ["lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, lines, _ = run_check(capsys, path)
    assert code == 1
    # One problem per line, at the first anchor or alias on it.
    assert lines == [
        f"{path}:{n}:5: anchors and aliases are not allowed in a glossary" for n in range(1, 11)
    ]


def test_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(doc(OTHER).encode("gb18030"))
    code, lines, _ = run_check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:3:10: the file is not UTF-8 (byte 0xCF); save it as UTF-8"]


def test_file_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.yaml"
    filler = "# " + "x" * 98 + "\n"
    path.write_text(doc(OTHER) + filler * (6_000_000 // len(filler)), encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    code, lines, _ = run_check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:1:1: the file is larger than the limit of {MAX_FILE_BYTES} bytes"]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nope.yaml"
    code, lines, _ = run_check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:1:1: cannot read the file: No such file or directory"]


def test_several_problems_are_all_reported_in_file_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = doc(
        ENTRY + "    see_also: [nowhere]\n",
        OTHER.replace("category: architecture", "category: arch").replace(
            "en: linear attention", "en: Scaling Law"
        ),
    )
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines, _ = run_check(capsys, path)
    assert code == 1
    assert [line[len(str(path)) + 1 :] for line in lines] == [
        "9:16: see_also of 'scaling-law' names unknown id 'nowhere'",
        "13:9: English form 'Scaling Law' also belongs to 'scaling-law' (line 5; case is ignored)",
        "14:15: unknown category 'arch' (one of: concept, architecture, training, inference, "
        "optimization, math, data, evaluation, hardware, model, product, company, business, "
        "organization)",
    ]


def test_valid_file_exits_zero_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(doc(ENTRY, OTHER), encoding="utf-8")
    code, lines, err = run_check(capsys, path)
    assert (code, lines, err) == (0, [f"{path}: 2 entries, no problems"], "")


def test_bundled_glossary_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["glossary", "check"])
    out, _ = capsys.readouterr()
    assert code == 0
    count, rest = out.split(" ", 1)
    assert int(count) >= 320  # the glossary only grows
    assert rest.startswith("entries (0 from your glossary), no problems:")


@pytest.mark.parametrize(
    ("form", "reading", "problem"),
    [
        ("规模定律", "guī mó dìng lǜ", None),
        ("规模定律", "guī mó dìng lv", None),  # v for ü, toneless for the neutral tone
        ("長期", "cháng qī", None),  # traditional characters have their readings too
        ("GPU集群", "jí qún", None),  # Latin letters take no syllable
        ("行业", "háng yè", None),
        ("行业", "hang2 yè", "pinyin 'hang2' has a tone number; write tone marks ('háng')"),
        (
            "行业",
            "háng yè shì",
            "pinyin 'háng yè shì' has 3 syllables but '行业' has 2 Han characters",
        ),
        ("行业", "háng YÈ", "pinyin 'YÈ' must be lower-case ('yè')"),
        ("行业", "háng yì", "pinyin 'yì' is not a reading of '业' in '行业' (yè)"),
    ],
)
def test_reading_problem(form: str, reading: str, problem: str | None) -> None:
    assert reading_problem(form, reading) == problem


def test_parse_file_and_check_agree(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(doc(ENTRY, OTHER), encoding="utf-8")
    entries, problems = parse_file(path)
    assert [e.id for e in entries] == ["scaling-law", "linear-attention"] and problems == []
    glossary, problems = check([(path, "bundled")])
    assert len(glossary) == 2 and problems == []
    entry = glossary.get("scaling-law")
    assert entry is not None and entry.reading_of("規模定律") == "guī mó dìng lǜ"


def test_readme_example_is_a_valid_user_glossary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    path = tmp_path / "glossary.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    code, lines, _ = run_check(capsys, path)
    assert (code, lines) == (0, [f"{path}: 1 entry, no problems"])


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "entries: []\n"])
def test_an_empty_user_glossary_is_fine(
    text: str, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "glossary.yaml").write_text(text, encoding="utf-8")
    assert main(["glossary", "check"]) == 0
    assert capsys.readouterr().err == ""


def test_an_empty_bundled_glossary_is_a_problem(tmp_path: Path) -> None:
    empty = tmp_path / "glossary.yaml"
    empty.write_text("", encoding="utf-8")
    _, problems = check([(empty, "bundled")])
    assert [p.message for p in problems] == [
        "the file is empty; an empty glossary is written 'entries: []'"
    ]
