"""Journal encryption at rest: Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet, so a
copy of the database alone does not reveal anyone's journal.

Keys come from PALG_JOURNAL_KEYS (or PALG_JOURNAL_KEYS_FILE): Fernet keys, newest first. The
newest encrypts; every key decrypts, which is what lets `palg journal-rotate-key` move entries
from an old key to a new one. Without keys (development, the demo, tests) one key is derived
from PALG_SECRET_KEY with HKDF; `palg manage check --deploy` warns about that (palg.journal.checks).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MSG_BAD_KEY = (
    "PALG_JOURNAL_KEYS item {position} is not a Fernet key (32 url-safe base64-encoded bytes). "
    'Make one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)
MSG_UNREADABLE = (
    "This journal entry cannot be read: it was encrypted with a key that is no longer "
    "configured (PALG_JOURNAL_KEYS), or it was changed outside palg. Ask your administrator to "
    "add the old key back; nothing has been lost or changed."
)
_HKDF_INFO = b"palg.journal.fernet-key.v1"


class JournalKeyError(Exception):
    """An entry no configured key can decrypt."""

    def __init__(self, message: str = MSG_UNREADABLE):
        super().__init__(message)


def configured_keys() -> list[str]:
    """The keys from PALG_JOURNAL_KEYS, newest first (empty when unset)."""
    return list(getattr(settings, "JOURNAL_KEYS", []))


def derived_key() -> bytes:
    """A Fernet key derived from SECRET_KEY, for installations that set no journal key."""
    return _derive(settings.SECRET_KEY)


def _derive(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def bad_key_positions() -> list[int]:
    """1-based positions of PALG_JOURNAL_KEYS items that are not Fernet keys."""
    bad = []
    for position, key in enumerate(configured_keys(), start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            bad.append(position)
    return bad


def keyring(*, with_derived: bool = False) -> MultiFernet:
    """Every configured key, newest first; the derived key when none is configured.
    `with_derived` also accepts the derived key for decryption (moving off it)."""
    return _keyring(tuple(configured_keys()), settings.SECRET_KEY, with_derived)


@lru_cache(maxsize=16)
def _keyring(keys: tuple[str, ...], secret: str, with_derived: bool) -> MultiFernet:
    # Built once per configuration: deriving the key and building the Fernets cost more than
    # the decryption itself, which now runs for every contribution a live page shows.
    if not keys:
        return MultiFernet([Fernet(_derive(secret))])
    bad = bad_key_positions()
    if bad:
        raise ImproperlyConfigured(MSG_BAD_KEY.format(position=bad[0]))
    fernets = [Fernet(key) for key in keys]
    if with_derived:
        fernets.append(Fernet(_derive(secret)))
    return MultiFernet(fernets)


def encrypt(plaintext: bytes) -> str:
    """A Fernet token (ASCII) of `plaintext` under the newest key."""
    return keyring().encrypt(plaintext).decode("ascii")


def decrypt(token: str) -> bytes:
    """The plaintext of a token made by `encrypt` with any configured key; JournalKeyError if
    no configured key opens it."""
    try:
        return keyring().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise JournalKeyError() from None


def rotate(token: str, *, with_derived: bool = False) -> str:
    """The same plaintext re-encrypted under the newest key."""
    try:
        return keyring(with_derived=with_derived).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise JournalKeyError() from None
