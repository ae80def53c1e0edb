"""Provides zh→en model management: installed packages, install from a file or the index, remove.

Models are argostranslate packages (a folder with ``metadata.json``, a CTranslate2 ``model/`` and
``sentencepiece.model``) kept in ``<data dir>/argos-translate/packages``, so ``READER_DATA_DIR``
isolates them like the rest of the user's data. argostranslate's ``settings`` module fixes its
folders from environment variables when it is first imported (and creates them under the user's
home); :func:`argos_settings` imports it with those variables pointing into our data dir and then
re-points its module attributes on every call, because the data dir can change within a process.

Listing reads ``metadata.json`` directly (fast, and a broken folder is reported instead of
crashing argostranslate's scan). Installing uses :mod:`reader.translation.archive` instead of
``argostranslate.package.install_from_path()``, which extracts without checks and then imports
stanza; removing deletes the folder instead of ``uninstall()``, for the same reason. The package
index is read through ``argostranslate.package`` (``update_package_index()``,
``get_available_packages()``); the download streams the package's links with a progress
callback, because ``AvailablePackage.download()`` buffers the whole file with no progress hook.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.files import read_bytes
from reader.paths import data_dir
from reader.translation.archive import (
    MAX_METADATA_BYTES,
    SOURCE_CODE,
    TARGET_CODE,
    check_metadata,
    extract_archive,
    inspect_archive,
)

ARGOS_FOLDER = "argos-translate"
_IMPORT_LOCK = threading.Lock()
_ARGOS_ENV = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR")
_DOWNLOAD_CHUNK = 256 * 1024
MAX_INDEX_BYTES = 20_000_000  # the real index is about 100 KB
ByteProgress = Callable[[int, int | None], None]


def argos_root() -> Path:
    """The folder holding argostranslate's packages, downloads and index for this user."""
    return data_dir() / ARGOS_FOLDER


def packages_dir() -> Path:
    """Where installed packages live (argostranslate's ``package_data_dir``)."""
    return argos_root() / "packages"


def argos_settings() -> Any:
    """``argostranslate.settings``, pointed at the current data dir."""
    root = argos_root()
    with _IMPORT_LOCK:
        if "argostranslate.settings" not in sys.modules:
            # Its import creates folders under XDG_*/argos-translate and reads a settings file
            # there; aim both at our data dir for the import only.
            saved = {name: os.environ.get(name) for name in _ARGOS_ENV}
            os.environ.update(
                XDG_DATA_HOME=str(root.parent),
                XDG_CONFIG_HOME=str(root.parent),
                XDG_CACHE_HOME=str(root.parent),
                ARGOS_PACKAGES_DIR=str(root / "packages"),
            )
            try:
                importlib.import_module("argostranslate.settings")
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
            # argostranslate logs failures as bare tuples ("(URLError(...),)") through logging's
            # last-resort handler; every failure we act on is reported as one line of our own.
            logging.getLogger("argostranslate").addHandler(logging.NullHandler())
            logging.getLogger("argostranslate").propagate = False
        settings: Any = sys.modules["argostranslate.settings"]
        settings.data_dir = root
        settings.cache_dir = root
        settings.downloads_dir = root / "downloads"
        settings.package_data_dir = root / "packages"
        settings.package_dirs = [root / "packages"]
        settings.local_package_index = root / "index.json"
        return settings


@dataclass(frozen=True)
class InstalledModel:
    """An installed package folder; ``problem`` says why it cannot be used, if it cannot."""

    name: str
    path: Path
    version: str
    from_code: str | None
    to_code: str | None
    fingerprint: str
    problem: str | None = None

    @property
    def usable(self) -> bool:
        """True for a complete zh→en package."""
        return self.problem is None

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder."""
        return self.path / "model"

    @property
    def cache_version(self) -> str:
        """The version the translation cache is keyed by: package version and file fingerprint."""
        return f"{self.version}+{self.fingerprint}"

    def size_bytes(self) -> int:
        """Bytes on disk."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def _fingerprint(path: Path) -> str:
    """A cheap identity of a package's files: metadata content and the sizes of the models."""
    digest = hashlib.sha1()
    for name in ("metadata.json", "model/model.bin", "sentencepiece.model"):
        file = path / name
        try:
            if name.endswith(".json") and file.is_file():
                digest.update(read_bytes(file, MAX_METADATA_BYTES))
            elif file.is_file():
                digest.update(f"{name}:{file.stat().st_size}".encode())
        except OSError:
            digest.update(f"{name}:unreadable".encode())  # read_installed says why
    return digest.hexdigest()[:8]


