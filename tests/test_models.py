"""``reader models``: validated installs from files and the index, listing and removal."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.paths import data_dir
from reader.translation import archive
from reader.translation.packages import (
    active_model,
    argos_settings,
    installed_models,
    packages_dir,
)
from tests.argos_model import build_package


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_nothing_installed() -> None:
    folder = packages_dir()
    assert not folder.exists() or list(folder.iterdir()) == []
    staging = data_dir() / "argos-translate" / "staging"
    assert not staging.exists() or list(staging.iterdir()) == []


@pytest.fixture(scope="module")
def package_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An unzipped package to build broken archives from."""
    return build_package(tmp_path_factory.mktemp("pkg"))


def rezip(
    folder: Path,
    dest: Path,
    extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
    skip: tuple[str, ...] = (),
    metadata: dict[str, object] | None = None,
) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as out:
        for path in sorted(folder.rglob("*")):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            if path.is_dir() or any(name.endswith(s) for s in skip):
                continue
            if name.endswith("metadata.json") and metadata is not None:
                out.writestr(name, json.dumps(metadata))
            else:
                out.write(path, name)
        for info, data in extra:
            out.writestr(info, data)
    return dest


def test_install_list_and_remove(tiny_archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "list")
    assert code == 0 and "No model installed" in out
    code, out, _ = run(capsys, "models", "install", "--file", str(tiny_archive))
    assert code == 0 and "Installed translate-zh_en-1_0 (version 1.0)" in out
    assert (packages_dir() / "translate-zh_en-1_0" / "model" / "model.bin").is_file()
    assert packages_dir() == data_dir() / "argos-translate" / "packages"
    code, out, _ = run(capsys, "models", "list", "--json")
    doc = json.loads(out)
    assert [
        (m["name"], m["version"], m["from"], m["to"], m["active"], m["problem"])
        for m in doc["installed"]
    ] == [("translate-zh_en-1_0", "1.0", "zh", "en", True, None)]
    code, out, _ = run(capsys, "models", "list")
    assert "* translate-zh_en-1_0" in out and "zh→en" in out
    code, _, err = run(capsys, "models", "install", "--file", str(tiny_archive))
    assert code == 1 and "already installed" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "models", "install", "--file", str(tiny_archive), "--force")
    assert code == 0
    code, out, _ = run(capsys, "models", "remove", "translate-zh_en")
    assert code == 0 and "Removed translate-zh_en-1_0" in out
    assert_nothing_installed()
    code, _, err = run(capsys, "models", "remove", "translate-zh_en")
    assert code == 1 and "No installed model called 'translate-zh_en'" in err


def test_argostranslate_settings_follow_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = argos_settings()
    assert Path(settings.package_data_dir) == data_dir() / "argos-translate" / "packages"
    assert settings.package_dirs == [Path(settings.package_data_dir)]
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "elsewhere"))
    settings = argos_settings()
    assert (
        Path(settings.package_data_dir) == tmp_path / "elsewhere" / "argos-translate" / "packages"
    )
    assert Path(settings.local_package_index).parent == tmp_path / "elsewhere" / "argos-translate"


def _symlink(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not-a-zip", "is not an .argosmodel archive (not a zip file)"),
        ("traversal", "contains a file outside its folder ('translate-zh_en-1_0/../../evil.txt')"),
        ("absolute", "contains a file with an unsafe name ('/tmp/evil.txt')"),
        ("backslash", "contains a file with an unsafe name"),
        ("symlink", "contains a symbolic link ('translate-zh_en-1_0/link')"),
        ("bomb", "expands"),
        ("wrong-pair", "translates de→en; reader needs a Chinese→English (zh→en) model"),
        ("not-translate", "is a 'sbd' package, not a translation model"),
        ("no-model", "has no CTranslate2 model (translate-zh_en-1_0/model/model.bin missing)"),
        ("no-tokenizer", "has no SentencePiece tokenizer"),
        ("two-folders", "has 2 top-level folders"),
        ("loose-file", "has files outside a package folder ('evil.txt')"),
        ("bad-metadata", "metadata.json is not valid JSON"),
    ],
)
def test_bad_archives_are_refused_and_install_nothing(
    case: str,
    message: str,
    package_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dest = tmp_path / "work" / f"{case}.argosmodel"
    dest.parent.mkdir()
    meta = json.loads((package_folder / "metadata.json").read_text())
    top = package_folder.name
    if case == "not-a-zip":
        dest.write_bytes(b"PK\x03\x04 but not really a zip file" * 10)
    elif case == "traversal":
        rezip(package_folder, dest, [(f"{top}/../../evil.txt", b"gotcha")])
    elif case == "absolute":
        rezip(package_folder, dest, [("/tmp/evil.txt", b"gotcha")])
    elif case == "backslash":
        rezip(package_folder, dest, [(f"{top}\\..\\evil.txt", b"gotcha")])
    elif case == "symlink":
        rezip(package_folder, dest, [(_symlink(f"{top}/link", "/etc/passwd"), b"/etc/passwd")])
    elif case == "bomb":
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr(f"{top}/metadata.json", json.dumps(meta))
            out.writestr(f"{top}/model/model.bin", b"\0" * (20 * 1024**2))
            out.writestr(f"{top}/sentencepiece.model", b"x")
    elif case == "wrong-pair":
        rezip(package_folder, dest, metadata={**meta, "from_code": "de"})
    elif case == "not-translate":
        rezip(package_folder, dest, metadata={**meta, "type": "sbd"})
    elif case == "no-model":
        rezip(package_folder, dest, skip=("model/model.bin",))
    elif case == "no-tokenizer":
        rezip(package_folder, dest, skip=("sentencepiece.model",))
    elif case == "two-folders":
        rezip(package_folder, dest, [("other/file.txt", b"x")])
    elif case == "loose-file":
        rezip(package_folder, dest, [("evil.txt", b"x")])
    elif case == "bad-metadata":
        with zipfile.ZipFile(dest, "w") as out:
            out.writestr(f"{top}/metadata.json", "{not json")
    code, out, err = run(capsys, "models", "install", "--file", str(dest))
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and err.startswith("reader: ")
    assert "Traceback" not in err
    assert_nothing_installed()
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "work" / "evil.txt").exists()


