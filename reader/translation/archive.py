"""Provides validated extraction of ``.argosmodel`` archives (zip files of a model folder).

argostranslate's own ``install_from_path()`` calls ``ZipFile.extractall`` on whatever it is given
(and then imports stanza). An archive is checked here before a byte is written: it must be a zip
whose members are plain files and folders inside one top-level folder (no absolute paths, no
``..``, no links or devices, no encryption), within size limits (per member, in total, and in
compression ratio, against zip bombs), with a ``metadata.json`` for a Chinese→English translation
package, a CTranslate2 model and a SentencePiece tokenizer. Extraction then streams each member
with a byte budget into a staging folder that the caller moves into place.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reader.errors import ReaderError
from reader.files import NotAFileError, open_regular

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 2 * 1024**3  # real model.bin files are a few hundred MB
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_METADATA_BYTES = 1024**2
# Float weights deflate to ~90% of their size and text to ~20%; a member that expands more than
# this many times is a compression bomb. Small members are exempt: a few KB of zeros is harmless.
MAX_RATIO = 200
RATIO_EXEMPT_BYTES = 1024**2
_CHUNK = 1024**2
_BAD_CHARS = re.compile(r"[\x00-\x1f\\:]")
SOURCE_CODE = "zh"
TARGET_CODE = "en"


# What reading a member of a damaged or exotic zip raises: bad CRC or header (BadZipFile),
# corrupt deflate data (zlib.error), truncation (EOFError), unsupported compression
# (NotImplementedError), encryption (RuntimeError).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def _reason(exc: BaseException) -> str:
    """An exception's message on one line, not too long."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


@dataclass(frozen=True)
class ArchiveInfo:
    """A validated archive: its top-level folder, parsed metadata and total unpacked size."""

    path: Path
    folder: str
    metadata: dict[str, Any]
    members: tuple[zipfile.ZipInfo, ...]
    total_bytes: int


def _size(n: int) -> str:
    """A byte count for messages: "512 bytes", "3.4 MB"."""
    if n < 1024:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def _shown(name: str) -> str:
    """A member name for a message: control characters escaped (a newline in a name would
    break the one-line error), long names shortened."""
    name = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", name)
    return name if len(name) < 80 else name[:77] + "…"


def _member_parts(path: Path, info: zipfile.ZipInfo) -> tuple[str, ...]:
    """The path components of a member; refuses anything that could land outside the target."""
    name = info.filename
    shown = _shown(name)
    if not name or name.startswith("/") or _BAD_CHARS.search(name):
        raise ReaderError(
            f"{path.name} contains a file with an unsafe name ('{shown}'); refusing to install it."
        )
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".") for part in name.rstrip("/").split("/")):
        raise ReaderError(
            f"{path.name} contains a file outside its folder ('{shown}'); refusing to install it."
        )
    return parts


