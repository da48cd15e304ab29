"""Typed readers for settings that come from the environment (the healthchecks pattern).

`NAME_FILE` may point at a file holding the value (Docker secrets); a bad path fails loudly
rather than silently falling back to a default.
"""

import ipaddress
import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        path = Path(file_path)
        if not path.is_file():
            raise RuntimeError(f"{name}_FILE points at {file_path}, which is not a readable file")
        return path.read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = envstr(name, "1" if default else "0").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise RuntimeError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = envstr(name, str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number; got {raw!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envnetworks(
    name: str, default: str = ""
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A list of IP addresses or networks (`10.0.0.0/8`); a single address is a network of one."""
    networks = []
    for item in envlist(name, default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise RuntimeError(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8; got {item!r}"
            ) from None
    return networks
