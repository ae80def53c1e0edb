"""The fast reading of glossary files (yaml-rs, plain values) never disagrees with the full one.

A file is read fast only when the two YAML readings cannot differ, and any problem sends it to
the full reading (libyaml events with positions). Checked here on tricky texts, on every case of
``test_glossary_check.py`` and on generated and mutated files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from reader.glossary import load, readings
from reader.glossary.plain_yaml import read_plain
from reader.glossary.yaml_nodes import STR_TAG, plain_is_text
from reader.text import char_readings
from tests.test_glossary_check import CASES, ENTRY, OTHER, doc

ROOT = Path(__file__).resolve().parent.parent
PATH = Path("glossary.yaml")

# Texts the fast reading must leave to the full one: what YAML 1.1 and 1.2 may read differently,
# what is refused with a position, and what yaml-rs refuses.
FULL_READING = [
    ("anchor", "entries:\n  - &a {id: x}\n"),
    ("alias", "entries:\n  - id: x\n    en: *a\n"),
    ("alias in a flow list", "entries: [*a]\n"),
    ("tag", "entries:\n  - id: !!str x\n"),
    ("python tag", "entries: !!python/object:os.system x\n"),
    ("non-specific tag", "entries:\n  - id: ! x\n"),
    ("document marker", "---\nentries: []\n"),
    ("second document", "entries: []\n---\nentries: []\n"),
    ("document end", "entries: []\n...\n"),
    ("directive", "%YAML 1.1\n---\nentries: []\n"),
    ("escape", 'entries:\n  - id: "x\\u0041"\n'),
    ("tab", "entries:\n  - id:\tx\n"),
    ("NEL", "entries:\n  - id: x\x85y\n"),
    ("line separator", "entries:\n  - id: x\u2028y\n"),
    ("paragraph separator", "entries:\n  - id: x\u2029y\n"),
    ("byte-order mark inside", "entries:\n  - id: \ufeffx\n"),
    ("control character", "entries:\n  - id: x\x01y\n"),
    ("lone carriage return", "entries:\r  - id: x\r"),
    ("duplicate key", "entries:\n  - id: x\n    id: y\n"),
    ("syntax error", "entries: [x\n"),
    ("empty", ""),
    ("comment only", "# nothing\n"),
    ("deep nesting", "entries: " + "[" * 300 + "]" * 300 + "\n"),
]

# Texts read fast, with what they hold.
FAST_READING = [
    ("ampersand between words", 'entries:\n  - en: "Weights & Biases"\n', "Weights & Biases"),
    ("asterisk inside a word", "entries:\n  - en: x*y\n", "x*y"),
    ("exclamation inside a word", "entries:\n  - en: Yahoo!\n", "Yahoo!"),
    ("CR LF lines", "entries:\r\n  - en: x\r\n", "x"),
    ("no-break space", "entries:\n  - en: a\xa0b\n", "a\xa0b"),
    ("Han and full-width", "entries:\n  - en: 注意力（attention）\n", "注意力（attention）"),
]


@pytest.mark.parametrize(("name", "text"), FULL_READING, ids=[c[0] for c in FULL_READING])
def test_left_to_the_full_reading(name: str, text: str) -> None:
    assert read_plain(text) is None


@pytest.mark.parametrize(("name", "text", "value"), FAST_READING, ids=[c[0] for c in FAST_READING])
def test_read_fast(name: str, text: str, value: str) -> None:
    assert read_plain(text) == {"entries": [{"en": value}]}


PLAIN_VALUES = [
    "yes", "Yes", "NO", "on", "Off", "y", "n", "true", "False", "~", "null", "Null", "", "1",
    "-1", "+1", "1_000", "0x1f", "0o17", "017", "0b101", "1:20", "190:20:30", "1.5", "1e3",
    "1.0e+3", ".inf", "-.Inf", ".nan", "2025-01-01", "2025-1-1 10:00:00", "<<", "=", "o1",
    "transformer", "no-op", "nano", "yes-man", "0.5B", "1,000", "2025年", "-", ".", "+",
]  # fmt: skip


@pytest.mark.parametrize("value", PLAIN_VALUES)
def test_plain_is_text_agrees_with_pyyaml(value: str) -> None:
    resolved = Resolver().resolve(ScalarNode, value, (True, False))
    assert plain_is_text(value) == (resolved == STR_TAG)


def _agree(text: str, source: str = "user") -> bool:
    """The fast reading gives the full reading's entries, or leaves the file to it; whether it
    read the file."""
    exact_entries, _, problems = load._parse(PATH, source, text, exact=True)
    fast = load._parse_fast(PATH, source, text)
    if fast is None:
        return False
    entries, _, fast_problems = fast
    assert fast_problems == []
    assert problems == [], f"read fast though the full reading finds {problems[0]}"
    assert entries == exact_entries
    return True


# Valid YAML 1.2 that YAML 1.1 reads otherwise (found by the mutation test below): plain
# scalars in flow collections.
FLOW_DIFFERENCES = [
    ("flow item starting with a colon", ENTRY.replace("[规模定律,", "[:规模定律,")),
    ("question mark in a flow item", ENTRY.replace("[scaling laws]", "[scaling laws?]")),
    ("colon before a flow indicator", ENTRY.replace("[scaling laws]", "[scaling laws:]")),
    ("flow item starting with an indicator", ENTRY.replace("[scaling laws]", "[|scaling laws]")),
    ("flow mapping", "  - {id: x, en: y, category: concept, definition: z?}\n"),
]


@pytest.mark.parametrize(("name", "entry"), FLOW_DIFFERENCES, ids=[c[0] for c in FLOW_DIFFERENCES])
def test_flow_differences_are_read_in_full(name: str, entry: str) -> None:
    assert load._parse_fast(PATH, "user", doc(entry)) is None
    _agree(doc(entry))


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_cases_agree(name: str, text: str, expected: list[str]) -> None:
    _agree(text)


def test_bundled_glossary_is_read_fast_and_alike() -> None:
    """The bundled glossary takes the fast path (its loading time depends on it)."""
    text = (ROOT / "glossary.yaml").read_text(encoding="utf-8")
    fast = load._parse_fast(PATH, "bundled", text)
    assert fast is not None
    exact, _, problems = load._parse(PATH, "bundled", text, exact=True)
    assert problems == []
    assert fast[0] == exact


def test_unknown_see_also_is_placed_after_a_fast_reading(tmp_path: Path) -> None:
    """A problem found after merging sends a file read fast to the full reading for its line."""
    path = tmp_path / "glossary.yaml"
    path.write_text(doc(ENTRY, OTHER + "    see_also: [nowhere]\n"), encoding="utf-8")
    _, problems = load.check([(path, "user")])
    assert [(p.line, p.column, p.message) for p in problems] == [
        (15, 16, "see_also of 'linear-attention' names unknown id 'nowhere'")
    ]


# --- generated files ----------------------------------------------------------------------------

# Scalars where YAML 1.1 and 1.2 or the two parsers may differ, and ordinary ones.
TRICKY = [
    "yes", "no", "on", "~", "null", "", "1_000", "0o17", "2025-01-01", "1:20", ".inf", "1e3",
    "x", "注意力", "guī mó", "a: b", "a #b", "#x", "- x", "[x]", "{x}", "x, y", "'q'", '"d"',
    "&a", "*a", "!t", "x & y", "  spaced  ", "a  b", "\t", "\\n", "%x", "@x", "`x", "|", ">",
    "?", ":", "-", "x\u2028y", "\x85", "\ufeff", "\xa0", "\x07", "--- x", "... x", "Yahoo!",
]  # fmt: skip
STYLES = ["plain", "single", "double", "folded", "literal", "flow"]


def _scalar(value: str, style: str, indent: str) -> str:
    """``value`` written in a style, as the value of a key (the text after ``key:``)."""
    if style == "single":
        return " '" + value.replace("'", "''") + "'"
    if style == "double":
        return ' "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style in ("folded", "literal"):
        mark = ">" if style == "folded" else "|"
        return f" {mark}\n" + "".join(f"{indent}  {line}\n" for line in value.split("\n"))[:-1]
    if style == "flow":
        return f" [{value}]"
    return f" {value}"


def _placed(value: str) -> st.SearchStrategy[str]:
    """A tricky value alone, or at the start, in the middle or at the end of a sentence."""
    return st.sampled_from([value, f"{value} and more", f"Some {value} here", f"Ends {value}"])


@st.composite
def glossary_texts(draw: st.DrawFn) -> str:
    """Small glossary files, mostly valid, with tricky values written in every style: the
    definition and note take any of them; the other fields are mostly valid."""
    lines = ["entries:"]
    for n in range(draw(st.integers(1, 3))):
        lines.append(f"  - id: entry-{n}")
        fields = {
            "en": draw(st.sampled_from([f"term {n}", f"{n} yes", f"on {n}", f"x{n}: y"])),
            "category": draw(st.sampled_from(["concept"] * 6 + ["yes", "model", "~"])),
            "definition": draw(st.sampled_from(TRICKY).map(lambda v: draw(_placed(v)))),
        }
        if draw(st.booleans()):
            fields["note"] = draw(st.sampled_from(TRICKY).map(lambda v: draw(_placed(v))))
        if draw(st.booleans()):
            fields["zh"], fields["pinyin"] = draw(
                st.sampled_from(
                    [
                        (f"[注意力{'一二三'[n]}]", f"[zhù yì lì {['yī', 'èr', 'sān'][n]}]"),
                        (f"规模{'一二三'[n]}", f"guī mó {['yī', 'èr', 'sān'][n]}"),
                        ("~", "~"),
                        ("x", "zhu4"),
                    ]
                )
            )
        if draw(st.booleans()):
            fields["aliases"] = f"alias {n}"
        for name, value in fields.items():
            style = draw(st.sampled_from(STYLES if name in ("zh", "aliases") else STYLES[:-1]))
            if name == "definition" or name == "note" or draw(st.booleans()):
                lines.append(f"    {name}:{_scalar(value, style, '    ')}")
            else:
                lines.append(f"    {name}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glossary_texts())
def test_generated_files_agree(text: str) -> None:
    _agree(text)


SEED = doc(ENTRY, OTHER)
EDITS = [*"\n :-[]{},&*!|>'\"#\t?%@`~\\", "\u2028", "\x85", "\ufeff", "yes", "  ", "---", ", ?"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(SEED)), st.integers(0, 2), st.sampled_from(EDITS)),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_files_agree(edits: list[tuple[int, int, str]]) -> None:
    """A valid file with a few characters inserted or replaced."""
    text = SEED
    for at, removed, inserted in edits:
        at = min(at, len(text))
        text = text[:at] + inserted + text[at + removed :]
    _agree(text)


def test_mutation_seed_is_valid() -> None:
    assert load._parse_fast(PATH, "user", SEED) is not None
    assert yaml.safe_load(SEED)["entries"][0]["id"] == "scaling-law"


# --- readings looked up in bulk -------------------------------------------------------------------


def test_primed_readings_are_those_looked_up_one_by_one() -> None:
    """All the characters of pypinyin's table in the basic block, primed at once, have the
    readings they have looked up one at a time (variants, toneless forms and all)."""
    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    readings.clear_caches()
    readings.prime(chars)
    primed = {ch: readings._cache[ch] for ch in chars}
    readings.clear_caches()
    one_by_one = {ch: readings._readings_of(ch) for ch in chars}
    readings.clear_caches()
    assert primed == one_by_one


def test_traditional_characters_in_bulk() -> None:
    chars = [chr(c) for c in range(0x4E00, 0x5E00)]
    expected = [char_readings.traditional_char(ch) for ch in chars]
    assert char_readings.traditional_chars(chars) == expected


_THREADS = """
import sys, threading
from reader.glossary import plain_yaml

text = open(sys.argv[1], encoding="utf-8").read()
seen = []

def read():
    seen.append(plain_yaml.read_plain(text))

def in_threads(n):
    for _ in range(n):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()

in_threads(3)  # workers that end: yaml-rs must not be imported by them
assert seen == [None] * 3 and "yaml_rs" not in sys.modules, seen
assert plain_yaml.prepare()
in_threads(5)
assert all(isinstance(v, dict) for v in seen[3:]), seen
print("ok")
"""


def test_yaml_rs_is_imported_on_the_main_thread_only() -> None:
    """Imported from a worker that then ended, yaml-rs crashed the next call from another
    thread (a segmentation fault): a worker reads in full until the main thread imports it."""
    from reader.paths import bundled_glossary_path

    done = subprocess.run(
        [sys.executable, "-c", _THREADS, str(bundled_glossary_path())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
