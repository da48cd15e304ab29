"""palg_grouping: diverse, constrained group formation (no Django)."""

from palg_grouping.errors import Infeasible
from palg_grouping.problem import GroupingProblem
from palg_grouping.result import GroupingResult
from palg_grouping.rounds import RoundsPlan, plan_rounds
from palg_grouping.solve import choose_slots, evaluate, form_groups, violations

__all__ = [
    "GroupingProblem",
    "GroupingResult",
    "Infeasible",
    "RoundsPlan",
    "choose_slots",
    "evaluate",
    "form_groups",
    "plan_rounds",
    "violations",
]
