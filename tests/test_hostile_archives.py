"""Attacks with hostile model archives for ``reader models install --file``, one per row.

Every archive is refused with one line on stderr and exit status 1; nothing is installed (the
packages folder is byte-identical, an installed model stays as it was) and nothing is written
anywhere else (the whole temporary tree is compared before and after; only empty staging
folders may appear). The archives are built in memory from a minimal package (metadata, a model
file and a tokenizer file with placeholder bytes): validation happens before a model is loaded.
"""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.paths import data_dir
from reader.translation.packages import packages_dir
from tests.hostile_support import run, special_file, tree

NAME = "attack.argosmodel"

TOP = "translate-zh_en-9_9"
METADATA = {
    "package_version": "9.9",
    "argos_version": "1.9",
    "from_code": "zh",
    "to_code": "en",
    "type": "translate",
}
Entry = tuple["zipfile.ZipInfo | str", bytes]


def good(metadata: object = METADATA) -> list[Entry]:
    """The members of a minimal package that passes every check."""
    meta = metadata if isinstance(metadata, bytes) else json.dumps(metadata).encode()
    return [
        (f"{TOP}/metadata.json", meta),
        (f"{TOP}/model/model.bin", b"model bytes"),
        (f"{TOP}/sentencepiece.model", b"tokenizer bytes"),
    ]


def make_zip(entries: list[Entry], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as archive:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are one of the attacks
        for info, content in entries:
            archive.writestr(info, content)
    return buffer.getvalue()


def member(name: str, mode: int = 0) -> zipfile.ZipInfo:
    """A member whose Unix mode (file type and permission bits) is ``mode``."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, so that the mode bits mean something
    info.external_attr = mode << 16
    return info


def patched(
    data: bytes,
    name: str,
    *,
    size: int | None = None,
    method: int | None = None,
    flags: int | None = None,
    rename: bytes | None = None,
) -> bytes:
    """The zip with the headers of member ``name`` edited: a lying uncompressed size, an
    unsupported compression method, general-purpose flags (encryption) or a raw name of the
    same length (zipfile writes none of these itself)."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, method_at, name_len_at, name_at, flags_at in (
        (b"PK\x01\x02", 24, 10, 28, 46, 8),  # central directory entry
        (b"PK\x03\x04", 22, 8, 26, 30, 6),  # local file header
    ):
        start = 0
        while (start := out.find(signature, start)) != -1:
            (length,) = struct.unpack_from("<H", out, start + name_len_at)
            if out[start + name_at : start + name_at + length] == encoded:
                if size is not None:
                    struct.pack_into("<I", out, start + size_at, size)
                if method is not None:
                    struct.pack_into("<H", out, start + method_at, method)
                if flags is not None:
                    struct.pack_into("<H", out, start + flags_at, flags)
                if rename is not None:
                    out[start + name_at : start + name_at + length] = rename
            start += 4
    return bytes(out)


