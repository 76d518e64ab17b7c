"""Publish a built folder (and its zip) in place of the last good one: all or nothing.

The build writes into a hidden sibling, `.<name>.new`, on the same file system.
Only when it has finished with success is the sibling swapped in:

- the folder: one `renameat2(RENAME_EXCHANGE)` call swaps the new folder and
  the old one, so `<name>` always names a complete site (no window at all).
  Where the kernel or file system cannot exchange, two renames do it
  (`<name>` to `.<name>.old`, then `.<name>.new` to `<name>`); between them
  `<name>` is missing for the time of one rename, and `recover` (run before
  every build) renames `.<name>.old` back if a kill landed there;
- a zip: written whole as `.<name>.new` beside it, then `os.replace`d, which is
  atomic for a file. A kill between the folder swap and the zip's replace
  leaves the new folder with the previous zip, each complete.

A kill at any other moment leaves only hidden leftovers, which `recover` removes.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import time
import zipfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_for(dest: Path) -> Path:
    """The hidden sibling a new build of `dest` is written into."""
    return dest.with_name(f".{dest.name}.new")


def retired_for(dest: Path) -> Path:
    """Where the previous `dest` waits while it is swapped out, until it is removed."""
    return dest.with_name(f".{dest.name}.old")


def remove(path: Path) -> None:
    """Remove a file or folder if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def recover(dest: Path) -> None:
    """Undo what a killed run left: put a swapped-out site back if `dest` is missing; drop leftovers."""
    retired = retired_for(dest)
    if retired.exists() and not dest.exists():
        os.rename(retired, dest)
    remove(staging_for(dest))
    remove(retired)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call; False where the kernel or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, dest: Path) -> None:
    """Put the finished folder `new` at `dest`, replacing what was there (see the module notes)."""
    retired = retired_for(dest)
    remove(retired)
    if not dest.exists():
        os.rename(new, dest)
        return
    if _exchange(new, dest):
        os.rename(new, retired)  # `new` now holds the previous site
    else:
        os.rename(dest, retired)
        os.rename(new, dest)
    remove(retired)


def replace_file(new: Path, dest: Path) -> None:
    """Put the finished file `new` at `dest` in one rename, its bytes on disk first."""
    with open(new, "rb") as f:
        os.fsync(f.fileno())
    os.replace(new, dest)


def write_zip(folder: Path, archive: Path, epoch: int, name: str | None = None) -> None:
    """A reproducible zip of `folder`: entries `<name>/...` sorted, every time the same `epoch`."""
    prefix = name or folder.name
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
