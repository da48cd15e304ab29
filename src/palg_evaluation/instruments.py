"""The instruments palg ships, as data: stable item ids, verbatim texts, response options and the
values an answer stores, reverse items, scales, licence notes and an `adapted` flag that travels
into every export.

Shipped: the Copenhagen Burnout Inventory's personal and work-related scales (CBI, Kristensen et
al. 2005), Edmondson's team psychological safety (1999) reworded to "this group" (adapted), the
UCLA 3-item loneliness scale (Hughes et al. 2004), and palg's own set-health pulse, which is not a
validated scale. Texts are verbatim from the measurement guide (shared/guides/measurement.md,
§1.2-1.4); the intermediate labels of the 7-point agreement scale are the conventional ones.

Left out, on purpose:
- COPSOQ III social support: its official item texts are not available here, and the licence
  forbids altering them, so palg does not ship a paraphrase.
- The Maslach Burnout Inventory and every other proprietary instrument: never shipped.

An answer stores an `Option.value`: the option index 0-4 for the CBI (scored 0/25/50/75/100),
1-7 for psychological safety, 1-3 for the UCLA items and 1-5 for the pulse. `Option.points` is
what that answer scores before any reversal; a reversed item scores (lowest + highest points)
minus its points (CBI 100 - points, psychological safety 8 - x).
"""

from dataclasses import dataclass
from functools import cached_property

MEAN = "mean"
SUM = "sum"

MSG_UNKNOWN_INSTRUMENT = "Unknown instrument {id!r}: palg has {known}."


@dataclass(frozen=True)
class Option:
    """One response option: the label shown and the value an answer stores."""

    label: str
    value: int
    points: float | None = None  # the item score before reversal; None means the value itself

    @property
    def score(self) -> float:
        return float(self.value if self.points is None else self.points)


@dataclass(frozen=True)
class Item:
    """One question, with its stable id (never its position) and its options."""

    id: str
    text: str
    options: tuple[Option, ...]
    reverse: bool = False

    @cached_property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @cached_property
    def _points(self) -> dict[int, float]:
        by_value = {option.value: option.score for option in self.options}
        if self.reverse:
            low, high = min(by_value.values()), max(by_value.values())
            return {value: low + high - points for value, points in by_value.items()}
        return by_value

    def points(self, value: int) -> float:
        """The score an answer `value` gives this item, reversal applied."""
        return self._points[value]


@dataclass(frozen=True)
class Scale:
    """A scale scored from some of an instrument's items. `method` is "mean" (the mean of the
    answered items' points) or "sum" (the mean of the answered items times the number of items,
    so that a sum stays on its range when an item is missing)."""

    id: str
    name: str
    item_ids: tuple[str, ...]
    low: float
    high: float
    explanation: str  # what the score means, in plain words; no clinical cut-offs
    method: str = MEAN

    @property
    def min_answered(self) -> int:
        """The half-items rule: the fewest answered items that still give a score."""
        return -(-len(self.item_ids) // 2)


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    citation: str
    licence: str
    adapted: bool  # the wording differs from the published instrument; travels into exports
    validated: bool  # False for palg's own items: "not a validated scale"
    instructions: str

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}


def _options(labels: list[str], *, first: int = 1, step_points: float | None = None):
    return tuple(
        Option(label, first + i, None if step_points is None else i * step_points)
        for i, label in enumerate(labels)
    )


# CBI response formats (measurement guide §1.2): the answer stores the option index 0-4,
# scored 0/25/50/75/100 from low to high.
CBI_A = _options(
    ["Never/almost never", "Seldom", "Sometimes", "Often", "Always"], first=0, step_points=25
)
CBI_B = _options(
    [
        "To a very low degree",
        "To a low degree",
        "Somewhat",
        "To a high degree",
        "To a very high degree",
    ],
    first=0,
    step_points=25,
)
AGREE_7 = _options(
    [
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ]
)
UCLA_3 = _options(["Hardly ever", "Some of the time", "Often"])
PULSE_5 = _options(["1 (not at all)", "2", "3", "4", "5 (fully)"])

