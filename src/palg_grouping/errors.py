"""Errors raised by the grouping engine."""

MSG_NO_FEASIBLE_START = (
    "No grouping could be found that keeps every rule (group sizes, people who must be kept "
    "apart or together, shared meeting slots)."
)
MSG_LOCKED_WITHOUT_INITIAL = "People can only be locked in place when a starting grouping is given."
MSG_LOCKED_BREAK_RULES = "The people locked in place already break a rule between themselves."
MSG_MUST_LINK_CANNOT_LINK = "Two people who must be kept together must also be kept apart."
MSG_MUST_LINK_LOCKED_APART = "Two people who must be kept together are locked in different groups."
MSG_UNIT_TOO_BIG = "{count} people must be kept together, more than the largest group allows."
MSG_UNIT_NO_SLOT = "{count} people must be kept together but share no free meeting slot."
MSG_PERSON_NO_SLOT = "{count} person(s) are free in no meeting slot at all."
MSG_SIZES = (
    "{n} people cannot be split into groups of these sizes (between {low} and {high} in all)."
)


class Infeasible(ValueError):
    """No grouping satisfies every hard rule; `reasons` says why in plain words."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))
