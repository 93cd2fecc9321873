"""Safe reading of export archives (.zip) and export folders, shared by the chat readers.

Chat exports come as a folder or as the ``.zip`` an app produced (Slack,
WhatsApp). :class:`ExportTree` gives both the same small interface: list the
member paths (POSIX, relative), read one as bytes or text, and name it for a
turn's ``source``. Nothing is ever extracted to disk.

A zip is checked before anything is read from it:

- every member name is relative and stays inside the archive (no absolute
  path, drive letter, ``..`` component or backslash traversal), and no member
  is a symbolic link: otherwise :class:`~stacey.errors.FormatError`;
- at most ``max_members`` members, at most ``max_total`` bytes uncompressed in
  all, and no member whose declared size is more than ``max_ratio`` times its
  compressed size (a decompression bomb);
- while reading, a member that inflates beyond its declared size is stopped
  (a lying header), and a CRC or truncation error becomes a ``FormatError``.

The defaults (100,000 members, 4 GiB, ratio 200) pass every real export we
know of (text and JSON compress 5-20 times) and refuse the classic bombs
(ratios of 1,000 and more).
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import FormatError

__all__ = ["ExportTree", "is_zip", "open_tree", "decode_text", "read_text_file", "zip_names", "zip_head",
           "MAX_MEMBERS", "MAX_TOTAL", "MAX_RATIO"]

MAX_MEMBERS = 100_000
MAX_TOTAL = 4 * 1024**3
MAX_RATIO = 200.0
#: Members smaller than this are never refused for their ratio (tiny files compress oddly).
_RATIO_FLOOR = 1024 * 1024


def is_zip(path: Path) -> bool:
    """True when ``path`` is a file that starts like a zip archive."""
    if not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _unsafe(name: str) -> bool:
    if not name or "\x00" in name:
        return True
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(norm).parts)


def decode_text(data: bytes, path: Path | str, member: str | None = None) -> str:
    """Decode UTF-8 (a leading BOM dropped) or raise a FormatError naming the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = f"{member}, byte {exc.start}" if member else f"byte {exc.start}"
        raise FormatError(path, where, "expected UTF-8 text") from exc


def read_text_file(path: Path, expected: str) -> str:
    """The UTF-8 text of one file; a FormatError for a folder (naming ``expected``), an unreadable file or bad bytes."""
    if path.is_dir():
        raise FormatError(path, None, f"expected {expected}, not a folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(path, None, f"could not be read ({exc})") from exc
    return decode_text(data, path)


class ExportTree:
    """A folder or a checked zip archive, read member by member.

    Parameters
    ----------
    path
        The export folder or ``.zip`` file.
    max_members, max_total, max_ratio
        Limits for a zip (see the module docstring).
    """

    def __init__(self, path: Path, *, max_members: int = MAX_MEMBERS, max_total: int = MAX_TOTAL,
                 max_ratio: float = MAX_RATIO) -> None:
        self.path = Path(path)
        self.max_members = int(max_members)  # options may arrive as strings from the command line
        self.max_total = int(max_total)
        self.max_ratio = float(max_ratio)
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        if self.path.is_dir():
            self.is_archive = False
        else:
            self.is_archive = True
            self._open_zip()

    def _open_zip(self) -> None:
        try:
            zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise FormatError(self.path, None, f"expected a readable .zip archive ({exc})") from exc
        infos = zf.infolist()
        if len(infos) > self.max_members:
            zf.close()
            raise FormatError(self.path, None, f"archive has {len(infos)} members; at most {self.max_members} "
                                               "are read (raise max_members if the export is genuine)")
        total = 0
        for info in infos:
            if _unsafe(info.filename):
                zf.close()
                raise FormatError(self.path, f"member {info.filename!r}",
                                  "expected a relative member path inside the archive (path traversal refused)")
            mode = info.external_attr >> 16
            if mode and stat.S_ISLNK(mode):
                zf.close()
                raise FormatError(self.path, f"member {info.filename!r}", "expected a file, found a symbolic link")
            if info.is_dir():
                continue
            total += info.file_size
            if (info.file_size > _RATIO_FLOOR
                    and info.file_size > self.max_ratio * max(info.compress_size, 1)):
                zf.close()
                raise FormatError(self.path, f"member {info.filename!r}",
                                  f"compression ratio {info.file_size / max(info.compress_size, 1):.0f} exceeds "
                                  f"{self.max_ratio:.0f} (a decompression bomb?)")
            self._infos[info.filename.replace("\\", "/")] = info
        if total > self.max_total:
            zf.close()
            raise FormatError(self.path, None, f"archive would inflate to {total} bytes; at most {self.max_total} "
                                               "are read (raise max_total if the export is genuine)")
        self._zip = zf

    # -- the interface -------------------------------------------------
    def names(self) -> list[str]:
        """Member paths, POSIX and relative to the export's root, sorted."""
        if self._zip is not None:
            return sorted(self._infos)
        out = []
        for p in self.path.rglob("*"):
            if p.is_file() and not p.is_symlink():
                out.append(p.relative_to(self.path).as_posix())
        return sorted(out)

    def exists(self, name: str) -> bool:
        """True when ``name`` is a member (file) of the tree."""
        if self._zip is not None:
            return name in self._infos
        return (self.path / name).is_file()

    def read_bytes(self, name: str) -> bytes:
        """The bytes of one member; a bad member raises FormatError."""
        if self._zip is None:
            try:
                return (self.path / name).read_bytes()
            except OSError as exc:
                raise FormatError(self.path / name, None, f"could not be read ({exc})") from exc
        info = self._infos.get(name)
        if info is None:
            raise FormatError(self.path, f"member {name!r}", "expected this member in the archive")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > info.file_size:
                        raise FormatError(self.path, f"member {name!r}",
                                          "member inflates beyond its declared size (refused)")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise FormatError(self.path, f"member {name!r}", f"expected an intact archive member ({exc})") from exc
        return b"".join(chunks)

    def read_text(self, name: str) -> str:
        """A member decoded as UTF-8 (BOM dropped)."""
        return decode_text(self.read_bytes(name), self.path, name)

    def label(self, name: str) -> str:
        """How a member is named in ``source``: ``export.zip:general/2024-05-01.json``."""
        return f"{self.path.name}:{name}" if self.is_archive else f"{self.path.name}/{name}"

    def close(self) -> None:
        """Close the archive (a folder needs nothing)."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> ExportTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


def open_tree(path: Path, **limits: float) -> ExportTree:
    """Open a folder or zip as an :class:`ExportTree` (limits as keyword arguments)."""
    return ExportTree(path, **limits)  # type: ignore[arg-type]


def zip_names(path: Path, *, limit: int = 2000) -> list[str]:
    """Member names of a zip for sniffing (no checks, no reading); [] if it is not a zip."""
    if not is_zip(path):
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            return [i.filename for i in zf.infolist()[:limit]]
    except (zipfile.BadZipFile, OSError, EOFError):
        return []


def zip_head(path: Path, name: str, n: int = 4096) -> bytes:
    """First ``n`` bytes of one zip member for sniffing (b"" on any problem)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(name) as fh:
            return fh.read(n)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error, NotImplementedError, RuntimeError):
        return b""
