"""Uploaded files and zip archives -> page bytes, refusing what is unsafe while streaming.

iter_pages(path) yields, in a fixed order, one PageFile (name and bytes) or RefusedFile (name and
reason) per page-sized item. Checked for every archive member, one refusal never stops the rest:
- unsafe names: absolute paths, "..", backslashes, drive letters; symbolic links; encrypted members;
- kind: only .html/.htm/.txt (optionally .gz) pages, and .zip archives one level deep;
- zip bombs: the expanded size of each member (page limit, and its ratio to the compressed size) and
  of the whole archive is counted while decompressing, never trusted from the headers;
- the number of members.
Names written as UTF-8 without the archive saying so are read as UTF-8 (read_member_name).
The order is deterministic, so a resumed import job can skip the positions it already finished.
"""

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from articles.exceptions import UnsafeUploadError
from articles.settings import ImportLimits, describe_size, import_limits

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".html.gz", ".htm.gz", ".txt.gz", ".gz")
ARCHIVE_SUFFIX = ".zip"
GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 64 * 1024
# Below this many expanded bytes the ratio check is skipped: a tiny page of repeated blank lines can
# legitimately compress 100x, and a 1 MB expansion is harmless whatever the ratio.
RATIO_CHECK_FLOOR_BYTES = 1024 * 1024
SYMLINK_MODE = 0o120000
FILE_TYPE_MASK = 0o170000
# General purpose bit 11 of a zip entry: its name is UTF-8 (APPNOTE.TXT 4.4.4).
UTF8_NAME_FLAG = 0x800


class ArchiveTotalExceededError(UnsafeUploadError):
    """Reading a member would take the archive past ARTICLES_MAX_ARCHIVE_EXPANDED_BYTES."""


@dataclass
class PageFile:
    name: str  # path as given, or "archive.zip/member.html"
    data: bytes


@dataclass
class RefusedFile:
    name: str
    reason: str


@dataclass
class _Budget:
    """What is left of one top-level archive's allowances while it is read."""

    expanded_bytes: int
    members: int
    is_exhausted: bool = False
    exhausted_reason: str = field(default="")


def is_page_name(name: str) -> bool:
    """Return whether the file name is one of the page kinds we import."""
    return name.lower().endswith(PAGE_SUFFIXES)


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIX)


def iter_pages(path: Path, *, name: str | None = None, limits: ImportLimits | None = None) -> Iterator[PageFile | RefusedFile]:
    """Yield every page of one file (a page, a .gz page or a .zip archive), or why it is refused."""
    limits = limits or import_limits()
    name = name or str(path)
    if is_archive_name(name):
        budget = _Budget(expanded_bytes=limits.max_archive_expanded_bytes, members=limits.max_archive_members)
        yield from _iter_zip(path, name=name, limits=limits, budget=budget, depth=0)
    elif is_page_name(name):
        yield _read_page_file(path, name=name, limits=limits)
    else:
        yield RefusedFile(name, _not_a_page_reason(name))


def count_pages(path: Path, *, name: str | None = None) -> int:
    """Return roughly how many items iter_pages will yield (archive members, not expanded), for a progress bar."""
    name = name or str(path)
    if is_archive_name(name):
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(1 for info in archive.infolist() if not info.is_dir()) or 1
        except (zipfile.BadZipFile, OSError):
            return 1
    return 1


def _read_page_file(path: Path, *, name: str, limits: ImportLimits) -> PageFile | RefusedFile:
    try:
        with open(path, "rb") as stream:
            data = read_limited(stream, name=name, limit=limits.max_page_bytes)
        return PageFile(name, gunzip_limited(data, name=name, limit=limits.max_page_bytes))
    except UnsafeUploadError as error:
        return RefusedFile(name, str(error))
    except OSError as error:
        return RefusedFile(name, f"Cannot read '{name}': {error.strerror or error}.")