def _check_type(path: Path, info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise ReaderError(
            f"{path.name} contains a symbolic link ('{_shown(info.filename)}'); refusing to "
            "install it."
        )
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ReaderError(
            f"{path.name} contains a special file ('{_shown(info.filename)}'); refusing to "
            "install it."
        )
    if info.flag_bits & 0x1:
        raise ReaderError(f"{path.name} is encrypted; refusing to install it.")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> int:
    if len(infos) > MAX_MEMBERS:
        raise ReaderError(f"{path.name} has {len(infos)} files, more than {MAX_MEMBERS}.")
    total = packed = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ReaderError(
                f"{path.name} contains '{_shown(info.filename)}' of {_size(info.file_size)}, "
                f"more than the limit of {_size(MAX_MEMBER_BYTES)}; refusing to install it."
            )
        if info.file_size > RATIO_EXEMPT_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ReaderError(
                f"{path.name} contains '{_shown(info.filename)}', which expands "
                f"{info.file_size // max(info.compress_size, 1)} times (a zip bomb?); refusing "
                "to install it."
            )
        total += info.file_size
        packed += info.compress_size
    if total > MAX_TOTAL_BYTES:
        raise ReaderError(
            f"{path.name} unpacks to {_size(total)}, more than the limit of "
            f"{_size(MAX_TOTAL_BYTES)}; refusing to install it."
        )
    # Members under the exemption add up: 4 000 members of 1 MB of zeros are a 4 MB archive
    # that writes 4 GB.
    if total > RATIO_EXEMPT_BYTES and total > MAX_RATIO * max(packed, 1):
        raise ReaderError(
            f"{path.name} expands {total // max(packed, 1)} times as a whole (a zip bomb?); "
            "refusing to install it."
        )
    return total


def _read_metadata(path: Path, archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    info = archive.getinfo(name)
    if info.file_size > MAX_METADATA_BYTES:
        raise ReaderError(f"{path.name}: metadata.json is too large ({_size(info.file_size)}).")
    try:
        raw = archive.read(name)
    except _DAMAGED as exc:
        raise ReaderError(f"{path.name} is damaged ({_reason(exc)}).") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # also 5000-digit numbers and deep nesting
        raise ReaderError(
            f"{path.name}: metadata.json is not valid JSON ({_reason(exc)})."
        ) from None
    if not isinstance(data, dict):
        raise ReaderError(f"{path.name}: metadata.json must hold a JSON object.")
    return data


def check_metadata(where: str, metadata: dict[str, Any]) -> None:
    """Raises ReaderError unless ``metadata`` describes a zh→en translation package."""
    kind = metadata.get("type", "translate")
    source, target = metadata.get("from_code"), metadata.get("to_code")
    if kind != "translate":
        raise ReaderError(
            f"{where} is a '{kind}' package, not a translation model; reader needs a "
            "Chinese→English (zh→en) model."
        )
    if source != SOURCE_CODE or target != TARGET_CODE:
        raise ReaderError(
            f"{where} translates {source or '?'}→{target or '?'}; reader needs a "
            "Chinese→English (zh→en) model."
        )


def inspect_archive(path: Path) -> ArchiveInfo:
    """Validates an ``.argosmodel`` archive without extracting it; raises ReaderError."""
    path = Path(path)
    try:
        stream = open_regular(path)  # never blocks on a FIFO or reads a device
    except FileNotFoundError:
        raise ReaderError(f"No such file: {path}.") from None
    except NotAFileError as exc:
        raise ReaderError(f"{path} is {exc.kind}, not an .argosmodel file.") from None
    except OSError as exc:
        raise ReaderError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    with stream:
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            reason = "not a zip file" if isinstance(exc, zipfile.BadZipFile) else _reason(exc)
            raise ReaderError(f"{path.name} is not an .argosmodel archive ({reason}).") from None
        with archive:
            return _inspect(path, archive)


def _inspect(path: Path, archive: zipfile.ZipFile) -> ArchiveInfo:
    """The checks of :func:`inspect_archive` on the opened zip."""
    infos = archive.infolist()
    if not infos:
        raise ReaderError(f"{path.name} is an empty archive.")
    names: set[str] = set()
    tops: set[str] = set()
    files: set[str] = set()
    for info in infos:
        parts = _member_parts(path, info)
        _check_type(path, info)
        key = "/".join(parts)
        if key in names:
            raise ReaderError(
                f"{path.name} contains '{_shown(key)}' twice; refusing to install it."
            )
        names.add(key)
        tops.add(parts[0])
        if not info.is_dir():
            if len(parts) == 1:
                raise ReaderError(
                    f"{path.name} has files outside a package folder ('{_shown(key)}'); an "
                    ".argosmodel holds one folder with metadata.json inside."
                )
            files.add(key)
    if len(tops) != 1:
        raise ReaderError(
            f"{path.name} has {len(tops)} top-level folders; an .argosmodel holds exactly one."
        )
    total = _check_sizes(path, infos)
    folder = tops.pop()
    if f"{folder}/metadata.json" not in files:
        raise ReaderError(f"{path.name} has no {folder}/metadata.json; it is not a model package.")
    metadata = _read_metadata(path, archive, f"{folder}/metadata.json")
    check_metadata(path.name, metadata)
    if f"{folder}/model/model.bin" not in files:
        raise ReaderError(
            f"{path.name} has no CTranslate2 model ({folder}/model/model.bin missing)."
        )
    if f"{folder}/sentencepiece.model" not in files:
        extra = (
            " (it uses a BPE tokenizer, which is not supported)"
            if (f"{folder}/bpe.model" in files)
            else ""
        )
        raise ReaderError(
            f"{path.name} has no SentencePiece tokenizer ({folder}/sentencepiece.model "
            f"missing){extra}."
        )
    return ArchiveInfo(path, folder, metadata, tuple(infos), total)


def extract_archive(info: ArchiveInfo, staging: Path) -> Path:
    """Extracts a validated archive below ``staging``; returns the package folder.

    Each member is written through a byte budget taken from its declared size, so an archive
    whose headers lie cannot write more than it announced.
    """
    root = staging.resolve()
    try:
        with open_regular(info.path) as stream, zipfile.ZipFile(stream) as archive:
            for member in info.members:
                target = (root / member.filename).resolve()
                if not target.is_relative_to(root):
                    raise ReaderError(
                        f"{info.path.name} contains a file outside its folder "
                        f"('{member.filename}'); refusing to install it."
                    )
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                budget = member.file_size
                with archive.open(member) as source, target.open("xb") as out:
                    while chunk := source.read(_CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise ReaderError(
                                f"{info.path.name}: '{member.filename}' is larger than its "
                                "header says; refusing to install it."
                            )
                        out.write(chunk)
    except _DAMAGED as exc:
        raise ReaderError(f"{info.path.name} is damaged ({_reason(exc)}).") from None
    except OSError as exc:
        raise ReaderError(f"Cannot extract {info.path.name}: {exc.strerror or exc}.") from None
    return root / info.folder