def test_a_member_over_the_size_limit_is_refused(
    tiny_archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1024**2)
    code, _, err = run(capsys, "models", "install", "--file", str(tiny_archive))
    assert code == 1 and "model.bin' of" in err and "more than the limit of 1.0 MB" in err
    assert_nothing_installed()


def test_the_total_size_limit(
    tiny_archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 2 * 1024**2)
    code, _, err = run(capsys, "models", "install", "--file", str(tiny_archive))
    assert code == 1 and "unpacks to" in err
    assert_nothing_installed()


def test_a_missing_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "models", "install", "--file", str(tmp_path / "nope.argosmodel"))
    assert code == 1 and "No such file" in err


def test_a_broken_package_folder_is_listed_not_fatal(
    tiny_archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "models", "install", "--file", str(tiny_archive))
    broken = packages_dir() / "leftover"
    broken.mkdir()
    code, out, _ = run(capsys, "models", "list")
    assert code == 0 and "unusable: no metadata.json" in out
    assert active_model() is not None and active_model().name == "translate-zh_en-1_0"  # type: ignore[union-attr]
    assert [m.usable for m in installed_models()] == [False, True]


def test_newest_model_is_active(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.argos_model import zip_package

    for name, version in (("translate-zh_en-1_9", "1.9"), ("translate-zh_en-1_10", "1.10")):
        folder = build_package(tmp_path / name, name=name, version=version)
        zip_package(folder, tmp_path / f"{name}.argosmodel")
        assert main(["models", "install", "--file", str(tmp_path / f"{name}.argosmodel")]) == 0
    assert active_model() is not None and active_model().name == "translate-zh_en-1_10"  # type: ignore[union-attr]


def _index(tmp_path: Path, archive_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package index served from a file: URL (no socket is opened)."""
    index = tmp_path / "index.json"
    entries = [
        {
            "type": "translate",
            "from_code": "en",
            "to_code": "de",
            "package_version": "1.0",
            "links": ["file:///nonexistent.argosmodel"],
        },
        {
            "type": "translate",
            "from_code": "zh",
            "to_code": "en",
            "package_version": "1.0",
            "from_name": "Chinese",
            "to_name": "English",
            "links": [archive_path.as_uri()],
        },
    ]
    index.write_text(json.dumps(entries))
    monkeypatch.setattr(argos_settings(), "remote_package_index", index.as_uri())
    return index


def test_install_from_the_index(
    tiny_archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _index(tmp_path, tiny_archive, monkeypatch)
    code, out, err = run(capsys, "models", "install")
    assert code == 0 and "Installed translate-zh_en-1_0" in out
    assert "downloading" in err and "MB" in err  # the progress bar
    assert active_model() is not None
    assert not list((data_dir() / "argos-translate" / "downloads").glob("*.argosmodel"))
    code, out, _ = run(capsys, "models", "list", "--json")
    assert json.loads(out)["available"] == [{"name": "translate-zh_en-1_0", "version": "1.0"}]


def test_an_unreachable_index_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(argos_settings(), "remote_package_index", (tmp_path / "none.json").as_uri())
    code, _, err = run(capsys, "models", "install")
    assert code == 1 and "Cannot download the model index" in err and "--file" in err
    assert err.count("\n") == 1 and err.startswith("reader: ")  # no stray exception tuple first
    assert "No such file or directory" in err
    assert_nothing_installed()


def test_without_network_install_prints_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import urllib.request

    def offline(*args: object, **kwargs: object) -> None:
        import socket
        import urllib.error

        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    code, out, err = run(capsys, "models", "install")
    assert code == 1 and out == ""
    assert err == (
        "reader: Cannot download the model index from "
        f"{argos_settings().remote_package_index} (Name or service not known; offline?); "
        "install a downloaded archive with 'reader models install --file PATH'.\n"
    )


def test_a_bad_download_link_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _index(tmp_path, tmp_path / "missing.argosmodel", monkeypatch)
    code, _, err = run(capsys, "models", "install")
    assert code == 1 and "Cannot download translate-zh_en-1_0" in err
    assert_nothing_installed()