CBI_PERSONAL = (
    ("cbi.p1", "How often do you feel tired?", CBI_A),
    ("cbi.p2", "How often are you physically exhausted?", CBI_A),
    ("cbi.p3", "How often are you emotionally exhausted?", CBI_A),
    ("cbi.p4", 'How often do you think: "I can\'t take it anymore"?', CBI_A),
    ("cbi.p5", "How often do you feel worn out?", CBI_A),
    ("cbi.p6", "How often do you feel weak and susceptible to illness?", CBI_A),
)
CBI_WORK = (
    ("cbi.w1", "Is your work emotionally exhausting?", CBI_B),
    ("cbi.w2", "Do you feel burned out because of your work?", CBI_B),
    ("cbi.w3", "Does your work frustrate you?", CBI_B),
    ("cbi.w4", "Do you feel worn out at the end of the working day?", CBI_A),
    ("cbi.w5", "Are you exhausted in the morning at the thought of another day at work?", CBI_A),
    ("cbi.w6", "Do you feel that every working hour is tiring for you?", CBI_A),
    ("cbi.w7", "Do you have enough energy for family and friends during leisure time?", CBI_A),
)

CBI = Instrument(
    id="cbi",
    name="Copenhagen Burnout Inventory (personal and work-related burnout)",
    items=tuple(
        Item(item_id, text, options, reverse=item_id == "cbi.w7")
        for item_id, text, options in CBI_PERSONAL + CBI_WORK
    ),
    scales=(
        Scale(
            "cbi_personal",
            "Personal burnout",
            tuple(item_id for item_id, _, _ in CBI_PERSONAL),
            0,
            100,
            "How often you feel physically and emotionally tired and worn out, from 0 (never) "
            "to 100 (always). Lower means less exhaustion. It describes how you feel, it is not "
            "a diagnosis.",
        ),
        Scale(
            "cbi_work",
            "Work-related burnout",
            tuple(item_id for item_id, _, _ in CBI_WORK),
            0,
            100,
            "How far you feel tired and worn out by your work, from 0 to 100. Lower means less "
            "exhaustion that you put down to work. It describes how you feel, it is not a "
            "diagnosis.",
        ),
    ),
    citation=(
        "Kristensen, T. S., Borritz, M., Villadsen, E., & Christensen, K. B. (2005). The "
        "Copenhagen Burnout Inventory: A new tool for the assessment of burnout. Work & Stress, "
        "19(3), 192-207."
    ),
    licence=(
        "Widely described as free to use (open access); the authors' own licence text has not "
        "been verified. Personal and work-related scales used unmodified; the client-related "
        "scale is not used."
    ),
    adapted=False,
    validated=True,
    instructions=(
        "These questions ask how you have felt lately. There are no right or wrong answers."
    ),
)

PS_ITEMS = (
    ("ps.1", "If you make a mistake in this group, it is often held against you.", True),
    ("ps.2", "Members of this group are able to bring up problems and tough issues.", False),
    ("ps.3", "People in this group sometimes reject others for being different.", True),
    ("ps.4", "It is safe to take a risk in this group.", False),
    ("ps.5", "It is difficult to ask other members of this group for help.", True),
    (
        "ps.6",
        "No one in this group would deliberately act in a way that undermines my efforts.",
        False,
    ),
    (
        "ps.7",
        "Working with members of this group, my unique skills and talents are valued and utilized.",
        False,
    ),
)

PSYCH_SAFETY = Instrument(
    id="psych_safety",
    name='Psychological safety (Edmondson, adapted to "this group")',
    items=tuple(Item(i, text, AGREE_7, reverse=rev) for i, text, rev in PS_ITEMS),
    scales=(
        Scale(
            "psych_safety",
            "Psychological safety",
            tuple(i for i, _, _ in PS_ITEMS),
            1,
            7,
            "How safe you feel taking interpersonal risks in this group (raising problems, "
            "asking for help, admitting mistakes), from 1 to 7. Higher means safer.",
        ),
    ),
    citation=(
        "Edmondson, A. (1999). Psychological safety and learning behavior in work teams. "
        "Administrative Science Quarterly, 44(2), 350-383. Wording for convened groups after the "
        "Watts-Lab adaptation."
    ),
    licence=(
        "Published scale; no licence statement found (unverified). Cite Edmondson 1999. Adapted: "
        '"this team" reads "this group", a validity risk that exports and reports state.'
    ),
    adapted=True,
    validated=True,
    instructions="How far do you agree with each statement about this group?",
)