def read_installed(path: Path) -> InstalledModel:
    """Reads one package folder, noting what is wrong with it rather than failing."""
    metadata: dict[str, Any] = {}
    problem: str | None = None
    try:
        loaded = json.loads(read_bytes(path / "metadata.json", MAX_METADATA_BYTES))
        metadata = loaded if isinstance(loaded, dict) else {}
        if not metadata:
            problem = "metadata.json is not a JSON object"
    except FileNotFoundError:
        problem = "no metadata.json"
    except OSError as exc:  # also a FIFO or a folder in its place, or too large
        problem = f"unreadable metadata.json ({exc.strerror or exc})"
    except (ValueError, RecursionError) as exc:  # not UTF-8 or JSON, 5000-digit numbers, nesting
        problem = f"unreadable metadata.json ({' '.join(str(exc).split())})"
    if problem is None:
        try:
            check_metadata(path.name, metadata)
        except ReaderError as exc:
            problem = str(exc).split(";")[0]
    if problem is None and not (path / "model" / "model.bin").is_file():
        problem = "no CTranslate2 model (model/model.bin)"
    if problem is None and not (path / "sentencepiece.model").is_file():
        problem = "no sentencepiece.model"
    return InstalledModel(
        name=path.name,
        path=path,
        version=str(metadata.get("package_version") or "0"),
        from_code=metadata.get("from_code"),
        to_code=metadata.get("to_code"),
        fingerprint=_fingerprint(path),
        problem=problem,
    )


def installed_models() -> list[InstalledModel]:
    """Every package folder in the packages dir, sorted by name."""
    folder = packages_dir()
    if not folder.is_dir():
        return []
    return [
        read_installed(p)
        for p in sorted(folder.iterdir())
        if p.is_dir() and not p.name.startswith(".")
    ]


def _version_key(version: str) -> tuple[int, ...]:
    # Numbers of more than 18 digits are cut: int() refuses strings of over 4300 digits.
    return tuple(int(n[:18]) for n in re.findall(r"\d+", version)) or (0,)


def active_model(name: str | None = None) -> InstalledModel | None:
    """The model to translate with: ``name`` if given, else the newest usable zh→en package."""
    models = installed_models()
    if name is not None:
        found = find_model(name, models)
        if not found.usable:
            raise ReaderError(f"Model {found.name} cannot be used: {found.problem}.")
        return found
    usable = [m for m in models if m.usable]
    return max(usable, key=lambda m: (_version_key(m.version), m.name), default=None)


def find_model(name: str, models: list[InstalledModel] | None = None) -> InstalledModel:
    """The installed package called ``name`` (its folder name, or a unique prefix of it)."""
    models = installed_models() if models is None else models
    exact = [m for m in models if m.name == name]
    matches = exact or [m for m in models if m.name.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(m.name for m in models) or "none"
    if not matches:
        raise ReaderError(f"No installed model called '{name}' (installed: {known}).")
    raise ReaderError(f"'{name}' matches several models ({known}); give the full name.")


def _staging_dir() -> Path:
    """A fresh folder beside the packages dir (same file system, so the final move is a rename;
    outside it, so a half-extracted package is never listed)."""
    base = argos_root() / "staging"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="install-", dir=base))


