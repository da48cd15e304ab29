"""Where a programme's design departs from the method's norms (method.md §2-§3).

These are warnings for the programme lead, not errors: a lead may have good reasons.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

NORM_MIN_SIZE = 4
NORM_MAX_SIZE = 8
NORM_MIN_MEETINGS = 4
NORM_MAX_GAP_WEEKS = 8

MSG_SIZE_LOW = (
    "Sets of fewer than {norm} lose energy and variety of questions; the method's norm is 4-8 "
    "members (your minimum is {value})."
)
MSG_SIZE_HIGH = (
    "Sets of more than {norm} leave too little airtime per member; the method's norm is 4-8 "
    "members (your maximum is {value})."
)
MSG_FEW_MEETINGS = (
    "Fewer than {norm} meetings leaves too few action-and-report-back cycles; one-off workshops "
    "are not action learning (you plan {value})."
)
MSG_LONG_CADENCE = (
    "Meetings more than {norm} weeks apart lose momentum between experiments (you plan every "
    "{value} weeks)."
)
MSG_LONG_GAP = (
    "{group}: {weeks} weeks between the meetings of {start:%d %b %Y} and {end:%d %b %Y}; the "
    "method's norm is at most 8 weeks."
)


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def design_warnings(
    *, min_group_size: int, max_group_size: int, meeting_count: int, cadence_weeks: int
) -> list[Warning]:
    """Warnings about a programme's design parameters."""
    found = []
    if min_group_size < NORM_MIN_SIZE:
        found.append(
            Warning("size-low", MSG_SIZE_LOW.format(norm=NORM_MIN_SIZE, value=min_group_size))
        )
    if max_group_size > NORM_MAX_SIZE:
        found.append(
            Warning("size-high", MSG_SIZE_HIGH.format(norm=NORM_MAX_SIZE, value=max_group_size))
        )
    if meeting_count < NORM_MIN_MEETINGS:
        found.append(
            Warning(
                "few-meetings", MSG_FEW_MEETINGS.format(norm=NORM_MIN_MEETINGS, value=meeting_count)
            )
        )
    if cadence_weeks > NORM_MAX_GAP_WEEKS:
        found.append(
            Warning(
                "long-cadence",
                MSG_LONG_CADENCE.format(norm=NORM_MAX_GAP_WEEKS, value=cadence_weeks),
            )
        )
    return found


def schedule_gap_warnings(group_name: str, starts: Iterable[datetime]) -> list[Warning]:
    """Warnings for gaps of more than 8 weeks between consecutive meetings of one set."""
    ordered = sorted(starts)
    found = []
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        gap = later - earlier
        if gap > timedelta(weeks=NORM_MAX_GAP_WEEKS):
            weeks = round(gap / timedelta(weeks=1), 1)
            message = MSG_LONG_GAP.format(group=group_name, weeks=weeks, start=earlier, end=later)
            found.append(Warning("long-gap", message))
    return found