def _iter_zip(path: Path | IO[bytes], *, name: str, limits: ImportLimits, budget: _Budget, depth: int) -> Iterator[PageFile | RefusedFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield RefusedFile(name, f"'{name}' is not a readable zip archive ({error}); re-create the archive.")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            info.filename = read_member_name(info)
            member_name = f"{name}/{info.filename}"
            if budget.is_exhausted:
                yield RefusedFile(member_name, budget.exhausted_reason)
                continue
            budget.members -= 1
            if budget.members < 0:
                budget.is_exhausted = True
                budget.exhausted_reason = (
                    f"The archive has more than {limits.max_archive_members} members "
                    "(ARTICLES_MAX_ARCHIVE_MEMBERS); this one and the rest are skipped. Split the archive."
                )
                yield RefusedFile(member_name, budget.exhausted_reason)
                continue
            problem = member_problem(info, depth=depth)
            if problem:
                yield RefusedFile(member_name, problem)
            elif is_archive_name(info.filename):
                yield from _iter_nested_zip(archive, info, name=member_name, limits=limits, budget=budget, depth=depth)
            else:
                yield _read_member(archive, info, name=member_name, limits=limits, budget=budget)


def _iter_nested_zip(archive, info, *, name: str, limits: ImportLimits, budget: _Budget, depth: int):
    # Spooled to a temporary file, not memory: a nested archive may be as large as the archive budget.
    with tempfile.TemporaryFile() as spool:
        try:
            with archive.open(info) as member:
                expanded = _copy_limited(member, spool, name=name, info=info, limits=limits, budget=budget)
        except ArchiveTotalExceededError:
            _exhaust_budget(budget, limits=limits)
            yield RefusedFile(name, budget.exhausted_reason)
            return
        except UnsafeUploadError as error:
            yield RefusedFile(name, str(error))
            return
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error) as error:
            yield RefusedFile(name, f"Cannot read zip member '{name}' ({error}); re-create the archive.")
            return
        budget.expanded_bytes -= expanded
        spool.seek(0)
        yield from _iter_zip(spool, name=name, limits=limits, budget=budget, depth=depth + 1)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str, limits: ImportLimits, budget: _Budget):
    limit = min(limits.max_page_bytes, max(budget.expanded_bytes, 0))
    try:
        with archive.open(info) as member:
            data = read_limited(
                member, name=name, limit=limit, compressed_bytes=info.compress_size, max_ratio=limits.max_zip_ratio,
                is_archive_total=limit < limits.max_page_bytes,
            )
        budget.expanded_bytes -= len(data)
        data = gunzip_limited(data, name=name, limit=limits.max_page_bytes)
    except ArchiveTotalExceededError:
        _exhaust_budget(budget, limits=limits)
        return RefusedFile(name, budget.exhausted_reason)
    except UnsafeUploadError as error:
        return RefusedFile(name, str(error))
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error) as error:
        return RefusedFile(name, f"Cannot read zip member '{name}' ({error}); re-create the archive.")
    return PageFile(name, data)


def _exhaust_budget(budget: _Budget, *, limits: ImportLimits) -> None:
    budget.is_exhausted = True
    budget.exhausted_reason = (
        f"The archive expands past {describe_size(limits.max_archive_expanded_bytes)} in total "
        "(ARTICLES_MAX_ARCHIVE_EXPANDED_BYTES); this member and the rest are skipped. Split the archive."
    )


