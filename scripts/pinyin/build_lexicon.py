"""Build reader/pinyin/data/lexicon.tsv and chars.tsv from pypinyin and pypinyin-dict.

Run once at build time:
    uv run --with pypinyin==0.55.0 --with pypinyin-dict==0.9.0 \
        python scripts/pinyin/build_lexicon.py
(needs the build-only dependencies pypinyin==0.55.0 and pypinyin-dict==0.9.0)

chars.tsv    char \t default reading \t all readings (comma-separated), tone numbers
             (from pypinyin's PINYIN_DICT; the first reading is pypinyin's default)
lexicon.tsv  word \t reading from pypinyin's phrase dictionary \t reading from
             CC-CEDICT (via pypinyin-dict), either may be empty; readings are
             space-separated tone-number syllables.
             A CC-CEDICT entry is kept only when it can change an answer: the word
             contains a character the polyphone model handles, or its reading differs
             from what the per-character defaults (or pypinyin's phrase) would give.
             Multi-reading CC-CEDICT entries keep their first reading.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
from pypinyin.contrib.tone_convert import to_tone3
from pypinyin_dict.phrase_pinyin_data import cc_cedict

DATA = Path(__file__).resolve().parents[2] / "reader" / "pinyin" / "data"


def num(p: str) -> str:
    """Tone-mark syllable -> tone-number syllable, neutral tone as 5, ü kept."""
    return to_tone3(p, v_to_u=True, neutral_tone_with_five=True)


# The dictionaries sometimes write the tone sandhi of 一 and 不 (一个 yí gè,
# 不是 bú shì) or a neutral 不 (差不多 chà bu duō); the engine returns citation
# tones and leaves sandhi to the optional display function, so normalise them.
CITATION = {"一": "yi1", "不": "bu4"}


def conv(word: str, reading: list[list[str]]) -> str | None:
    out = []
    for k, (ch, alts) in enumerate(zip(word, reading, strict=True)):
        s = CITATION.get(ch) or num(alts[0])
        if ch == "儿" and s == "er5" and k > 0:
            s = "r5"  # erhua suffix: 哪儿 nǎr, 一点儿 yìdiǎnr (g2pM's class "r5")
        if not s or " " in s or "\t" in s:
            return None
        out.append(s)
    return " ".join(out)


# Everyday words whose second syllable is neutral in standard teaching usage
# (现代汉语词典 marks them ·dao, ·su) but whose CC-CEDICT entry lists the full
# tone first. Only characters the polyphone model does not handle, so the CPP
# benchmark is unaffected.
LEARNER_NEUTRAL = {
    "知道": "zhi1 dao5",
    "告诉": "gao4 su5",
}


# CC-CEDICT entries whose (neutral) reading belongs to a rare sense and would
# mislabel the common one: 不是 bùshi "fault" vs the everyday 不是 "is not".
CEDICT_DROP = {"不是"}


def _write_gz(path: Path, text: str) -> None:
    """Gzip with a fixed timestamp, so a rebuild is byte-identical."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def main() -> None:
    polyphones = (DATA / "g2pm_polyphones.tsv").read_text(encoding="utf-8").splitlines()
    poly = {line.split("\t")[0] for line in polyphones}
    chars = {}
    lines = []
    for cp, prons in sorted(PINYIN_DICT.items()):
        ch = chr(cp)
        rs = [num(p) for p in prons.split(",")]
        rs = [r for r in rs if r]
        if not rs:
            continue
        chars[ch] = rs[0]
        lines.append(f"{ch}\t{rs[0]}\t{','.join(dict.fromkeys(rs))}")
    _write_gz(DATA / "chars.tsv.gz", "\n".join(lines) + "\n")

    pyp = {}
    for w, r in PHRASES_DICT.items():
        if len(w) < 2 or len(r) != len(w):
            continue
        c = conv(w, r)
        if c:
            pyp[w] = c
    ced = {}
    for w, r in cc_cedict.phrases_dict.items():
        if len(w) < 2 or len(r) != len(w) or any(ch.isspace() for ch in w):
            continue
        c = conv(w, r)
        if not c:
            continue
        base = pyp.get(w) or " ".join(chars.get(ch, "?") for ch in w)
        if c != base or any(ch in poly for ch in w):
            ced[w] = c
    # CC-CEDICT marks erhua (哪儿 na3 r5) where pypinyin writes a full 儿 ér
    # (哪儿 nǎ ér); the erhua reading is the standard one, use it in both
    for w, c in ced.items():
        if w in pyp and "r5" in c.split():
            cs, ps = c.split(), pyp[w].split()
            pyp[w] = " ".join("r5" if x == "r5" else y for x, y in zip(cs, ps, strict=True))
    for w in CEDICT_DROP:
        ced.pop(w, None)
    ced.update(LEARNER_NEUTRAL)
    out = []
    for w in sorted(set(pyp) | set(ced)):
        out.append(f"{w}\t{pyp.get(w, '')}\t{ced.get(w, '')}")
    _write_gz(DATA / "lexicon.tsv.gz", "\n".join(out) + "\n")
    print("chars", len(lines), "pyp", len(pyp), "cedict", len(ced), "lexicon", len(out))


if __name__ == "__main__":
    main()
