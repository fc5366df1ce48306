"""Bytes to text: detect the encoding, never crash on bad bytes."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import NewsiftError

#: Share of control characters (other than tab/newline/CR/FF) above which the
#: input is called binary; 1% is well above what mojibake in real pages shows.
MAX_CONTROL_SHARE = 0.01
GZIP_MAGIC = b"\x1f\x8b"
#: Single-byte Latin-alphabet encodings that short samples cannot tell
#: apart; when the detector lands on one of them and the bytes are valid
#: windows-1252 (the web's default for Western pages, per WHATWG), that wins.
LATIN_LOOKALIKES = ("cp125", "iso8859", "latin", "mac_", "cp775", "cp85", "hp_roman8")


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int  # undecodable bytes replaced with U+FFFD


def gunzip_if_needed(data: bytes, name: str) -> bytes:
    if data[:2] != GZIP_MAGIC:
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise NewsiftError("E001", "unreadable", name=name, reason=f"broken gzip data ({exc})") from exc


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(sample)


def _valid_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, name: str) -> Decoded:
    """Decode ``data``: UTF-8 (with or without BOM) first, else the detected encoding.

    Undecodable bytes are replaced and counted, so the caller can report them.
    Raises E002 for data that is binary rather than text.
    """
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NewsiftError("E002", "binary", name=name, reason="it contains NUL bytes")
    try:
        text = data.decode("utf-8-sig")
        decoded = Decoded(text, "utf-8", 0)
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        encoding = best.encoding if best is not None else "utf-8"
        if encoding.startswith(LATIN_LOOKALIKES) and encoding != "cp1251" and _valid_cp1252(data):
            encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
        decoded = Decoded(text, encoding, max(replaced, 0))
    if _control_share(decoded.text) > MAX_CONTROL_SHARE:
        raise NewsiftError("E002", "binary", name=name, reason="it is mostly control characters")
    return decoded
