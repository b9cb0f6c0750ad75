"""The compact JWS serialization, read strictly and cheaply.

PyJWT spends most of its time checking the base64url alphabet one character at a time in
Python. Here one C-level ``bytes.translate`` of the whole token maps base64url to standard
base64 and every stranger to "*", which the strict base64 decoder then refuses: the alphabet
check comes free with the decoding.
"""

from __future__ import annotations

import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from .errors import InvalidToken

_PKCS1V15 = padding.PKCS1v15()


def _base64url_to_standard_table() -> bytes:
    """A ``bytes.translate`` table: base64url to standard base64, any other byte to "*"."""
    table = bytearray(b"*" * 256)
    # "." survives for split(); inside a segment it cannot occur, so the decoder never sees it.
    for char in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.":
        table[char] = char
    table[ord("-")], table[ord("_")] = ord("+"), ord("/")
    return bytes(table)


_BASE64URL_TO_STANDARD = _base64url_to_standard_table()


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN would make every exp comparison false


_JSON = json.JSONDecoder(parse_constant=_refuse_constant)


def split_compact_jws(token: str) -> tuple[bytes, bytes, bytes, bytes]:
    """Signing input (as sent), then header, payload and signature in standard base64."""
    data = token.encode("ascii") if token.isascii() else b""
    segments = data.translate(_BASE64URL_TO_STANDARD).split(b".")
    if len(segments) != 3:
        raise InvalidToken("the token is not a JWS: three base64url segments joined by '.'")
    header, payload, signature = segments
    return data[: len(header) + 1 + len(payload)], header, payload, signature


def _b64decode(segment: bytes) -> bytes:
    """Strict: a "*" left by the translation table, or a bad length, raises binascii.Error."""
    return binascii.a2b_base64(segment + b"=" * (-len(segment) % 4), strict_mode=True)


def json_object(segment: bytes, part: str) -> dict[str, Any]:
    """The JSON object a header or payload segment encodes; ``InvalidToken`` otherwise."""
    try:
        text = _b64decode(segment).decode("utf-8")
        # raw_decode skips decode()'s whitespace handling: an issuer never pads its JSON.
        value, end = _JSON.raw_decode(text)
    except (ValueError, RecursionError):
        raise InvalidToken(f"the token {part} is not base64url-encoded JSON") from None
    if type(value) is not dict or end != len(text):
        raise InvalidToken(f"the token {part} is not a JSON object")
    return value


def check_signature(
    public_key: RSAPublicKey,
    hash_algorithm: hashes.HashAlgorithm,
    signing_input: bytes,
    signature: bytes,
) -> None:
    """Raise ``InvalidToken`` unless ``signature`` (standard base64) signs ``signing_input``."""
    try:
        signature_bytes = _b64decode(signature)
    except binascii.Error:
        raise InvalidToken("the token's signature is not base64url") from None
    try:
        public_key.verify(signature_bytes, signing_input, _PKCS1V15, hash_algorithm)
    except InvalidSignature:
        raise InvalidToken("the token's signature does not verify with the issuer's key") from None
