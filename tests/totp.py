"""RFC 6238 codes computed from a secret, as a phone's authenticator app would (no allauth)."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def fresh_totp_code(secret: str, *, period: int = 30, margin: float = 4) -> str:
    """The current code, waiting for the next period if this one ends within `margin` seconds,
    so that the code is still current when the server checks it (palg allows no drift)."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret, period=period)
