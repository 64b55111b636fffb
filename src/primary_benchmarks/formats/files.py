"""File access for the loading layer: capped reads and atomic writes.

Every failure becomes an :class:`~primary_benchmarks.errors.Issue` with a stable code,
never an ``OSError`` traceback: a missing file is ``not-found``, a file the user may not
read ``permission-denied``, a FIFO, device or looping link ``not-a-file`` (such a path is
never opened for reading in a way that could block or stream forever), and a path that
cannot name a file at all (a NUL byte, a name too long, a path through a file)
``bad-path``. Writes go to a temporary file beside the target, renamed into place, and
leave nothing behind when they fail (``cannot-write``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from ..errors import Issue, LoadError, SaveError
from .yaml_reader import MAX_BYTES

__all__ = ["HIDDEN_PREFIXES", "FolderEntries", "atomic_write", "file_problem", "read_capped",
           "walk_folder"]


def file_problem(path: str | os.PathLike[str], exc: BaseException, *,
                 writing: bool = False) -> Issue:
    """The issue an ``OSError`` (or a ``ValueError`` for a NUL byte) on ``path`` means."""
    code, message = "cannot-write" if writing else "not-found", str(exc)
    number = getattr(exc, "errno", None)
    if isinstance(exc, ValueError):  # "embedded null byte"
        code, message = "bad-path", "the path holds a NUL byte"
    elif isinstance(exc, FileNotFoundError):
        code = "cannot-write" if writing else "not-found"
        message = ("the folder to write into does not exist" if writing
                   else "no such file or folder")
    elif isinstance(exc, PermissionError):
        code, message = "permission-denied", "permission denied"
    elif isinstance(exc, IsADirectoryError):
        code, message = "not-a-file", "is a folder, not a file"
    elif number == errno.ENAMETOOLONG:
        code, message = "bad-path", "the file name is too long for the file system"
    elif number == errno.ENOTDIR:
        code, message = "bad-path", "a part of the path is a file, not a folder"
    elif number == errno.ELOOP:
        code, message = "not-a-file", "the path is a loop of symbolic links"
    elif number == errno.ENOSPC:
        code, message = "cannot-write", "no space left on the disk"
    elif number in (errno.EROFS,):
        code, message = "cannot-write", "the file system is read-only"
    elif writing:
        message = f"cannot be written: {os.strerror(number) if number else exc}"
    return Issue(file=os.fsdecode(path) if not isinstance(exc, ValueError) else
                 os.fsdecode(path).replace("\0", "\\0"),
                 line=None, col=None, path="$", code=code, message=message)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """Read a regular file's bytes, refusing one larger than ``max_bytes``.

    The file is opened without blocking and checked to be a regular file before any
    byte is read, so a FIFO, a device (``/dev/zero``) or a link to one is refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        raise LoadError([file_problem(path, exc)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError([Issue(file=os.fsdecode(path), line=None, col=None, path="$",
                                   code="not-a-file",
                                   message=f"is {_kind(info.st_mode)}, not a file")])
        if info.st_size > max_bytes:
            raise LoadError([Issue(
                file=os.fsdecode(path), line=1, col=1, path="$", code="too-large",
                message=f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,}")])
        chunks = []
        left = max_bytes + 1  # one byte past the cap: a file that grew is still refused
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise LoadError([file_problem(path, exc)]) from None
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    """The mode a new file gets from ``open()``: 0666 less the process umask."""
    mask = os.umask(0o022)  # reading the umask means setting it; set it straight back
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it over
    ``path``; raise :class:`~primary_benchmarks.errors.SaveError` when that fails.

    A crash at any moment leaves either the old file or the new one, never half of one;
    a failure (a full disk, a missing folder, a folder in the way) leaves no temporary
    file. The file keeps the mode of the file it replaces; a new file gets the mode
    ``open()`` would give it (0666 less the umask).

    A symbolic link is written through: the file it points to is replaced and the link
    kept. A target that is not a regular file (``/dev/stdout``, ``/dev/null``, a named
    pipe) is written into directly, as a shell redirection would; it is never replaced.
    """
    given = Path(path)
    try:
        mode_now: int | None = os.stat(given).st_mode  # follows links
    except (OSError, ValueError):
        mode_now = None
    if mode_now is not None and stat.S_ISDIR(mode_now):
        raise SaveError([Issue(file=str(given), line=None, col=None, path="$",
                               code="not-a-file", message="is a folder, not a file")])
    if mode_now is not None and not stat.S_ISREG(mode_now):
        _write_into(given, text)
        return
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                   suffix=".tmp")
    except (OSError, ValueError) as exc:
        raise SaveError([file_problem(given, exc, writing=True)]) from None
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise SaveError([file_problem(given, exc, writing=True)]) from None
        raise


def _write_into(target: Path, text: str | bytes) -> None:
    """Write ``text`` straight into ``target``, a device or pipe that cannot be replaced."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with open(target, "wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as exc:
        raise SaveError([file_problem(target, exc, writing=True)]) from None


#: Names that mark an entry as hidden: dot files and folders (``.git``,
#: ``.ipynb_checkpoints``, macOS's ``._name.yaml`` and ``.DS_Store``) and Office's owner
#: files (``~$name.xlsx``, left while a workbook is open).
HIDDEN_PREFIXES = (".", "~$")


class FolderEntries:
    """Every entry below a folder, sorted: the files to read, the problems (entries that
    cannot be read), the files skipped because of their suffix, and the hidden entries
    (files and folders) left unread."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.problems: list[Issue] = []
        self.skipped: list[str] = []
        self.hidden: list[str] = []


def walk_folder(folder: str | os.PathLike[str], suffixes: tuple[str, ...]) -> FolderEntries:
    """Walk ``folder``: regular files whose suffix is in ``suffixes`` (any case) are to be
    read; every other entry is reported. Links to files are followed; links to folders
    are not (they are reported), so a walk cannot loop; broken links, loops of links,
    FIFOs, devices, sockets and folders that cannot be opened are problems. Hidden
    entries (names starting with one of :data:`HIDDEN_PREFIXES`: a notebook's checkpoint
    copies, version control, the files an operating system or an open workbook leaves)
    are neither read nor entered, and are listed in ``hidden``; a hidden file named on
    its own (not found by a walk) is read like any other.

    Nothing found is opened here.
    """
    found = FolderEntries()

    def problem(path: str, code: str, message: str) -> None:
        found.problems.append(Issue(file=path, line=None, col=None, path="$", code=code,
                                    message=message))

    def visit(here: str) -> None:
        try:
            with os.scandir(here) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(file_problem(here, exc))
            return
        for entry in listed:
            path = entry.path
            if entry.name.startswith(HIDDEN_PREFIXES):
                found.hidden.append(path)
                continue
            try:
                link = entry.is_symlink()
                info = os.stat(path)  # follows links
            except OSError as exc:
                if getattr(exc, "errno", None) == errno.ELOOP:
                    problem(path, "not-a-file", "is a loop of symbolic links")
                elif isinstance(exc, FileNotFoundError):
                    problem(path, "not-a-file", "is a broken link: what it points to does "
                            "not exist")
                else:
                    found.problems.append(file_problem(path, exc))
                continue
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                if link:
                    problem(path, "not-a-file", "is a link to a folder; links to folders "
                            "are not followed (give the folder itself)")
                else:
                    visit(path)
            elif not stat.S_ISREG(mode):
                problem(path, "not-a-file", f"is {_kind(mode)}, not a file")
            elif entry.name.lower().endswith(suffixes):
                found.files.append(Path(path))
            else:
                found.skipped.append(path)

    visit(os.fspath(folder))
    return found