def read_member_name(info: zipfile.ZipInfo) -> str:
    """Return the member's name, read as UTF-8 when the archive wrote UTF-8 without saying so.

    zipfile reads a name without the UTF-8 flag (bit 11) as cp437, the format's original code page,
    but many tools write UTF-8 names without the flag: "café.html" would be listed as "caf├⌐.html".
    A cp437 name that is not valid UTF-8 (Windows' own archives) stays as it is. Only bytes past
    ASCII change, so the path checks in member_problem see the same separators and dots.
    """
    if info.flag_bits & UTF8_NAME_FLAG or info.filename.isascii():
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def member_problem(info: zipfile.ZipInfo, *, depth: int) -> str:
    """Return why an archive member is refused from its header alone, or "" when it may be read."""
    filename = info.filename
    member = PurePosixPath(filename)
    if member.is_absolute() or ".." in member.parts or "\\" in filename or (len(filename) > 1 and filename[1] == ":"):
        return f"Unsafe path '{filename}' in archive (absolute or climbing out with '..'); skipped."
    if (info.external_attr >> 16) & FILE_TYPE_MASK == SYMLINK_MODE:
        return f"'{filename}' is a symbolic link; skipped (links are never followed)."
    if info.flag_bits & 0x1:
        return f"'{filename}' is encrypted; skipped. Upload it unencrypted."
    if is_archive_name(filename):
        if depth >= 1:
            return f"'{filename}' is an archive inside a nested archive; only one level of nesting is read. Unpack it first."
        return ""
    if not is_page_name(filename):
        return _not_a_page_reason(filename)
    return ""


def _not_a_page_reason(name: str) -> str:
    return f"'{PurePosixPath(name).name}' is not an HTML or text page (.html, .htm, .txt, optionally .gz) or a .zip; skipped."


def read_limited(
    stream: IO[bytes],
    *,
    name: str,
    limit: int,
    compressed_bytes: int | None = None,
    max_ratio: int | None = None,
    is_archive_total: bool = False,
) -> bytes:
    """Return the stream's bytes, counted chunk by chunk.

    Raises:
        UnsafeUploadError: more than limit bytes, or an expansion ratio above max_ratio.
    """
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(CHUNK_BYTES):
        total += len(chunk)
        _check_expansion(
            total, name=name, limit=limit, compressed_bytes=compressed_bytes, max_ratio=max_ratio,
            is_archive_total=is_archive_total,
        )
        chunks.append(chunk)
    return b"".join(chunks)


def _copy_limited(source: IO[bytes], target: IO[bytes], *, name: str, info: zipfile.ZipInfo, limits: ImportLimits, budget: _Budget) -> int:
    total = 0
    while chunk := source.read(CHUNK_BYTES):
        total += len(chunk)
        _check_expansion(
            total, name=name, limit=max(budget.expanded_bytes, 0), compressed_bytes=info.compress_size,
            max_ratio=limits.max_zip_ratio, is_archive_total=True,
        )
        target.write(chunk)
    return total


def _check_expansion(total: int, *, name: str, limit: int, compressed_bytes, max_ratio, is_archive_total: bool) -> None:
    if total > limit:
        if is_archive_total:
            raise ArchiveTotalExceededError(
                f"'{name}' expands past what is left of the archive's total size limit; skipped.", path=name
            )
        raise UnsafeUploadError(
            f"'{name}' is over {describe_size(limit)} (ARTICLES_MAX_PAGE_BYTES); skipped. "
            "Pages that large are not news articles; check the file.",
            path=name,
        )
    if max_ratio and total > RATIO_CHECK_FLOOR_BYTES and total > max_ratio * max(compressed_bytes or 0, 1):
        raise UnsafeUploadError(
            f"'{name}' expands more than {max_ratio}x its compressed size (ARTICLES_MAX_ZIP_RATIO); "
            "refused as a possible zip bomb.",
            path=name,
        )


def gunzip_limited(data: bytes, *, name: str, limit: int) -> bytes:
    """Return data gunzipped when it starts with the gzip magic bytes, expanded at most limit bytes.

    A broken gzip stream is returned as is, for the cleaner to report.

    Raises:
        UnsafeUploadError: it expands past limit (a gzip bomb).
    """
    if not data.startswith(GZIP_MAGIC):
        return data
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        expanded = decompressor.decompress(data, limit + 1)
    except zlib.error:
        return data
    if len(expanded) > limit:
        raise UnsafeUploadError(
            f"'{name}' gunzips to over {describe_size(limit)} (ARTICLES_MAX_PAGE_BYTES); refused as a possible gzip bomb.",
            path=name,
        )
    return expanded


def save_upload(source: IO[bytes], target: Path) -> int:
    """Copy an uploaded file to target; return its size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK_BYTES)
    return target.stat().st_size

