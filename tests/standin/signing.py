"""The stand-in's request signatures: what TikTok's X-Bogus / X-Gnarly are to its page script.

Every page that lists something gets a token (sent back as ``msToken``) and a secret derived from
it and the server's key; its script signs each list call with
``X-Gnarly = <unix seconds>.<mix(secret | seconds | path?query)>``, the signature appended as the
last parameter. The server derives the secret again from the token, so it keeps no state; a call
without a valid signature, or one older than the rules' ``signature_ttl``, gets an empty body.

``mix`` is 64 bits of two FNV-1a passes: easy to write the same in the page script (``grid.js``),
not meant to be strong. The scheme is the stand-in's own: the scraper must never compute it, only
read what the page fetched (as on tiktok.com, where the script is obfuscated and changes).
"""

from __future__ import annotations

import hashlib

SIGNATURE_PARAM = "X-Gnarly"
TOKEN_PARAM = "msToken"
_FNV_PRIME = 0x01000193
_MASK = 0xFFFFFFFF


def _fnv1a(text: str, basis: int) -> int:
    value = basis
    for char in text:
        value ^= ord(char)
        value = (value * _FNV_PRIME) & _MASK
    return value


def mix(text: str) -> str:
    """16 hex digits from ASCII ``text`` (the page script's ``mix``)."""
    return f"{_fnv1a(text, 0x811C9DC5):08x}{_fnv1a(text, 0x050C5D1F):08x}"


class Signer:
    def __init__(self, key: str) -> None:
        self._key = key

    def token(self, request_id: int) -> str:
        """The token of the page served as request ``request_id``."""
        return hashlib.blake2b(f"token\0{self._key}\0{request_id}".encode(), digest_size=12).hexdigest()

    def secret(self, token: str) -> str:
        return hashlib.blake2b(f"secret\0{self._key}\0{token}".encode(), digest_size=12).hexdigest()

    def sign(self, token: str, path_and_query: str, seconds: int) -> str:
        """What the page script appends as ``X-Gnarly`` (tests sign with it to check the server)."""
        return f"{seconds}.{mix(f'{self.secret(token)}|{seconds}|{path_and_query}')}"

    def verify(self, path: str, raw_query: str, token: str, now: float, ttl: float) -> bool:
        """Whether ``path?raw_query`` carries a fresh signature of the page that issued ``token``."""
        marker = f"&{SIGNATURE_PARAM}="
        cut = raw_query.rfind(marker)
        if cut < 0 or not token:
            return False
        signed, signature = raw_query[:cut], raw_query[cut + len(marker) :]
        seconds_text, _, _ = signature.partition(".")
        if not seconds_text.isdigit():
            return False
        seconds = int(seconds_text)
        if not 0 <= now - seconds <= ttl:
            return False
        return signature == self.sign(token, f"{path}?{signed}", seconds)


def unsigned(path_and_query: str) -> str:
    """The URL without its token and signature: what stays the same when a page signs a call again
    (faults are drawn on it, so that they replay the same for the same requests)."""
    path, _, query = path_and_query.partition("?")
    kept = [
        part
        for part in query.split("&")
        if part and not part.startswith((f"{TOKEN_PARAM}=", f"{SIGNATURE_PARAM}="))
    ]
    return f"{path}?{'&'.join(kept)}" if kept else path
