"""Scoring answers into scale scores, by the half-items rule (instruments.MISSING_RULE)."""

from collections.abc import Mapping

from palg_evaluation.instruments import ITEMS, MEAN, SCALES, Scale

MSG_UNKNOWN_ITEM = "Unknown item {item!r}: item ids look like cbi.p1, cbi.w7, ps.1, ucla.3."
MSG_BAD_VALUE = "Item {item}: {value!r} is not an answer; it takes {allowed}."


def check_answer(item_id: str, value: object) -> None:
    """Raise ValueError naming the item for an unknown item id or a value it does not take."""
    item = ITEMS.get(item_id)
    if item is None:
        raise ValueError(MSG_UNKNOWN_ITEM.format(item=item_id))
    if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
        allowed = f"a whole number from {min(item.values)} to {max(item.values)}"
        raise ValueError(MSG_BAD_VALUE.format(item=item_id, value=value, allowed=allowed))


def scale_score(scale: Scale, answers: Mapping[str, int]) -> float | None:
    """The scale's score from the answers to its items, or None under the half-items rule."""
    points = [ITEMS[i].points(answers[i]) for i in scale.item_ids if i in answers]
    if len(points) < scale.min_answered:
        return None
    mean = sum(points) / len(points)
    return mean if scale.method == MEAN else mean * len(scale.item_ids)


def score(answers: Mapping[str, int]) -> dict[str, float]:
    """Scale id -> score for every scale with at least half its items answered, in SCALE_ORDER.

    `answers` maps item ids to the stored answer values (CBI option index 0-4, ps 1-7, ucla 1-3,
    pulse 1-5). Raises ValueError naming the item for an unknown item id or an out-of-range
    value."""
    for item_id, value in answers.items():
        check_answer(item_id, value)
    scores = {}
    for scale in SCALES.values():
        value = scale_score(scale, answers)
        if value is not None:
            scores[scale.id] = value
    return scores