def install_file(path: Path, *, replace: bool = False) -> InstalledModel:
    """Installs an ``.argosmodel`` archive after validating it; nothing is left on failure."""
    info = inspect_archive(Path(path))
    target = packages_dir() / info.folder
    if target.exists() and not replace:
        raise ReaderError(
            f"Model {info.folder} is already installed; remove it first with "
            f"'reader models remove {info.folder}'."
        )
    staging = _staging_dir()
    aside = _staging_dir()
    try:
        extracted = extract_archive(info, staging)
        model = read_installed(extracted)
        if not model.usable:
            raise ReaderError(f"{Path(path).name}: {model.problem}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        old = aside / info.folder
        if target.exists():
            target.rename(old)  # kept until the new folder is in place
        try:
            extracted.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
    except OSError as exc:
        raise ReaderError(f"Cannot install {Path(path).name}: {exc.strerror or exc}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(aside, ignore_errors=True)
    return read_installed(target)


def _delete_folder(folder: Path) -> None:
    """Moves a package folder out of the packages dir first, so it vanishes at once."""
    trash = _staging_dir()
    folder.rename(trash / folder.name)
    shutil.rmtree(trash, ignore_errors=True)


def remove_model(name: str) -> InstalledModel:
    """Deletes an installed package folder (argostranslate's ``uninstall()`` imports stanza)."""
    model = find_model(name)
    try:
        _delete_folder(model.path)
    except OSError as exc:
        raise ReaderError(f"Cannot remove {model.name}: {exc.strerror or exc}.") from None
    return model


# -- the package index (network, only when the user asks) ------------------------------------


@dataclass(frozen=True)
class AvailableModel:
    """A zh→en package listed in the downloaded index."""

    name: str
    version: str
    links: tuple[str, ...]


def _reason(exc: BaseException) -> str:
    """The short cause of a failed download ("Name or service not known", "timed out")."""
    reason = getattr(exc, "reason", None) or exc
    text = getattr(reason, "strerror", None) or str(reason)
    return " ".join(str(text).split()) or type(exc).__name__


def update_index() -> str | None:
    """Downloads the package index; returns a notice when an older copy had to be used.

    Fetched here rather than with ``argostranslate.package.update_package_index()``, which logs
    a failure as a bare exception tuple on stderr and returns as if nothing happened.
    """
    import urllib.error
    import urllib.request

    settings = argos_settings()
    index = Path(settings.local_package_index)
    url = str(settings.remote_package_index)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "reader"})
        with urllib.request.urlopen(request, timeout=60) as response:
            data = response.read(MAX_INDEX_BYTES + 1)
        if len(data) > MAX_INDEX_BYTES:
            raise ValueError("the index is too large")
        if not isinstance(json.loads(data.decode("utf-8")), list):
            raise ValueError("the index is not a JSON list")
        write_text_atomic(index, data.decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if index.exists():
            return (
                f"Could not refresh the model index ({_reason(exc)}); using the copy downloaded "
                "earlier."
            )
        raise ReaderError(
            f"Cannot download the model index from {url} ({_reason(exc)}; offline?); install a "
            "downloaded archive with 'reader models install --file PATH'."
        ) from None
    return None


def available_models() -> list[AvailableModel]:
    """zh→en packages in the downloaded index (no network), newest first."""
    settings = argos_settings()
    if not Path(settings.local_package_index).exists():
        return []
    from argostranslate import package

    try:
        packages = package.get_available_packages()
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ReaderError(f"The downloaded model index is unreadable ({exc}).") from None
    found = [
        AvailableModel(
            name=package.argospm_package_name(p) + "-" + str(p.package_version).replace(".", "_"),
            version=str(p.package_version),
            links=tuple(p.links or ()),
        )
        for p in packages
        if p.from_code == SOURCE_CODE and p.to_code == TARGET_CODE and p.type == "translate"
    ]
    return sorted(found, key=lambda m: _version_key(m.version), reverse=True)


def download(model: AvailableModel, progress: ByteProgress | None = None) -> Path:
    """Downloads a package archive into the downloads folder, reporting bytes as it goes."""
    import urllib.error  # only a download needs the network stack (and its import time)
    import urllib.request

    folder = Path(argos_settings().downloads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{model.name}.argosmodel"
    errors = []
    for url in model.links:
        if not url.startswith(("https://", "http://", "file:")):
            errors.append(f"{url}: unsupported address")
            continue
        part = final.with_suffix(".part")
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "reader"})
            with urllib.request.urlopen(request, timeout=60) as response, part.open("wb") as out:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                done = 0
                while chunk := response.read(_DOWNLOAD_CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            part.replace(final)
            return final
        except (urllib.error.URLError, OSError, ValueError) as exc:
            part.unlink(missing_ok=True)
            errors.append(f"{url}: {_reason(exc)}")
    raise ReaderError(f"Cannot download {model.name}: {'; '.join(errors) or 'no links'}.")


def install_from_index(
    progress: ByteProgress | None = None, *, replace: bool = False
) -> tuple[InstalledModel, list[str]]:
    """Refreshes the index, downloads the newest zh→en package and installs it."""
    notices = [n for n in [update_index()] if n]
    models = available_models()
    if not models:
        raise ReaderError("The model index lists no Chinese→English (zh→en) package.")
    archive = download(models[0], progress)
    try:
        installed = install_file(archive, replace=replace)
    finally:
        archive.unlink(missing_ok=True)
    return installed, notices