def flip_data(data: bytes, marker: bytes) -> bytes:
    """The zip with one byte of a member's stored data changed (its CRC no longer matches)."""
    at = data.index(marker)
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def tar_with_links() -> bytes:
    """A tar (not a zip) holding a package, a symlink and a hard link to /etc/passwd."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in good():
            info = tarfile.TarInfo(str(name))
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
            link = tarfile.TarInfo(f"{TOP}/link-{kind!r}")
            link.type = kind
            link.linkname = "/etc/passwd"
            archive.addfile(link)
    return buffer.getvalue()


@dataclass
class Archive:
    """One hostile archive and the words its refusal must contain."""

    name: str
    build: Callable[[Path], Path]
    refused: str


def data(content: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "attack.argosmodel"
        path.write_bytes(content() if callable(content) else content)
        return path

    return build


def zipped(entries: list[Entry], method: int = zipfile.ZIP_STORED) -> Callable[[Path], Path]:
    return data(lambda: make_zip(entries, method))


def _without(name: str) -> list[Entry]:
    return [(n, d) for n, d in good() if not str(n).endswith(name)]


def _many_megabytes_of_zeros() -> bytes:
    # 40 members of 1 MB of zeros: each is under the per-member exemption, together they
    # expand a thousand times (4 000 of them would be a 4 MB archive writing 4 GB).
    zeros = bytes(1024**2)
    return make_zip(
        [*good(), *((f"{TOP}/pad/{i}.bin", zeros) for i in range(40))], zipfile.ZIP_DEFLATED
    )


ARCHIVES = [
    # not a zip at all
    Archive(
        "not-a-zip",
        data(b"this is text, not a zip file\n" * 10),
        "not an .argosmodel archive (not a zip file)",
    ),
    Archive("empty-file", data(b""), "not a zip file"),
    Archive("empty-zip", zipped([]), "is an empty archive"),
    Archive("tar-with-symlink-and-hardlink", data(tar_with_links), "not a zip file"),
    Archive("zip-truncated", data(lambda: make_zip(good())[:-30]), "not a zip file"),
    Archive(
        "a-fifo", special_file(NAME, "fifo"), "is a FIFO (named pipe), not an .argosmodel file"
    ),
    Archive(
        "link-to-dev-zero",
        special_file(NAME, "dev-zero"),
        "is a character device, not an .argosmodel file",
    ),
    Archive("a-folder", special_file(NAME, "folder"), "is a folder, not an .argosmodel file"),
    # zip-slip
    Archive(
        "parent-dir",
        zipped([*good(), (f"{TOP}/../../evil.txt", b"x")]),
        "contains a file outside its folder",
    ),
    Archive(
        "leading-parent-dir",
        zipped([*good(), ("../evil.txt", b"x")]),
        "contains a file outside its folder",
    ),
    Archive(
        "dot-segment",
        zipped([*good(), (f"{TOP}/./evil.txt", b"x")]),
        "contains a file outside its folder",
    ),
    Archive(
        "absolute-path", zipped([*good(), ("/tmp/evil.txt", b"x")]), "unsafe name ('/tmp/evil.txt')"
    ),
    Archive("backslashes", zipped([*good(), (f"{TOP}\\..\\..\\evil.txt", b"x")]), "unsafe name"),
    Archive("drive-letter", zipped([*good(), ("C:/evil.txt", b"x")]), "unsafe name"),
    Archive("drive-letter-backslash", zipped([*good(), ("C:\\evil.txt", b"x")]), "unsafe name"),
    Archive("newline-in-name", zipped([*good(), (f"{TOP}/evil\n.txt", b"x")]), "unsafe name"),
    # links, devices and other special members
    Archive(
        "symlink-member",
        zipped([*good(), (member(f"{TOP}/link", stat.S_IFLNK | 0o777), b"/etc/passwd")]),
        "contains a symbolic link",
    ),
    Archive(
        "symlink-as-model",
        zipped(
            [
                *_without("model.bin"),
                (member(f"{TOP}/model/model.bin", stat.S_IFLNK | 0o777), b"/dev/zero"),
            ]
        ),
        "contains a symbolic link",
    ),
    Archive(
        "fifo-member",
        zipped([*good(), (member(f"{TOP}/fifo", stat.S_IFIFO | 0o644), b"")]),
        "contains a special file",
    ),
    Archive(
        "char-device-member",
        zipped([*good(), (member(f"{TOP}/zero", stat.S_IFCHR | 0o644), b"")]),
        "contains a special file",
    ),
    Archive(
        "block-device-member",
        zipped([*good(), (member(f"{TOP}/sda", stat.S_IFBLK | 0o644), b"")]),
        "contains a special file",
    ),
    Archive(
        "socket-member",
        zipped([*good(), (member(f"{TOP}/sock", stat.S_IFSOCK | 0o644), b"")]),
        "contains a special file",
    ),
    Archive(
        "encrypted-member",
        data(lambda: patched(make_zip(good()), f"{TOP}/sentencepiece.model", flags=0x1)),
        "is encrypted",
    ),
    Archive(
        "member-declares-3-gb",
        data(lambda: patched(make_zip(good()), f"{TOP}/model/model.bin", size=3 * 1024**3)),
        "more than the limit of 2.0 GB",
    ),
    Archive(
        "member-larger-than-declared",
        data(lambda: patched(make_zip(good()), f"{TOP}/model/model.bin", size=3)),
        "is damaged",
    ),
    Archive(
        "one-member-bomb",
        zipped([*good(), (f"{TOP}/bomb.bin", bytes(20 * 1024**2))], zipfile.ZIP_DEFLATED),
        "expands",
    ),
    Archive("many-small-bombs", data(_many_megabytes_of_zeros), "times as a whole (a zip bomb?)"),
    Archive(
        "10001-members",
        zipped([*good(), *((f"{TOP}/f/{i}", b"") for i in range(9999))]),
        "10002 files, more than 10000",
    ),
    Archive(
        "metadata-over-1-mb",
        zipped([(f"{TOP}/metadata.json", b" " * (1024**2 + 1)), *good()[1:]]),
        "metadata.json is too large",
    ),
    # names
    Archive(
        "duplicate-names",
        zipped([*good(), (f"{TOP}/model/model.bin", b"again")]),
        "contains 'translate-zh_en-9_9/model/model.bin' twice",
    ),
    Archive(
        "duplicate-after-normalising",
        zipped([*good(), (f"{TOP}//model/model.bin", b"again")]),
        "twice",
    ),
    Archive("two-top-folders", zipped([*good(), ("other/x", b"x")]), "has 2 top-level folders"),
    Archive(
        "case-differing-folders",
        zipped([*good(), (TOP.upper() + "/x", b"x")]),
        "has 2 top-level folders",
    ),
    Archive(
        "loose-file",
        zipped([*good(), ("evil.txt", b"x")]),
        "has files outside a package folder ('evil.txt')",
    ),
    # metadata
    Archive(
        "no-metadata", zipped(_without("metadata.json")), "has no translate-zh_en-9_9/metadata.json"
    ),
    Archive(
        "metadata-is-a-folder",
        zipped([*_without("metadata.json"), (f"{TOP}/metadata.json/", b"")]),
        "has no translate-zh_en-9_9/metadata.json",
    ),
    Archive("metadata-not-json", zipped(good(b"{not json")), "metadata.json is not valid JSON"),
    Archive(
        "metadata-not-utf8",
        zipped(good(json.dumps(METADATA).encode("utf-16-le"))),
        "metadata.json is not valid JSON",
    ),
    Archive("metadata-a-list", zipped(good(["zh", "en"])), "metadata.json must hold a JSON object"),
    Archive("metadata-null", zipped(good(None)), "metadata.json must hold a JSON object"),
    Archive(
        "metadata-5000-digit-number",
        zipped(good(b'{"package_version": ' + b"9" * 5000 + b"}")),
        "metadata.json is not valid JSON",
    ),
    Archive(
        "metadata-nested-100000-deep",
        zipped(good(b"[" * 100_000 + b"]" * 100_000)),
        "metadata.json is not valid JSON",
    ),
    Archive("metadata-empty-object", zipped(good({})), "translates ?→?"),
    Archive("wrong-pair-de-en", zipped(good({**METADATA, "from_code": "de"})), "translates de→en"),
    Archive(
        "reversed-pair-en-zh",
        zipped(good({**METADATA, "from_code": "en", "to_code": "zh"})),
        "translates en→zh",
    ),
    Archive(
        "codes-are-lists",
        zipped(good({**METADATA, "from_code": ["zh"]})),
        "reader needs a Chinese→English (zh→en) model",
    ),
    Archive(
        "type-is-not-translate", zipped(good({**METADATA, "type": "sbd"})), "is a 'sbd' package"
    ),
    Archive(
        "type-is-a-mapping", zipped(good({**METADATA, "type": {"a": 1}})), "not a translation model"
    ),
    # model files
    Archive("no-model", zipped(_without("model.bin")), "has no CTranslate2 model"),
    Archive(
        "model-is-a-folder",
        zipped([*_without("model.bin"), (f"{TOP}/model/model.bin/", b"")]),
        "has no CTranslate2 model",
    ),
    Archive(
        "no-tokenizer", zipped(_without("sentencepiece.model")), "has no SentencePiece tokenizer"
    ),
    Archive(
        "bpe-tokenizer",
        zipped([*_without("sentencepiece.model"), (f"{TOP}/bpe.model", b"x")]),
        "BPE tokenizer, which is not supported",
    ),
    # damaged members
    Archive(
        "metadata-crc-mismatch",
        data(lambda: flip_data(make_zip(good()), b'"package_version"')),
        "is damaged",
    ),
    Archive(
        "model-crc-mismatch",
        data(lambda: flip_data(make_zip(good()), b"model bytes")),
        "is damaged",
    ),
    Archive(
        "unsupported-compression",
        data(lambda: patched(make_zip(good()), f"{TOP}/metadata.json", method=99)),
        "is damaged (That compression method is not supported)",
    ),
    Archive(
        "deflate-garbage",
        data(lambda: make_zip(good(), zipfile.ZIP_DEFLATED).replace(b"\xab\x56", b"\x00\xff")),
        "is damaged",
    ),
]


def assert_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], archive: Path, message: str
) -> None:
    """Installs ``archive`` and checks it is refused and that nothing changed anywhere."""
    before = tree(tmp_path)
    code, out, err = run(capsys, "models", "install", "--file", str(archive))
    after = tree(tmp_path)
    assert code == 1, (out, err)
    assert out == "" and err.startswith("reader: ") and err.count("\n") == 1, err
    assert message in err, err
    new = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    # Only the (empty) folders of an install attempt may appear.
    allowed = {"user-data", "user-data/argos-translate", "user-data/argos-translate/staging"}
    assert new <= allowed, new
    assert all(after[p][0] == "dir" for p in new)
    assert not (data_dir() / "argos-translate" / "staging").exists() or not any(
        (data_dir() / "argos-translate" / "staging").iterdir()
    )


@pytest.mark.parametrize("case", ARCHIVES, ids=[a.name for a in ARCHIVES])
def test_hostile_archive_is_refused_and_installs_nothing(
    case: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if ("fifo" in case.name and not hasattr(os, "mkfifo")) or (
        "dev-zero" in case.name and not Path("/dev/zero").exists()
    ):
        pytest.skip("not on this platform")
    attack = tmp_path / "attack"
    attack.mkdir()
    assert_refused(tmp_path, capsys, case.build(attack), case.refused)
    assert not packages_dir().exists() or not any(packages_dir().iterdir())


@pytest.mark.parametrize(
    "name", ["parent-dir", "symlink-member", "model-crc-mismatch", "member-larger-than-declared"]
)
def test_a_hostile_replacement_keeps_the_installed_model(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "good.argosmodel"
    first.write_bytes(make_zip(good()))
    assert run(capsys, "models", "install", "--file", str(first))[0] == 0
    installed = tree(packages_dir())
    (case,) = [a for a in ARCHIVES if a.name == name]
    attack = tmp_path / "attack"
    attack.mkdir()
    path = case.build(attack)
    before = tree(tmp_path)
    code, _, err = run(capsys, "models", "install", "--file", str(path), "--force")
    assert code == 1 and case.refused in err
    assert tree(packages_dir()) == installed
    assert {p for p in tree(tmp_path).keys() ^ before.keys()} <= {
        "user-data/argos-translate/staging"
    }


def test_permission_bits_in_an_archive_are_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """setuid, setgid, sticky and world-writable bits in member modes are ignored."""
    entries = [(member(str(name), stat.S_IFREG | 0o6777), content) for name, content in good()]
    archive = tmp_path / "modes.argosmodel"
    archive.write_bytes(make_zip(entries))
    code, _, err = run(capsys, "models", "install", "--file", str(archive))
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    for path in (packages_dir() / TOP).rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


ODD_NAMES = [
    f"{TOP}/名字 with spaces.txt",
    f"{TOP}/\u2024\u2024/lookalike-dots.txt",  # ONE DOT LEADER twice, not ".."
    f"{TOP}/.../three-dots.txt",
    f"{TOP}/-rf",
    f"{TOP}/{'x' * 200}.txt",
]


def test_odd_but_harmless_names_install_inside_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = make_zip([*good(), *((name, b"x") for name in ODD_NAMES), (f"{TOP}/nulX.txt", b"x")])
    # A NUL in a stored name: zipfile cuts the name there, so it cannot reach the file system.
    archive = tmp_path / "odd.argosmodel"
    archive.write_bytes(patched(raw, f"{TOP}/nulX.txt", rename=f"{TOP}/nul\x00.txt".encode()))
    before = tree(tmp_path)
    code, _, err = run(capsys, "models", "install", "--file", str(archive))
    assert code == 0, err
    new = tree(tmp_path).keys() - before.keys()
    package = f"user-data/argos-translate/packages/{TOP}"
    folders = {"user-data", "user-data/argos-translate", "user-data/argos-translate/packages"}
    assert {p for p in new if p not in folders and not p.startswith(package)} <= {
        "user-data/argos-translate/staging"
    }
    assert (packages_dir() / TOP / "nul").is_file()
    for name in ODD_NAMES:
        assert (packages_dir().parent / "packages" / name).is_file()
