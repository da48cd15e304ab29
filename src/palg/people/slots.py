"""Weekly availability slots such as `mon-am` or `thu-pm`.

Shared by the import, grouping and scheduling."""

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("am", "pm", "eve")
SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
SLOT_SEPARATOR = ";"


def parse_slots(raw: str) -> tuple[list[str], list[str]]:
    """Split `mon-am;tue-pm` into (valid slots in canonical order, unrecognised tokens)."""
    tokens = [token.strip().lower() for token in raw.split(SLOT_SEPARATOR) if token.strip()]
    bad = [token for token in tokens if token not in SLOTS]
    good = sorted({token for token in tokens if token in SLOTS}, key=SLOTS.index)
    return good, bad


def format_slots(slots: list[str]) -> str:
    return SLOT_SEPARATOR.join(slots)
