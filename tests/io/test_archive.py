"""Tests of stacey/io/_archive.py: safe reading of export folders and zip archives."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from stacey.errors import FormatError
from stacey.io._archive import ExportTree, is_zip, zip_names


def _zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_folder_and_zip_give_the_same_members(tmp_path: Path) -> None:
    folder = tmp_path / "exp"
    (folder / "a").mkdir(parents=True)
    (folder / "users.json").write_text("[]", encoding="utf-8")
    (folder / "a" / "2024-01-01.json").write_text("[1]", encoding="utf-8")
    z = _zip(tmp_path / "exp.zip", {"users.json": b"[]", "a/2024-01-01.json": b"[1]"})
    with ExportTree(folder) as ft, ExportTree(z) as zt:
        assert ft.names() == zt.names() == ["a/2024-01-01.json", "users.json"]
        assert ft.read_text("a/2024-01-01.json") == zt.read_text("a/2024-01-01.json") == "[1]"
        assert ft.label("users.json") == "exp/users.json"
        assert zt.label("users.json") == "exp.zip:users.json"
        assert not ft.is_archive and zt.is_archive
    assert is_zip(z) and not is_zip(folder / "users.json")
    assert zip_names(z) == ["users.json", "a/2024-01-01.json"]


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/x.txt", "a\\..\\..\\x"])
def test_path_traversal_is_refused(tmp_path: Path, name: str) -> None:
    z = _zip(tmp_path / "bad.zip", {"ok.txt": b"x", name: b"y"})
    with pytest.raises(FormatError, match="path traversal"):
        ExportTree(z)


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(FormatError, match="symbolic link"):
        ExportTree(z)


def test_decompression_bomb_ratio_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"\0" * (4 * 1024 * 1024)})
    info = zipfile.ZipFile(z).infolist()[0]
    assert info.file_size / info.compress_size > 200  # the archive really is bomb-like
    with pytest.raises(FormatError, match="compression ratio"):
        ExportTree(z)
    with ExportTree(z, max_ratio=1e6) as tree:  # a caller may lift the limit knowingly
        assert len(tree.read_bytes("zeros.txt")) == 4 * 1024 * 1024


def test_member_count_and_total_size_limits(tmp_path: Path) -> None:
    z = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"abc" for i in range(5)})
    with pytest.raises(FormatError, match="5 members"):
        ExportTree(z, max_members=3)
    with pytest.raises(FormatError, match="inflate to 15 bytes"):
        ExportTree(z, max_total=10)


def test_member_that_inflates_beyond_its_declared_size_is_stopped(tmp_path: Path) -> None:
    z = _zip(tmp_path / "lie.zip", {"a.txt": b"x" * 1000})
    with ExportTree(z) as tree:
        tree._infos["a.txt"].file_size = 10  # a header that lies about the size
        with pytest.raises(FormatError, match="beyond its declared size|intact archive member"):
            tree.read_bytes("a.txt")


def test_truncated_zip_is_a_format_error(tmp_path: Path) -> None:
    z = _zip(tmp_path / "t.zip", {"a.txt": os.urandom(5000)})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(z.read_bytes()[:2000])
    with pytest.raises(FormatError, match="cut.zip"):
        ExportTree(cut)


def test_non_utf8_member_names_the_member(tmp_path: Path) -> None:
    z = _zip(tmp_path / "enc.zip", {"chat.txt": "blåbær".encode("latin-1")})
    with ExportTree(z) as tree, pytest.raises(FormatError, match="chat.txt, byte 2: expected UTF-8"):
        tree.read_text("chat.txt")
