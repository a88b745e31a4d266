"""Bytes -> str for a page file: gzip, binary detection, BOM, declared charset, guessing."""

import codecs
import gzip
import re
import zlib

import charset_normalizer

from articles.exceptions import CleaningError

from .types import RefusalReason

# Magic bytes of formats people drop into an import folder by mistake.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
)
GZIP_MAGIC = b"\x1f\x8b"
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")
# WHATWG encoding standard: these labels mean windows-1252 in browsers.
WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"})
SNIFF_BYTES = 4096
# charset-normalizer "chaos" scores closer than this count as a tie.
TIE_CHAOS = 0.01
TIE_COHERENCE = 0.01
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are removed, not closed. An
# unclosed one reverses or re-embeds whatever follows it on the line (a title's date and source, the rest
# of a result line), and markup that isolates it covers HTML only, not feeds, exports or API readers;
# W3C's "Unicode in XML and other Markup Languages" (https://www.w3.org/TR/unicode-xml/) advises markup
# over these characters anyway. Browsers order Arabic and Hebrew text from its letters; the marks
# LRM, RLM and ALM, which reorder nothing past their neighbours, stay.
BIDI_EMBEDDINGS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Bytes that are UTF-8 but for some stray ones (a pasted Latin-1 quote or paragraph, a byte broken
# in a copy): at least this share of the non-ASCII bytes must form valid UTF-8 sequences to read
# the page as UTF-8, with only the stray bytes read as cp1252. Measured on the AEB and Readability
# pages re-encoded: single-byte codecs (cp1250-1257, koi8-r, iso-8859-x, mac-roman) give at most
# 0.03, the CJK codecs (gbk, big5, shift_jis, euc-jp, euc-kr) at most 0.45.
MIN_VALID_UTF8_SHARE = 0.75
ASCII_BYTES = bytes(range(128))
# Bytes that are not UTF-8, decoded with errors="surrogateescape": one U+DC80-U+DCFF per byte.
ESCAPED_BYTES_RE = re.compile(r"[\udc80-\udcff]+")
# A page declared UTF-8 with at most this many invalid sequences and no valid non-ASCII text
# (an ASCII page with a stray byte) is still read as UTF-8.
MAX_STRAY_BYTES = 3
# A text page may hold a stray NUL byte (a C string pasted in, a NUL in the <title>); they are
# stripped like other control characters. Past this many in the first 4 KB (random bytes give
# 16) a file is binary, unless it is UTF-16.
MAX_STRAY_NUL_BYTES = 4
# UTF-16 without a BOM (iconv -t UTF-16LE, some exporters): text whose ASCII characters put a NUL
# byte in every other position. At least this share of the first code units must have that NUL,
# and the other position at most a quarter as many NULs (U+4E00, U+0100... have a NUL low byte);
# binary files have NULs at both positions.
MIN_UTF16_NUL_SHARE = 0.1
MAX_UTF16_OTHER_NUL_RATIO = 0.25
# Share (and least number) of control characters above which decoded text is binary garbage.
MAX_CONTROL_SHARE = 0.02
MIN_CONTROL_COUNT = 16


def unpack_bytes(data: bytes, *, filename: str) -> bytes:
    """Return the page bytes, gunzipped if needed.

    Raises:
        CleaningError: the file is empty, binary, or a broken gzip stream.
    """
    if not data.strip():
        detail = f"{len(data)} bytes, only whitespace" if data else "0 bytes"
        raise CleaningError(f"'{filename}' is empty ({detail}); nothing to import.", filename=filename, reason=RefusalReason.EMPTY)
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise CleaningError(
                f"'{filename}' looks gzip-compressed but cannot be unpacked ({error}); "
                "re-download it or unpack it by hand.",
                filename=filename,
                reason=RefusalReason.BROKEN_GZIP,
            ) from error
        if not data.strip():
            raise CleaningError(f"'{filename}' unpacks to an empty file; nothing to import.", filename=filename, reason=RefusalReason.EMPTY)
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise CleaningError(
                f"'{filename}' is a binary file ({kind}), not an HTML page or text dump; remove it from the import.",
                filename=filename,
                reason=RefusalReason.BINARY,
            )
    has_bom = any(data.startswith(bom) for bom, _ in BOMS)
    if not has_bom and data[:SNIFF_BYTES].count(0) > MAX_STRAY_NUL_BYTES and find_utf16_encoding(data) is None:
        raise CleaningError(
            f"'{filename}' is a binary file (contains NUL bytes), not an HTML page or text dump; "
            "remove it from the import.",
            filename=filename,
            reason=RefusalReason.BINARY,
        )
    return data


def find_utf16_encoding(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when data is UTF-16 text without a BOM, else None.

    Text, not binary: the NUL bytes of its ASCII characters fall in one of the two positions of each
    code unit, and its first bytes decode as UTF-16 without a lone surrogate or control characters.
    """
    sample = data[:SNIFF_BYTES]
    units = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    # "A" is 41 00 in UTF-16-LE (NUL at odd offsets) and 00 41 in UTF-16-BE (NUL at even offsets).
    encoding, nuls, other_nuls = ("utf-16-le", odd_nuls, even_nuls) if odd_nuls >= even_nuls else ("utf-16-be", even_nuls, odd_nuls)
    # A few NULs are strays in a one-byte text (MAX_STRAY_NUL_BYTES), not the zeros of UTF-16.
    if nuls <= MAX_STRAY_NUL_BYTES or nuls < MIN_UTF16_NUL_SHARE * units or other_nuls > MAX_UTF16_OTHER_NUL_RATIO * nuls:
        return None
    try:
        # Incremental: the sample may end inside a surrogate pair.
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    controls = len(CONTROL_CHARS_RE.findall(text))
    if "\x00" in text or controls > max(MIN_CONTROL_COUNT, MAX_CONTROL_SHARE * len(text)):
        return None
    return encoding


def find_declared_charset(data: bytes) -> str | None:
    """Return the charset named by a meta tag or XML declaration in the page head, if any."""
    head = data[:SNIFF_BYTES]
    match = META_CHARSET_RE.search(head) or XML_ENCODING_RE.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    if label in WINDOWS_1252_ALIASES:
        return "windows-1252"
    if label.startswith(("utf-16", "utf16", "utf-32", "utf32")):
        # A page whose meta tag is readable as ASCII cannot be UTF-16 (WHATWG: read it as UTF-8).
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, filename: str) -> str:
    """Return the text of page bytes: BOM, UTF-16 without a BOM, UTF-8, declared charset, then a guess.

    UTF-8 wins over a declared charset when most of its non-ASCII bytes are valid UTF-8 sequences:
    mislabelled UTF-8 pages are common, other text that happens to form UTF-8 sequences is not (see
    MIN_VALID_UTF8_SHARE). The bytes that are not UTF-8 in such a page are read as cp1252 (a pasted
    Latin-1 "é" or smart quote), so one stray byte neither flips the page nor loses its letter.

    Raises:
        CleaningError: no encoding gives readable text.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return check_text(data[len(bom):].decode(encoding, errors="replace"), filename=filename)
    utf16 = find_utf16_encoding(data) if b"\x00" in data[:SNIFF_BYTES] else None
    if utf16:
        return check_text(data.decode(utf16, errors="replace"), filename=filename)
    try:
        return check_text(data.decode("utf-8"), filename=filename)
    except UnicodeDecodeError:
        pass
    declared = find_declared_charset(data)
    escaped = data.decode("utf-8", errors="surrogateescape")
    valid, stray = count_utf8_bytes(data, escaped=escaped)
    # Mostly valid UTF-8, or declared UTF-8 with only a few stray bytes: a page in a single-byte
    # codec labelled UTF-8 would have every accented letter read as cp1252, so it is guessed instead.
    if (valid > 0 and valid >= MIN_VALID_UTF8_SHARE * (valid + stray)) or (declared == "utf-8" and stray <= MAX_STRAY_BYTES):
        return check_text(read_stray_bytes_as_cp1252(escaped), filename=filename)
    if declared:
        try:
            return check_text(data.decode(declared), filename=filename)
        except UnicodeDecodeError:
            pass
    guess = guess_encoding(data)
    if guess is None:
        raise CleaningError(
            f"Cannot decode '{filename}': not UTF-8{f' nor its declared {declared}' if declared else ''}, "
            "and no other encoding fits; re-save it as UTF-8 or add <meta charset> naming its encoding.",
            filename=filename,
            reason=RefusalReason.UNDECODABLE,
        )
    return check_text(data.decode(guess), filename=filename)


def count_utf8_bytes(data: bytes, *, escaped: str) -> tuple[int, int]:
    """Return how many non-ASCII bytes of data form valid UTF-8 sequences, and how many do not.

    escaped: data decoded as UTF-8 with errors="surrogateescape".
    """
    non_ascii = len(data.translate(None, ASCII_BYTES))
    stray = sum(len(run) for run in ESCAPED_BYTES_RE.findall(escaped))
    return non_ascii - stray, stray


def read_stray_bytes_as_cp1252(escaped: str) -> str:
    """Return UTF-8 text decoded with errors="surrogateescape", its escaped bytes read as cp1252.

    The five bytes cp1252 leaves undefined become U+FFFD.
    """
    return ESCAPED_BYTES_RE.sub(
        lambda run: run.group().encode("utf-8", errors="surrogateescape").decode("cp1252", errors="replace"), escaped
    )


def guess_encoding(data: bytes) -> str | None:
    """Return the most plausible encoding of undeclared non-UTF-8 bytes, or None if none fits.

    charset-normalizer often ties several single-byte codecs (cp1250, cp1252, cp1257); browsers
    read undeclared pages as windows-1252 (WHATWG encoding standard), so it wins a tie in both
    chaos and language coherence.
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        # A tie only when the text reads as well in cp1252: Polish in cp1250 decodes without
        # chaos in cp1252 too ("sprzeciwiaj¹ siê"), but its words fit the language less.
        if match.encoding == "cp1252" and match.chaos <= best.chaos + TIE_CHAOS and match.coherence >= best.coherence - TIE_COHERENCE:
            return "cp1252"
    return best.encoding


def check_text(text: str, *, filename: str) -> str:
    """Return text without stray control characters, unless it is mostly them (binary as text).

    Raises:
        CleaningError: the text is garbage.
    """
    sample = text[:SNIFF_BYTES]
    controls = len(CONTROL_CHARS_RE.findall(sample))
    if controls > max(MIN_CONTROL_COUNT, MAX_CONTROL_SHARE * len(sample)):
        raise CleaningError(
            f"Cannot decode '{filename}': its bytes give control characters, not text; "
            "it is probably a binary file, remove it from the import.",
            filename=filename,
            reason=RefusalReason.BINARY,
        )
    # A few stray control characters are noise, and lxml refuses text that holds them.
    return strip_control_characters(text)


def strip_control_characters(text: str) -> str:
    """Return text without C0 control characters (but tab and line breaks), DEL, lone surrogates, noncharacters
    and bidi embeddings.

    PostgreSQL refuses a NUL in a text column, and a lone surrogate cannot be encoded for any database.
    """
    return remove_bidi_embeddings(CONTROL_CHARS_RE.sub("", text))


def remove_bidi_embeddings(text: str) -> str:
    """Return text without bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)."""
    return BIDI_EMBEDDINGS_RE.sub("", text)
