"""Session templates as data: the ordered phases of an action learning meeting, each with its
purpose, timebox, speaking rule, capture rule and the prompts shown to the room.

A template never hard-codes one school: whether advice is allowed and whether the presenter
withdraws are per-phase settings (the method guide, §7). Phases marked `per_presenter` repeat
for each presenter chosen at bidding; `plan()` expands a template into the steps a session walks
through. Nothing here needs Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum


class Speaking(StrEnum):
    ROUND = "round"  # everyone, one at a time, in a fixed order
    OPEN = "open"  # free discussion
    PRESENTER_ONLY = "presenter-only"  # the presenter talks uninterrupted
    CLARIFYING = "clarifying-only"  # factual questions; the presenter answers
    QUESTIONS = "questions-only"  # open questions; no advice or statements except answers
    ADVICE = "advice-allowed"  # suggestions, experience and resources are welcome
    PRESENTER_LISTENS = "presenter-listens"  # members talk; the presenter is silent, turned away


class Capture(StrEnum):
    NONE = "none"  # nothing kept beyond the fact that the phase ran
    LEDGER = "ledger"  # metadata only: who bid, who presented, when
    PRIVATE = "private"  # each member's own journal
    HARVEST = "presenter-harvest"  # for the presenter only; other copies go at session end
    CARD = "card"  # an experiment card, visible to the set
    AGGREGATE = "set-aggregate"  # pulse answers, shown to the set as aggregates only


SPEAKING_TEXT = {
    Speaking.ROUND: "A round: everyone in turn",
    Speaking.OPEN: "Open floor",
    Speaking.PRESENTER_ONLY: "The presenter speaks; everyone else listens",
    Speaking.CLARIFYING: "Clarifying questions only: facts, not opinions",
    Speaking.QUESTIONS: "Open questions only: no advice, no statements",
    Speaking.ADVICE: "Suggestions, experience and resources welcome",
    Speaking.PRESENTER_LISTENS: "The presenter turns their back and listens; members talk",
}
CAPTURE_TEXT = {
    Capture.NONE: "Nothing is recorded",
    Capture.LEDGER: "Who bid and who presented is recorded",
    Capture.PRIVATE: "Nothing is shared: your notes go to your own journal only",
    # The set sees the questions as they are asked; once the session ends only the presenter
    # keeps them (palg.live.contributions.close, and the harvest in their journal).
    Capture.HARVEST: (
        "Everyone here sees what is posted; after the session only the presenter keeps it, "
        "in their journal"
    ),
    Capture.CARD: "The presenter records experiment cards",
    Capture.AGGREGATE: "Answers are shown to the set as totals only",
}
# Speaking rules under which members type questions that the guardrail checks.
QUESTION_RULES = frozenset({Speaking.CLARIFYING, Speaking.QUESTIONS})

MIN_MINUTES, MAX_MINUTES = 1, 240


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    purpose: str
    minutes: int
    speaking: Speaking
    capture: Capture
    prompts: tuple[str, ...] = ()
    per_presenter: bool = False
    optional: bool = False

    @property
    def presenter_listens(self) -> bool:
        return self.speaking == Speaking.PRESENTER_LISTENS

    @property
    def takes_questions(self) -> bool:
        return self.speaking in QUESTION_RULES


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    summary: str
    min_size: int
    max_size: int
    max_presenters: int
    phases: tuple[Phase, ...]
    sources: str = ""

    def phase(self, key: str) -> Phase:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def with_minutes(self, minutes: Mapping[str, int]) -> Template:
        """The template with some timeboxes changed (a facilitator's adjustments); unknown keys
        raise KeyError, minutes outside 1-240 ValueError."""
        known = {phase.key for phase in self.phases}
        unknown = set(minutes) - known
        if unknown:
            raise KeyError(sorted(unknown)[0])
        for value in minutes.values():
            if not MIN_MINUTES <= int(value) <= MAX_MINUTES:
                raise ValueError(value)
        phases = tuple(replace(p, minutes=int(minutes.get(p.key, p.minutes))) for p in self.phases)
        return replace(self, phases=phases)


@dataclass(frozen=True)
class Step:
    """One phase as the session runs it: for a per-presenter phase, one presenter's turn."""

    phase: Phase
    presenter: int | None = None  # an index into the session's presenters
    seconds: int = 0


def plan(template: Template, presenters: int, *, skip: Sequence[str] = ()) -> list[Step]:
    """The steps of a session: the opening phases, each per-presenter phase once per presenter
    (presenter by presenter, as a case runs end to end), then the closing phases. Optional phases
    named in `skip` are left out; before presenters are chosen (`presenters` = 0) the case
    phases are not yet in the plan."""
    phases = [p for p in template.phases if not (p.optional and p.key in skip)]
    steps: list[Step] = []
    index = 0
    while index < len(phases):
        if not phases[index].per_presenter:
            steps.append(Step(phases[index], None, phases[index].minutes * 60))
            index += 1
            continue
        case = []
        while index < len(phases) and phases[index].per_presenter:
            case.append(phases[index])
            index += 1
        for presenter in range(presenters):
            steps += [Step(p, presenter, p.minutes * 60) for p in case]
    return steps


def reports_back(template: Template, phase: Phase) -> bool:
    """Whether members report back on their experiment cards in this phase: the report-back
    phase, or the check-in in a template that has no report-back phase of its own."""
    if phase.key == REPORT_BACK_KEY:
        return True
    has_own = any(p.key == REPORT_BACK_KEY for p in template.phases)
    return phase.key == CHECK_IN_KEY and not has_own


REPORT_BACK_KEY, CHECK_IN_KEY = "report-back", "check-in"


# The library ---------------------------------------------------------------------------------

CHECK_IN = Phase(
    "check-in",
    "Check-in",
    "Arrive, and recall where we left off last time.",
    20,
    Speaking.ROUND,
    Capture.NONE,
    ("How are you arriving today?", "What has happened since we last met?"),
)
CONTRACT = Phase(
    "contract",
    "Our contract",
    "Restate the ground rules the set agreed, and check the quorum.",
    3,
    Speaking.OPEN,
    Capture.NONE,
    ("Is there anything in our contract we need to revisit?",),
)
REPORT_BACK = Phase(
    "report-back",
    "Report-back",
    "Each member reports on the actions they committed to last time.",
    20,
    Speaking.ROUND,
    Capture.CARD,
    ("What did I do?", "What happened?", "What did I learn?", "What next?"),
)
BIDDING = Phase(
    "bidding",
    "Bidding for airtime",
    "Each member who wants time bids in one line; the set chooses who presents today.",
    10,
    Speaking.ROUND,
    Capture.LEDGER,
    (
        "Is this a puzzle (it has an expert answer) or a problem (no single right answer)?",
        "How urgent is it: A (must today), B (would like), C (can wait)?",
    ),
)
PRESENTATION = Phase(
    "presentation",
    "Presentation",
    "The presenter describes the issue and the outcome they want.",
    5,
    Speaking.PRESENTER_ONLY,
    Capture.PRIVATE,
    ("What is the issue?", "Why does it matter to you now?", "What outcome do you want?"),
    per_presenter=True,
)
CLARIFYING = Phase(
    "clarifying",
    "Clarifying questions",
    "Get the facts straight.",
    8,
    Speaking.CLARIFYING,
    Capture.HARVEST,
    ("Who is involved?", "What has happened so far?"),
    per_presenter=True,
)
OPEN_QUESTIONS = Phase(
    "open-questions",
    "Open questions",
    "Questions that help the presenter think: one question and one follow-up each, in turn. "
    "Silence is allowed.",
    15,
    Speaking.QUESTIONS,
    Capture.HARVEST,
    ("What would success look like?", "What have you not yet tried?", "What is stopping you?"),
    per_presenter=True,
)
SUMMARY = Phase(
    "summary",
    "Presenter's summary",
    "The presenter says what they heard and what they now think.",
    2,
    Speaking.PRESENTER_ONLY,
    Capture.PRIVATE,
    ("What struck me most?", "What do I see differently now?"),
    per_presenter=True,
)
RESOURCES = Phase(
    "resources",
    "Resources round",
    "Offers of information or contacts: the one place expert knowledge enters.",
    5,
    Speaking.ADVICE,
    Capture.HARVEST,
    ("Is there a person, a paper or a tool that could help?",),
    per_presenter=True,
    optional=True,
)
COMMITMENT = Phase(
    "commitment",
    "Commitment",
    "The presenter commits to experiments to try before the next meeting.",
    3,
    Speaking.PRESENTER_ONLY,
    Capture.CARD,
    ("What will I try?", "What do I expect?", "What signal will I watch?", "By when?"),
    per_presenter=True,
)
PROCESS_REVIEW = Phase(
    "process-review",
    "Process review",
    "How the set worked today, and what each of us learned.",
    10,
    Speaking.ROUND,
    Capture.AGGREGATE,
    (
        "Three things I learned about my problem.",
        "What stands out about how the set worked?",
        "One thing I learned about myself.",
    ),
)


TEMPLATES: dict[str, Template] = {
    "revans-uk": Template(
        "revans-uk",
        "Revans / UK action learning set",
        "Check-in, report-back and bidding; then, per presenter, presentation, clarifying and "
        "open questions, summary, an optional resources round and commitment; a process review "
        "closes. No advice.",
        4,
        8,
        2,
        (
            CHECK_IN,
            CONTRACT,
            REPORT_BACK,
            BIDDING,
            PRESENTATION,
            CLARIFYING,
            OPEN_QUESTIONS,
            SUMMARY,
            RESOURCES,
            COMMITMENT,
            PROCESS_REVIEW,
        ),
        "method guide §4, §7 [M1][M4][M12][M14]",
    ),
    "wial": Template(
        "wial",
        "WIAL action learning",
        "Statements only in answer to questions; the coach may intervene at any time; the set "
        "agrees the problem statement before strategies and actions; a coach-led reflection "
        "closes and cannot be left out.",
        4,
        8,
        1,
        (
            CONTRACT,
            replace(PRESENTATION, name="Problem presentation", minutes=5),
            replace(
                OPEN_QUESTIONS,
                key="questioning",
                name="Questioning",
                purpose="Statements are made only in answer to questions; the coach may "
                "intervene whenever there is a learning opportunity.",
                minutes=20,
            ),
            Phase(
                "problem-statement",
                "Consensus on the problem",
                "The set agrees a problem statement the presenter owns.",
                10,
                Speaking.QUESTIONS,
                Capture.HARVEST,
                ("What is the real problem here?",),
                per_presenter=True,
            ),
            Phase(
                "strategies",
                "Strategies and actions",
                "Questions that open up strategies; the presenter chooses actions.",
                15,
                Speaking.QUESTIONS,
                Capture.HARVEST,
                ("What options do you see?", "Which would you try first?"),
                per_presenter=True,
            ),
            COMMITMENT,
            replace(
                PROCESS_REVIEW,
                key="reflection",
                name="Coach-led reflection",
                purpose="What did we do well, what could we do better, what did we learn? "
                "WIAL sessions never leave this out.",
                minutes=15,
            ),
        ),
        "method guide §7 [M6][M7][M9][M10]",
    ),
    "troika": Template(
        "troika",
        "Troika consulting",
        "Three people: the client asks for help, answers clarifying questions, then turns their "
        "back while the two consultants discuss; the client says what was valuable.",
        3,
        3,
        3,
        (
            replace(PRESENTATION, name="Client asks for help", minutes=2),
            replace(CLARIFYING, minutes=2),
            Phase(
                "consult",
                "Consultants discuss",
                "The consultants talk about the challenge; the client turns their back and "
                "listens.",
                5,
                Speaking.PRESENTER_LISTENS,
                Capture.HARVEST,
                ("What do we hear?", "What ideas might help?"),
                per_presenter=True,
            ),
            replace(SUMMARY, name="What was valuable", minutes=2),
        ),
        "method guide §7 [V1]",
    ),
    "wise-crowds": Template(
        "wise-crowds",
        "Wise Crowds",
        "A client presents to a larger group, answers questions, turns their back while the "
        "group consults, then gives feedback.",
        4,
        20,
        3,
        (
            replace(PRESENTATION, name="Client presents", minutes=2),
            replace(CLARIFYING, minutes=3),
            Phase(
                "consult",
                "The crowd consults",
                "The group offers ideas and advice to each other; the client turns their back.",
                7,
                Speaking.PRESENTER_LISTENS,
                Capture.HARVEST,
                ("What patterns do we see?", "What might the client try?"),
                per_presenter=True,
            ),
            replace(SUMMARY, name="Client feedback", minutes=3),
        ),
        "method guide §7 [V2]",
    ),
    "balint": Template(
        "balint",
        "Balint-style case",
        "An informal presentation without notes; the group explores the relationship and the "
        "feelings it stirs while the presenter listens, without judging, advising or solving; "
        "the presenter rejoins.",
        6,
        10,
        2,
        (
            CHECK_IN,
            replace(PRESENTATION, name="Case presentation", minutes=10),
            Phase(
                "explore",
                "The group explores",
                "Feelings, the relationship, what is not said: no judging, advice or solutions. "
                "The presenter listens.",
                25,
                Speaking.PRESENTER_LISTENS,
                Capture.NONE,
                ("What do you feel as you hear this?", "What might the other person feel?"),
                per_presenter=True,
            ),
            Phase(
                "rejoin",
                "Presenter rejoins",
                "The presenter says what they heard; open conversation.",
                10,
                Speaking.OPEN,
                Capture.PRIVATE,
                per_presenter=True,
            ),
        ),
        "method guide §7 [V5a][V5b][V5c]",
    ),
    "intervision": Template(
        "intervision",
        "Intervision incident method",
        "A short incident; written open questions, which the presenter marks as helpful or not; "
        "then the presenter chooses what to take forward. One member runs structure and time.",
        5,
        8,
        2,
        (
            CHECK_IN,
            replace(PRESENTATION, name="The incident", minutes=5),
            replace(
                OPEN_QUESTIONS,
                name="Written open questions",
                purpose="Everyone writes open questions; the presenter marks the ones that help.",
                minutes=15,
            ),
            replace(SUMMARY, name="Presenter chooses", minutes=10),
            replace(COMMITMENT, minutes=5),
            replace(PROCESS_REVIEW, minutes=10),
        ),
        "method guide §7 [V3a][V3b][V3c]",
    ),
    "forum-presentation": Template(
        "forum-presentation",
        "Forum presentation",
        "A check-in round; a prepared presentation (issue, goal, background, feelings, what was "
        "tried, what is wanted and not wanted from the forum); clarifying questions, then "
        "experience sharing; the scribe's notes go to the presenter.",
        6,
        10,
        2,
        (
            replace(CHECK_IN, minutes=25),
            replace(PRESENTATION, minutes=10),
            replace(CLARIFYING, minutes=15),
            Phase(
                "experience",
                "Experience sharing",
                "Members share their own experience of something similar: 'I' statements, not "
                "'you should'.",
                20,
                Speaking.ADVICE,
                Capture.HARVEST,
                ("When did I face something like this, and what happened?",),
                per_presenter=True,
            ),
            replace(COMMITMENT, minutes=5),
            replace(PROCESS_REVIEW, minutes=10),
        ),
        "method guide §7 [V7a][V7b][V7c][V7d]",
    ),
}
DEFAULT_TEMPLATE = "revans-uk"
