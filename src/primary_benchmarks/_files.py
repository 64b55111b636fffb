"""File access for the loading layer: capped reads and atomic writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ._yaml import MAX_BYTES
from .errors import Issue, LoadError

__all__ = ["atomic_write", "read_capped"]


def read_capped(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file's bytes, reading at most one byte past the cap (the parser reports it)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise LoadError([Issue(
                    file=str(path), line=1, col=1, path="$", code="too-large",
                    message=f"the file is {size:,} bytes; the limit is {max_bytes:,}")])
            return fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise LoadError([Issue(file=str(path), line=None, col=None, path="$",
                               code="not-found", message="no such file")]) from None
    except IsADirectoryError:
        raise LoadError([Issue(file=str(path), line=None, col=None, path="$",
                               code="not-found", message="is a folder, not a file")]) from None
    except PermissionError:
        raise LoadError([Issue(file=str(path), line=None, col=None, path="$",
                               code="not-found", message="permission denied")]) from None


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to a temporary file beside ``path``, then rename it over ``path``.

    A crash at any moment leaves either the old file or the new one, never half of one.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
