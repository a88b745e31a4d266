"""Article body -> MinHash signature and LSH band keys: near-duplicate lookup without Django.

A signature is NUM_PERMUTATIONS minimum hashes of the body's word shingles; the share of equal
positions in two signatures estimates the Jaccard similarity of their shingle sets (Broder 1997).
The signature is cut into BANDS bands of ROWS_PER_BAND rows; two bodies sharing any band's key are
candidates (Leskovec, Rajaraman, Ullman, "Mining of Massive Datasets", ch. 3.4), checked afterwards
on the whole signature. The algorithm is datasketch's MinHash/MinHashLSH, written out here so the
hash functions are ours and fixed (stored signatures must never change meaning) and numpy is the
only dependency (datasketch also pulls in scipy).
"""

import hashlib
import re
from dataclasses import dataclass

import numpy

NUM_PERMUTATIONS = 128
# 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with p = 1-(1-0.3**2)**64 = 0.998,
# at 0.2 with p = 0.93. Low, because a copy that drops a long last paragraph and edits the rest keeps
# only 0.2-0.4 of the original's shingles in Jaccard terms while containing most of its own in the
# original (see estimate_overlap). Chance candidates stay few: between distinct BBC articles, a rate
# of about 11 per 100,000 articles per lookup, each rejected on the whole signature. With 32 bands of
# 4 rows only 58% of the copies with all four edits of bench/duplicates.py became candidates.
BANDS = 64
ROWS_PER_BAND = NUM_PERMUTATIONS // BANDS
# Three-word shingles: one changed word breaks three shingles, so an edited copy keeps most of
# them, while two different stories on the same topic share few.
SHINGLE_WORDS = 3
# Bodies shorter than this are not fingerprinted: a few shared words (a brief, a headline-only item)
# do not make the same story.
MIN_WORDS = 25
WORD_PATTERN = re.compile(r"\w+")
MERSENNE_PRIME = (1 << 61) - 1
MAX_HASH = (1 << 32) - 1
SHINGLE_MULTIPLIERS = (1, 0x9E3779B1, 0x85EBCA77)  # odd 32-bit constants (golden ratio, murmur3)


def _permutation_parameters() -> tuple[numpy.ndarray, numpy.ndarray]:
    # Derived from blake2b of the position, not a random generator, so they never depend on a
    # library version: a stored signature keeps its meaning.
    values = [
        int.from_bytes(hashlib.blake2b(f"{kind}{i}".encode(), digest_size=8).digest(), "little") % MERSENNE_PRIME
        for kind in ("a", "b")
        for i in range(NUM_PERMUTATIONS)
    ]
    a = numpy.array(values[:NUM_PERMUTATIONS], dtype=numpy.uint64) | numpy.uint64(1)
    b = numpy.array(values[NUM_PERMUTATIONS:], dtype=numpy.uint64)
    return a, b


PERMUTATION_A, PERMUTATION_B = _permutation_parameters()


@dataclass(frozen=True)
class Fingerprint:
    signature: bytes  # NUM_PERMUTATIONS little-endian uint32
    band_keys: tuple[int, ...]  # BANDS signed 64-bit keys (a BigIntegerField holds them)
    shingle_count: int  # distinct shingles of the body, for the overlap estimate


def body_words(text: str) -> list[str]:
    """Return the text's words, lower-cased, in order."""
    return WORD_PATTERN.findall(text.lower())


def fingerprint_text(text: str) -> Fingerprint | None:
    """Return the body's signature and band keys, or None when it has fewer than MIN_WORDS words."""
    words = body_words(text)
    if len(words) < MIN_WORDS:
        return None
    hashes = _shingle_hashes(words)
    # (a * h + b) mod p, truncated to 32 bits; the uint64 product wraps as in datasketch.
    permuted = (numpy.outer(PERMUTATION_A, hashes) + PERMUTATION_B[:, None]) % MERSENNE_PRIME & MAX_HASH
    signature = permuted.min(axis=1).astype("<u4").tobytes()
    return Fingerprint(signature=signature, band_keys=band_keys(signature), shingle_count=len(hashes))


def _shingle_hashes(words: list[str]) -> numpy.ndarray:
    # Each distinct word is hashed once; a shingle's hash combines its words' hashes with fixed odd
    # multipliers (vectorised), about 5x faster than hashing every shingle's string.
    word_hashes: dict[str, int] = {}
    for word in words:
        if word not in word_hashes:
            word_hashes[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
    values = numpy.fromiter((word_hashes[w] for w in words), dtype=numpy.uint64, count=len(words))
    count = len(words) - SHINGLE_WORDS + 1
    combined = numpy.zeros(count, dtype=numpy.uint64)
    for offset, multiplier in enumerate(SHINGLE_MULTIPLIERS):
        combined = combined * numpy.uint64(multiplier) + values[offset : offset + count]
    return numpy.unique(combined & numpy.uint64(MAX_HASH))


def band_keys(signature: bytes) -> tuple[int, ...]:
    """Return one signed 64-bit key per band: a hash of the band's number and its rows."""
    width = ROWS_PER_BAND * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(bytes([band]) + signature[band * width : (band + 1) * width], digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def estimate_similarity(first: bytes, second: bytes) -> float:
    """Return the share of equal signature positions: an estimate of the bodies' Jaccard similarity."""
    left = numpy.frombuffer(first, dtype="<u4")
    right = numpy.frombuffer(second, dtype="<u4")
    return float(numpy.count_nonzero(left == right)) / NUM_PERMUTATIONS


def estimate_overlap(first: Fingerprint, second: Fingerprint) -> float:
    """Return the estimated share of the smaller body's shingles that the other body has too (0..1).

    From Jaccard J and the set sizes: |A and B| = J(|A| + |B|) / (1 + J). A trimmed copy is mostly
    contained in its original even when its Jaccard similarity is low.
    """
    jaccard = estimate_similarity(first.signature, second.signature)
    shared = jaccard * (first.shingle_count + second.shingle_count) / (1 + jaccard)
    return min(1.0, shared / max(1, min(first.shingle_count, second.shingle_count)))