UCLA_ITEMS = (
    ("ucla.1", "How often do you feel that you lack companionship?"),
    ("ucla.2", "How often do you feel left out?"),
    ("ucla.3", "How often do you feel isolated from others?"),
)

UCLA3 = Instrument(
    id="ucla3",
    name="UCLA 3-item loneliness scale",
    items=tuple(Item(i, text, UCLA_3) for i, text in UCLA_ITEMS),
    scales=(
        Scale(
            "ucla3",
            "Loneliness",
            tuple(i for i, _ in UCLA_ITEMS),
            3,
            9,
            "How often you feel lonely or left out, from 3 (hardly ever) to 9 (often). Lower "
            "means less lonely.",
            method=SUM,
        ),
    ),
    citation=(
        "Hughes, M. E., Waite, L. J., Hawkley, L. C., & Cacioppo, J. T. (2004). A short scale "
        "for measuring loneliness in large surveys. Research on Aging, 26(6), 655-672."
    ),
    licence=(
        "Licence terms unverified. Coding 1-3 per item (total 3-9) is the conventional Hughes "
        "et al. scoring, unverified in the primary paper."
    ),
    adapted=False,
    validated=True,
    instructions="How often do you feel this way?",
)

PULSE_ITEMS = (
    ("pulse.trust", "I could be open in this set today."),
    ("pulse.airtime", "Time was shared fairly between us."),
    ("pulse.questions", "Our questions helped the presenter think."),
    ("pulse.contract", "We kept to our ground rules."),
)

PULSE = Instrument(
    id="pulse",
    name="Set-health pulse (not a validated scale)",
    items=tuple(Item(i, text, PULSE_5) for i, text in PULSE_ITEMS),
    scales=(
        Scale(
            "set_health",
            "Set health (not a validated scale)",
            tuple(i for i, _ in PULSE_ITEMS),
            1,
            5,
            "How the set felt: openness, fair airtime, helpful questions and keeping the "
            "contract, from 1 (not at all) to 5 (fully). palg's own items, not a validated "
            "scale.",
        ),
    ),
    citation="palg's own set-health pulse items; not a validated scale.",
    licence="Part of palg (AGPL-3.0-or-later).",
    adapted=False,
    validated=False,
    instructions="Answer from 1 (not at all) to 5 (fully).",
)

INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (CBI, PSYCH_SAFETY, UCLA3, PULSE)}

# Every scale, in the fixed order that outputs use.
SCALES: dict[str, Scale] = {s.id: s for i in INSTRUMENTS.values() for s in i.scales}
SCALE_ORDER: tuple[str, ...] = tuple(SCALES)
ITEMS: dict[str, Item] = {item.id: item for i in INSTRUMENTS.values() for item in i.items}
INSTRUMENT_OF_SCALE: dict[str, Instrument] = {
    s.id: i for i in INSTRUMENTS.values() for s in i.scales
}

MISSING_RULE = (
    "A scale is scored only when at least half of its items were answered (the COPSOQ rule, "
    "used for every instrument): 3 of 6 for CBI personal, 4 of 7 for CBI work-related and "
    "psychological safety, 2 of 3 for UCLA loneliness, 2 of 4 for the pulse. A mean scale is the "
    "mean of the answered items; the UCLA sum is the mean of the answered items times 3, so it "
    "stays on 3-9. Otherwise the scale is missing."
)


def instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; KeyError naming the known ids otherwise."""
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        known = ", ".join(INSTRUMENTS)
        raise KeyError(MSG_UNKNOWN_INSTRUMENT.format(id=instrument_id, known=known)) from None
