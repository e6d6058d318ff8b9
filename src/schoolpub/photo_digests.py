"""Photo originals' sha256, computed once per process, on other threads while the checker works.

The check and the build key everything about a photo by its content (check_cache.py's passes,
media.py's renditions), and a ten-year school has ~2,000 photos (~650 MB): hashing them is most
of a warm `make check`. sha256 releases the GIL, so threads hash while the main thread loads the
checker's modules (start_for_check, from __main__.py, before they are imported) and reads the
YAML files (hash_in_background, for the photos the inventory approved). Nothing here imports more
than the standard library, and nothing on disk vouches for a photo's bytes.
"""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")  # fields.PHOTO_SUFFIXES (a test holds them equal)

# `make site` hashes every original twice in one process (the check, then the build): the second
# time, a file whose inode, size, mtime and ctime are unchanged is the same file. In memory only,
# for one process.
_digests: dict[tuple, str] = {}
_claims: dict[str, threading.Event] = {}  # path → set once the thread that claimed it has hashed it
_claims_lock = threading.Lock()


def sha256(source: Path) -> str:
    """The file's sha256; a file another thread is hashing is waited for, never hashed twice."""
    mine, done = _claim(str(source))
    if not mine:
        done.wait()
        return _digest(source)  # in _digests now, unless the file changed meanwhile
    try:
        return _digest(source)
    finally:
        done.set()


def hash_in_background(originals: list[Path]) -> list[threading.Thread]:
    """Start hashing `originals` on as many threads as cores (at most 4); errors are left to the
    checks, which report them."""
    with _claims_lock:
        for path in [path for path, done in _claims.items() if done.is_set()]:
            del _claims[path]  # hashed in an earlier run of this process (make serve): the file may have changed
    queue = iter(list(originals))  # a list iterator hands each item to one thread

    def work() -> None:
        for original in queue:
            mine, done = _claim(str(original))
            if mine:
                try:
                    _digest(original)
                except OSError:
                    pass
                finally:
                    done.set()

    threads = [threading.Thread(target=work, name="photo-digests", daemon=True)
               for _ in range(min(os.cpu_count() or 1, 4))]
    for thread in threads:
        thread.start()
    return threads


def start_for_check(argv: list[str]) -> list[threading.Thread]:
    """`schoolpub [--root DIR] check`: start hashing the photos under DIR/data/media/ now, while the
    checker's modules load (~0.3 s of one core). Only regular files, no link followed, no folder
    entered through a link: what the inventory would approve or refuse later, read here only to hash."""
    root, arguments = ".", iter(argv)
    for argument in arguments:
        if argument == "--root":
            root = next(arguments, ".")
        elif argument.startswith("--root="):
            root = argument[len("--root="):]
        elif argument != "check" or "--staged" in argv or "-h" in argv or "--help" in argv:
            return []  # another command, or the check of the staged files (they are elsewhere)
        else:
            break
    else:
        return []
    media = Path(root, "data", "media")  # named as the inventory names it: a claim is found by the path's text
    if not media.is_dir() or media.is_symlink():
        return []
    return hash_in_background(sorted(_photos(media)))


def _photos(folder: Path) -> list[Path]:
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    found += _photos(Path(entry.path))
                elif (entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(PHOTO_SUFFIXES)
                      and not entry.name.startswith(".")):
                    found.append(Path(entry.path))
    except OSError:
        pass
    return found


def _claim(path: str) -> tuple[bool, threading.Event]:
    """(True, event): the caller hashes `path` now and sets `event`; (False, event): another thread does."""
    with _claims_lock:
        if path in _claims:
            return False, _claims[path]
        done = _claims[path] = threading.Event()
        return True, done


def _digest(source: Path) -> str:
    with source.open("rb") as file:
        stat = os.fstat(file.fileno())
        key = (str(source), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        if key not in _digests:
            _digests[key] = hashlib.file_digest(file, "sha256").hexdigest()
        return _digests[key]
