"""A cache of what is slow to make (films, PDFs), keyed by everything that goes into it.

Rendering the films and printing the PDFs is most of a build's time, yet
between two builds the scripts and texts rarely change. Each output is kept
under ``<cache>/<kind>/<key>/``, where the key hashes every input, so a
changed input simply misses the cache; nothing is ever invalidated by hand.
An entry is made in a private folder beside the cache and moved into place
with one rename, and its ``entry.json`` (what the maker reported) marks it
complete, so an interrupted or parallel build never sees half an entry.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import markup, pdf, source

__all__ = ["cached", "pdf_cache_key"]

MARKER = "entry.json"


def cached(cache: Path, key: str, make: Callable[[Path], dict]) -> tuple[Path, dict, bool]:
    """The entry for ``key``: its folder, what ``make`` reported, and whether it was made just now.

    ``make(folder)`` writes the output into ``folder`` and returns a
    JSON-serializable description of it.
    """
    entry = cache / key
    made = False
    if not (entry / MARKER).is_file():
        cache.mkdir(parents=True, exist_ok=True)
        workspace = Path(tempfile.mkdtemp(dir=cache, prefix=f".{key[:12]}-"))
        workspace.chmod(0o755)   # mkdtemp's private mode would stay on the entry
        try:
            description = make(workspace)
            (workspace / MARKER).write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")
            shutil.rmtree(entry, ignore_errors=True)
            try:
                os.replace(workspace, entry)
            except OSError:   # a parallel build has just put the same entry in place
                pass
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
        made = True
    return entry, json.loads((entry / MARKER).read_text(encoding="utf-8")), made


def pdf_cache_key(course_path: Path) -> str:
    """A key that changes whenever the course's PDFs would: its sources, the printer and its templates."""
    digest = hashlib.sha256()
    for module in (pdf, markup, source):
        digest.update(Path(module.__file__).read_bytes())
    try:
        digest.update(version("weasyprint").encode())
    except PackageNotFoundError:
        pass
    for root in (pdf.TEMPLATES, Path(course_path)):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(Path(course_path).name.encode())
    return digest.hexdigest()
