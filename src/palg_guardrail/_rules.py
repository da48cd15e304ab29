"""The cues, as data: each has a name, the kind of contribution it signals, a pattern, a short
explanation quoting the author's words and, for advice, a rewrite to offer.

Two families:
- *anywhere* rules search a whole sentence ("why don't you", "have you considered");
- *start* rules read how a clause opens, after filler words ("Delegate it.", "Is the budget
  fixed?", "What would help?").

A guard can veto a match from its context, e.g. "you could" inside "Is there anything you could
delegate?" is part of a genuine question, not advice.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from palg_guardrail._lexicon import (
    ACTION_VERBS,
    ASKING_VERBS,
    AUXILIARIES,
    NEGATED_AUXILIARIES,
    NOT_ADVICE_BEFORE_YOU,
    NOT_GERUNDS,
    NOUN_FOLLOWERS,
    PRONOUNS,
    SUBJECTS,
    WH_WORDS,
)

ADVICE, LEADING, OPEN, CLOSED = "advice", "leading", "open", "closed"
EMPATHY, SUMMARY, OBSERVATION = "empathy", "summary", "observation"

Guard = Callable[[str, re.Match, "Scope"], bool]


@dataclass(frozen=True)
class Scope:
    """What a guard may look at besides the match: the sentence's text, and where (in it) the
    first clause opening with a question word starts, if any."""

    sentence: str
    wh_at: int | None


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern
    explanation: str
    suggestion: str = ""
    guard: Guard | None = None


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_SUBJ = "|".join(sorted(SUBJECTS | {"a", "an"}))
_GERUND = r"(?!(?:" + "|".join(sorted(NOT_GERUNDS)) + r")\b)[a-z]{2,}ing\b"
_IRREGULAR = {
    "told": "tell", "said": "say", "gave": "give", "given": "give", "took": "take",
    "taken": "take", "sent": "send", "left": "leave", "went": "go", "gone": "go", "got": "get",
    "brought": "bring", "bought": "buy", "made": "make", "kept": "keep", "spoke": "speak",
    "spoken": "speak", "sat": "sit", "stood": "stand", "thought": "think", "chose": "choose",
    "wrote": "write", "held": "hold", "met": "meet", "ran": "run", "found": "find",
}  # fmt: skip


def lemma(word: str) -> str:
    """The base form of an action verb ("calling" -> "call", "told" -> "tell"); other words
    come back unchanged."""
    if word in ACTION_VERBS:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("ing", "ed", "es", "s", "d"):
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 2:
            continue
        doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
        for candidate in (stem, stem + "e", doubled):
            if candidate in ACTION_VERBS:
                return candidate
    return word


def _word_before(text: str, index: int) -> str:
    words = re.findall(r"[a-z']+", text[:index])
    return words[-1] if words else ""


def _said_to_the_presenter(text: str, match: re.Match, scope: Scope) -> bool:
    """The words "you should / could / need to" address the presenter only as the subject of a main
    clause: not inside a question word's clause ("What do you think you should do?"), a relative
    clause ("anything you could delegate") or an inverted question ("What would you need to…")."""
    if scope.wh_at is not None and scope.wh_at <= match.start():
        return False
    before = _word_before(text, match.start())
    return before not in NOT_ADVICE_BEFORE_YOU and not before.endswith(("n't", "nt"))


def _outside_a_question_word(text: str, match: re.Match, scope: Scope) -> bool:
    """The "make sure" of "How do you make sure it lands?" is asked about, not advised."""
    return scope.wh_at is None or scope.wh_at > match.start()


def _not_asked_about(text: str, match: re.Match, scope: Scope) -> bool:
    """A bare "have you tried" is advice; "What have you tried?" is not."""
    return _word_before(text, match.start()) not in NOT_ADVICE_BEFORE_YOU


def _names_an_action(text: str, match: re.Match, scope: Scope) -> bool:
    """The word "just" before an action ("just tell him", "just asking her"), not after its doer
    ("I just told her", "they're just tired")."""
    before = _word_before(text, match.start())
    doers = {"that", "who", "which", "has", "have", "had", "is", "are", "was", "were"}
    addressed = before in {"you", "you'd", "i'd"}
    if not addressed and (before in doers | PRONOUNS or before.endswith(("'re", "'s", "'ve"))):
        return False
    return lemma(match.group(1)) in ACTION_VERBS


def _suggests_an_action(text: str, match: re.Match, scope: Scope) -> bool:
    """A "Could you ask the board…?" suggests an action; "Could you live with that?" and "Could
    you say more?" ask for a view or for information."""
    verb, following = match.group(1), match.group(2) or ""
    if verb == "agree" and match.group(0).startswith("would"):
        return False  # "Would you agree…" asks for agreement (a leading question)
    if verb in {"tell", "talk", "walk", "give", "help", "show"} and following in {"me", "us"}:
        return False
    if verb == "say" and following not in {"no", "yes", "sorry"}:
        return False
    if verb in ASKING_VERBS and verb not in {"tell", "talk", "walk", "give", "help", "say"}:
        return False
    return lemma(verb) in ACTION_VERBS


def _is_an_instruction(text: str, match: re.Match, scope: Scope) -> bool:
    """A clause that opens with a base-form verb and no subject: "Delegate it", "Be honest",
    "Have a word with him", "Don't let them". Not a noun subject ("Change is hard"), not a
    request for information ("Tell me more", "Say more"), not "Let me check"."""
    negated, verb, following = match.group(1), match.group(2), match.group(3) or ""
    if verb in {"go", "come", "try"} and following == "and":
        return True
    if not following or following in NOUN_FOLLOWERS:
        return False
    if negated and following in SUBJECTS:
        return False  # "Don't you think…" is a question
    if verb == "be":
        return True
    if verb == "have":
        return following in {"a", "an", "some", "it", "that", "this", "the"}
    if verb == "do":
        return following in {"it", "that", "this", "something", "nothing", "what"}
    if verb in {"tell", "talk", "walk", "give", "help", "show", "remind"}:
        return following not in {"me", "us"}
    if verb == "say":
        return following not in {"more", "a", "something", "what", "how", "why", "which"}
    if verb == "let":
        return following not in {"me", "us", "'s", "s"}
    return verb in ACTION_VERBS


# "What strikes me is…", "What happened was…": a statement built on "what", unless it ends in
# a question mark.
_PSEUDO_CLEFT = re.compile(
    r"what (?!(?:do|does|did|is|are|was|were|would|could|can|will|should|might|has|have|had|else)"
    r"\b)(?:[a-z']+ ){1,2}(?:is|was)\b"
)


def _asked(scope: Scope) -> bool:
    return scope.sentence.rstrip("\"') ").endswith("?")


def _asks_with_a_question_word(text: str, match: re.Match, scope: Scope) -> bool:
    """A "What would help?" asks; "What you said stayed with me." does not (the question word is
    followed straight by its subject)."""
    following = text[match.end() :].split()
    if not following:
        return True
    if following[0] in {"a", "an"} and match.group(0).endswith("what"):
        return scope.sentence.rstrip("\"') ").endswith("?")  # "What a week!" exclaims
    if _PSEUDO_CLEFT.match(text, match.start()) and not scope.sentence.rstrip("\"') ").endswith(
        "?"
    ):
        return False  # "What strikes me is…" states
    return following[0] not in PRONOUNS or len(following) == 1


def _inverted_after_question_word(text: str, match: re.Match, scope: Scope) -> bool:
    """A "what support do you have" asks; "what I heard was that…" reports."""
    if _PSEUDO_CLEFT.match(text, match.start()) and not _asked(scope):
        return False  # "what worries me is the timing"
    return match.group(0).split()[1] not in PRONOUNS


def _inverted(text: str, match: re.Match, scope: Scope) -> bool:
    """An "Is the budget fixed" asks; "Had a similar thing last year." is a clipped statement."""
    following = match.group(1) or ""
    return scope.sentence.rstrip("\"') ").endswith("?") or following in SUBJECTS


_NOT_AFTER_WHAT_IF = (
    r"are|were|was|am|can|could|can'?t|cannot|do not|don'?t|did not|didn'?t|fail|failed|lose|"
    r"lost|turn|get it wrong|had not|hadn'?t|'re|re|need|want|wanted|like|liked|feel|felt|knew|"
    r"know|think|thought|had|have|say no|said no"
)
_NOT_AFTER_I_WOULD = (
    r"be|feel|love|like|hate|imagine|guess|say|think|worry|expect|hope|struggle|find|wonder|"
    r"agree|know|need|not|rather|argue|question|assume|bet|doubt|have (?:been|felt|found|"
    r"struggled|loved|hated|liked|wanted|thought|expected|hoped|needed|panicked|reacted|done the "
    r"same)"
)

TRY_OPTIONS = "Try ‘What options do you see?’"
TRY_VIEW = "Try ‘How do you see it?’"
TRY_TRIED = "Try ‘What have you tried so far?’ or ‘What options have you considered?’"
TRY_OWN_ANSWER = (
    "Try ‘What is your instinct telling you to do?’ (your own experience fits the resources round)"
)
TRY_COULD = "Try ‘What could you do?’"

ANYWHERE: tuple[Rule, ...] = (
    Rule("why-dont-you", ADVICE, _rx(r"\bwhy (?:don'?t|do not) (?:you|we)\b"),
         "‘{span}…’ often lands as advice.", TRY_OPTIONS),
    Rule("why-not", ADVICE, _rx(r"\bwhy not\b(?=\s+\w)"),
         "‘{span}…’ proposes an answer.", TRY_OPTIONS),
    Rule("why-negative", LEADING,
         _rx(rf"\bwhy (?!don'?t\b)(?:{NEGATED_AUXILIARIES}|would not|could not|will not|"
             r"have not|did not|can not) (?:you|we|he|she|they)\b"),
         "‘{span}…’ implies what should have happened.",
         "Try ‘What has made this difficult so far?’"),
    Rule("have-you-tried", ADVICE,
         _rx(r"\b(?:have|did|had) you (?:ever |not |already |also |actually )?(?:tried|try|"
             r"considered|consider|thought about|think about|thought of|think of|explored|"
             r"explore|looked into|look into|looked at|look at|investigated)\b"
             r"(?!\s+(?:what|how|why|who|whom|where|when|which|whether|if)\b)"),
         "‘{span}…’ is often advice dressed as a question.", TRY_TRIED, _not_asked_about),
    Rule("would-it-be-better", ADVICE,
         _rx(r"\b(?:would|could|might|will|wouldn'?t|couldn'?t)(?: it| that| this)(?: not)? "
             r"(?:be )?(?:better|best|wise|wiser|easier|sensible|smarter|simpler|quicker|safer|"
             r"an idea|a good idea|good|helpful|useful|make (?:more )?sense|help)\b"),
         "‘{span}…’ suggests the answer.", TRY_OPTIONS),
    Rule("is-it-better", ADVICE,
         _rx(r"\bis(?:n'?t)? (?:it|that|this)(?: not)? (?:better|wiser|wise|sensible|time to|"
             r"an idea|a good idea|easier|the answer)\b"),
         "‘{span}…’ suggests the answer.", "Try ‘What would tell you it is time?’"),
    Rule("worth-doing", ADVICE,
         _rx(r"(?:^|[,;:]|\b(?:be|it'?s|it is|is it|is|was|maybe|perhaps|probably|definitely|"
             r"might|could))\s*(?:\w+ly\s+|really\s+|still\s+|also\s+)?worth\s+(?:a (?:try|shot|"
             rf"go|look|conversation|chat|punt|thought)\b|{_GERUND})"),
         "‘{span}’ recommends an action.", "Try ‘What might be worth doing next?’"),
    Rule("it-would-be-good-to", ADVICE,
         _rx(r"\bit(?:'?s| is|'?d be| would be| might be| could be| may be| will be) (?:always |"
             r"probably |really |very |usually |often |definitely )?(?:good|great|helpful|useful|"
             r"wise|sensible|better|best|smart|important|essential|vital|a good idea|an idea) to"
             r"\b"),
         "‘{span}…’ recommends an action.", TRY_OPTIONS),
    Rule("what-about-doing", ADVICE,
         _rx(rf"\bwhat about (?:just |simply |maybe |perhaps )?(?:{_GERUND}|an? \w)"),
         "‘{span}…’ offers a solution.", TRY_OPTIONS),
    Rule("how-about", ADVICE, _rx(r"\bhow about\b(?!\s+you\s*\??\s*$)"),
         "‘{span}…’ offers a solution.", TRY_OPTIONS),
    Rule("what-if-you", ADVICE,
         _rx(rf"\bwhat if (?:you|we) (?:just |simply |were to )?(?!(?:{_NOT_AFTER_WHAT_IF})\b)"
             r"[a-z]+"),
         "‘{span}…’ proposes an action.", "Try ‘What would you like to happen?’"),
    Rule("if-i-were-you", ADVICE,
         _rx(r"\bif i (?:were|was) (?:you|in your (?:shoes|position|place))\b|\bin your (?:shoes|"
             r"position|place|situation)\s*,?\s*i(?:'?d| would)\b|\bif (?:it|that) (?:were|was) "
             r"me\b|\bwere it me\b|\bif i had your (?:job|role)\b"),
         "‘{span}’ gives your own answer.", TRY_OWN_ANSWER),
    Rule("i-would", ADVICE,
         _rx(r"\bi(?:'?d| would) (?:just |probably |definitely |personally |honestly |really |"
             r"also |always |first |still |now |simply |then |quickly )?"
             rf"(?!(?:{_NOT_AFTER_I_WOULD})\b)[a-z][a-z']*"),
         "‘{span}…’ says what you would do.", TRY_OWN_ANSWER),
    Rule("i-would-be-tempted", ADVICE,
         _rx(r"\bi(?:'?d| would) be (?:very |really |quite |a bit |a little )?(?:tempted|inclined|"
             r"minded|careful|wary|cautious|looking|asking|pushing|talking|getting|speaking|"
             r"going|quick)\b"),
         "‘{span}…’ says what you would do.", TRY_OWN_ANSWER),
    Rule("i-suggest", ADVICE,
         _rx(r"\bi(?:'?d| would)? (?:strongly |really |honestly |definitely )?(?:suggest|"
             r"recommend|advise|propose|urge|encourage you)\b|\bmy (?:advice|suggestion|"
             r"recommendation|tip|top tip)\b|\bif i (?:could|can|may) (?:suggest|offer|"
             r"recommend)\b"),
         "‘{span}…’ is advice.", TRY_OPTIONS),
    Rule("you-would-be-better", ADVICE,
         _rx(r"\byou(?:'?d| would) (?:be (?:better|wise|well advised|best)|do (?:better|well)|"
             r"get (?:further|more|better))\b"),
         "‘{span}…’ is advice.", TRY_OPTIONS),
    Rule("in-my-experience", ADVICE,
         _rx(r"\bin my experience\b|\bwhat (?:worked|helped|works|helps) (?:for |with )?me\b|"
             r"\bi(?:'ve| have)? (?:always )?found (?:it )?(?:really )?(?:helpful|useful) to\b|"
             r"\bwhat i did was\b"),
         "‘{span}…’ shares your own solution.",
         "Keep experience for the resources round; try ‘What have you seen work before?’"),
    Rule("one-option", ADVICE,
         _rx(r"\b(?:one|another|the other|a good|the best|the obvious|the only|the simplest|"
             r"the easiest|a better|your best|an obvious) (?:option|idea|approach|answer|"
             r"solution|thing to do|way forward|move|bet|fix) (?:might be|would be|could be|is|"
             r"may be)\b|\b(?:might|could|would|may) be (?:the|your|a|an) (?:answer|solution|"
             r"way forward|way to go|best bet|good idea|good move|good start|good first step|"
             r"better option|option)\b"),
         "‘{span}…’ offers a solution.", TRY_OPTIONS),
    Rule("make-sure", ADVICE,
         _rx(r"\bmake (?:sure|certain)\b|\bensure (?:you|that|they|the|your|everyone)\b|"
             r"\bdon'?t forget\b|\bremember to\b"),
         "‘{span}…’ tells rather than asks.", "Try ‘What would you want to be sure of?’",
         _outside_a_question_word),
    Rule("you-should", ADVICE,
         _rx(r"\byou(?: \w+ly| really| just| also| still| then)? (?:should(?:n'?t)?|could|"
             r"need to|needs to|must|mustn'?t|ought to|have to|have got to|'?ve got to|got to|"
             r"gotta|might want to|may want to|might like to|might consider|may consider|"
             r"might try|could try|can always|could always|can just|could just|can simply|"
             r"could simply|can'?t keep|cannot keep|can not keep|can'?t carry on|cannot carry on|"
             r"can'?t let|owe it to)\b|\byou'?d better\b|\byou'?ve got to\b|"
             r"\byou(?:'?re| are) going to (?:have|need) to\b|"
             r"\byou(?:'?ll| will) (?:need|have|want) to\b"),
         "‘{span}…’ tells rather than asks.", TRY_COULD, _said_to_the_presenter),
    Rule("just-do-it", ADVICE, _rx(r"\bjust ([a-z]+)\b"),
         "‘{span}’ makes an action sound easy and obvious.", "Try ‘What makes this hard?’",
         _names_an_action),
    Rule("is-it-an-option", ADVICE,
         _rx(r"\bis (?:\w+ ){1,4}(?:an|one) option\b|\bwould (?:\w+ ){1,4}be an option\b|"
             r"\bis there (?:an|the) option (?:of|to)\b"),
         "‘{span}’ proposes an answer.", TRY_OPTIONS),
    Rule("how-would-you-feel-about", ADVICE,
         _rx(rf"\bhow would you feel about (?:just |simply )?{_GERUND}"),
         "‘{span}’ proposes an action.", TRY_OPTIONS),
    Rule("would-you-consider", ADVICE,
         _rx(r"\b(?:would|could|will|can) you (?:not )?(?:consider|be (?:willing|open|prepared|"
             r"happy) to|think about|look at|look into)\b"),
         "‘{span}…’ proposes an action.", TRY_OPTIONS, _not_asked_about),
    Rule("whats-stopping-you-from", LEADING,
         _rx(rf"\bwhat(?:'?s| is) (?:stopping|preventing|holding) you (?:back )?from "
             rf"(?:just |simply )?{_GERUND}"),
         "‘{span}’ assumes that is the right move.", "Try ‘What's stopping you?’ on its own."),
    Rule("dont-you-think", LEADING,
         _rx(r"\b(?:don'?t|do not) you (?:think|feel|agree|reckon|believe|see)\b|\bdo you not "
             r"(?:think|feel|agree|see)\b"),
         "‘{span}…’ suggests the answer you expect.", "Try ‘What do you think…?’"),
    Rule("surely", LEADING, _rx(r"\bsurely\b"),
         "‘Surely…’ signals the answer you expect.", TRY_VIEW),
    Rule("tag-question", LEADING,
         _rx(r",\s*(?:(?:is|are|was|were|do|does|did|have|has|had|would|could|should|can|will)"
             r"(?:n'?t)?|won'?t|can'?t) (?:it|he|she|they|you|we|there|that|i)\s*\?[\s\"')]*$|"
             r",\s*(?:right|yes|no|yeah|surely|eh|correct|true)\s*\?[\s\"')]*$"),
         "A tag like ‘{span}’ asks for agreement.", TRY_VIEW),
    Rule("hypothesis", LEADING,
         _rx(r"\b(?:is it (?:not )?possible that|could it be (?:that|because)|might it be (?:that|"
             r"because)|can it be that|is it not the case|isn'?t it (?:the case|true|obvious|"
             r"clear))\b"),
         "‘{span}…’ offers your interpretation.", "Try ‘What else might be going on?’"),
    Rule("are-you-sure", LEADING,
         _rx(r"\bare you (?:really |absolutely |completely |quite )?(?:sure|certain|convinced)\b"),
         "‘{span}…’ signals doubt.", "Try ‘How sure are you?’"),
    Rule("would-you-agree", LEADING,
         _rx(r"\b(?:would(?:n'?t)?|do(?:n'?t)?) you (?:not )?agree\b|\bwho better\b|"
             r"\bwouldn'?t you (?:rather|prefer)\b"),
         "‘{span}…’ asks for agreement.", TRY_VIEW),
)  # fmt: skip

START: tuple[Rule, ...] = (
    # Before the negative and "should" questions: "Could you not simply refuse?" and "Should
    # you not be escalating this?" propose an action more than they presume an answer.
    Rule("could-you-do", ADVICE,
         _rx(r"(?:could|can|would|should)(?:n'?t)? you (?:not )?(?:just |simply |maybe |perhaps |"
             r"possibly |please |also )?(?:not )?(?:be )?([a-z]+)\b(?=(?:\s+([a-z']+))?)"),
         "‘{span}’ suggests an action.", TRY_COULD, _suggests_an_action),
    Rule("negative-question", LEADING,
         _rx(rf"(?:{NEGATED_AUXILIARIES})\s+(?=(?:{_SUBJ})\b)|(?:{AUXILIARIES}) (?:{_SUBJ})"
             r" not\b"),
         "A question that opens with ‘{span}…’ suggests the answer.", TRY_VIEW),
    Rule("should-question", LEADING, _rx(rf"should (?!i\b)(?:{_SUBJ})\b"),
         "‘{span}…’ asks what ought to happen.",
         "Try ‘What do you think needs to happen?’"),
    Rule("really-question", LEADING, _rx(rf"(?:{AUXILIARIES}) (?:\w+ ){{1,3}}?really\b"),
         "‘{span}’ signals doubt.", TRY_VIEW),
    Rule("imperative", ADVICE,
         _rx(r"((?:don'?t|do not|never) )?([a-z]+)\b(?=(?:\s+([a-z']+))?)"),
         "‘{span}…’ reads as an instruction.", TRY_COULD, _is_an_instruction),
    Rule("invitation", OPEN,
         _rx(r"(?:tell (?:me|us)|say (?:a (?:bit|little) |some(?:thing)? )?more|talk (?:me|us) "
             r"through|walk (?:me|us) through|help (?:me|us) (?:to )?(?:understand|see|get)|"
             r"give (?:me|us) (?:an|some) examples?|describe|explain|imagine|picture|remind "
             r"(?:me|us)|i'?d (?:love|like) to (?:hear|know|understand|learn)|i(?:'?d| would) be "
             r"(?:interested|curious|keen) to (?:hear|know|understand|learn)|(?:i'?m|i am) "
             r"(?:really )?(?:curious|interested) (?:about|to (?:hear|know|understand))|"
             r"(?:could|can|would|will) you (?:please )?(?:say (?:a bit |a little |some |"
             r"something )?more|say (?:what|how|why)|tell (?:me|us)|explain|describe|share|"
             r"expand|clarify|elaborate|unpack|talk (?:me|us) through|walk (?:me|us) through|"
             r"give (?:me|us)|help (?:me|us)|remind (?:me|us)))\b"),
         "‘{span}…’ invites the presenter to say more."),
    Rule("question-word", OPEN,
         _rx(rf"(?:(?:in|to|for|from|with|by|at|on|of|about) )?{WH_WORDS}\b"),
         "‘{span}…’ opens an open question.", guard=_asks_with_a_question_word),
    Rule("whether", CLOSED, _rx(r"whether\b"), "‘{span}…’ asks a yes-or-no question."),
    Rule("auxiliary", CLOSED, _rx(rf"(?:{AUXILIARIES})\b(?=(?:\s+([a-z']+))?)"),
         "‘{span}…’ opens a closed question.", guard=_inverted),
)  # fmt: skip

# Read only when no clause opens like a question: punctuation-free and embedded questions.
QUESTION_ANYWHERE: tuple[Rule, ...] = (
    Rule("question-word", OPEN,
         _rx(rf"\b{WH_WORDS}\b(?: [a-z']+){{0,2}} (?:do|does|did|is|are|was|were|would|could|"
             r"will|can|should|might|has|have)\s(?:you|i|we|they|he|she|it|the|your|this|that|"
             r"there)\b"),
         "‘{span}’ asks an open question.", guard=_inverted_after_question_word),
    Rule("whether", CLOSED,
         _rx(r"\bi (?:was |'?m )?wonder(?:ing)? (?:if|whether)\b|\b(?:can|could|may) i ask "
             r"(?:if|whether)\b"),
         "‘{span}…’ asks a yes-or-no question."),
    Rule("question-mark", CLOSED, _rx(r"\?[\s\"')]*$"), "It ends with a question mark."),
)  # fmt: skip

_FEELING = (
    r"hard|tough|difficult|exhausting|exhausted|frustrating|frustrated|lonely|isolating|painful|"
    r"brutal|horrible|awful|stressful|draining|overwhelming|rough|upsetting|grim|scary|unfair|"
    r"shock|sting|heavy|a lot|horrid|miserable|demoralising|demoralizing|bruising|nightmare"
)

OTHER: tuple[Rule, ...] = (
    Rule("empathy", EMPATHY,
         _rx(rf"\b(?:sounds|must (?:be|have been)|seems|feels)\b.{{0,30}}\b(?:{_FEELING})\b|"
             r"\bi (?:can|could) (?:hear|see|imagine|sense|feel)\b|\bi'?m (?:so |really |very )?"
             r"sorry\b|\bthank(?:s| you) for\b|\bi (?:really )?feel for you\b|\bno wonder\b|"
             r"\bi hear you\b|\bwhat a (?:\w+ ){0,2}(?:" + _FEELING + r"|year|week|time)\b|"
             r"\b(?:that'?s|it'?s|this is|that is) (?:a |an )?(?:[a-z]+ ){0,2}(?:"
             + _FEELING + r")\b|"
             r"\bunderstandable\b|\btook (?:real )?courage\b|\bbeen carrying\b|\bi(?:'?d| would) "
             r"(?:feel|be) (?:exactly )?the same\b"),
         "‘{span}…’ acknowledges how it feels."),
    Rule("summary", SUMMARY,
         _rx(r"\bwhat i'?m (?:hearing|picking up)\b|\bwhat i heard\b|\bif i(?:'ve| have)? "
             r"understood\b|\bif i understand\b|\blet me (?:check|play back|reflect back|"
             r"summari[sz]e|see if)\b|\bto summari[sz]e\b|\bin summary\b|\bso you(?:'?re| are) "
             r"saying\b|\bit sounds (?:like|as if|as though) (?:you|the|your|there)\b|\bso the "
             r"(?:key|main|real|core|big) (?:issue|question|problem|tension|thing)\b|\bso on "
             r"(?:the )?one hand\b|^so (?:the|your|you'?re|youre|you are|it'?s|its|there'?s)\b"),
         "‘{span}…’ plays back what you heard."),
    Rule("observation", OBSERVATION,
         _rx(r"\bi (?:noticed|notice|observed|was struck|sense)\b|\bi'?m (?:struck|noticing|"
             r"sensing)\b|\byou (?:went|go|went very) quiet\b|\byou (?:smiled|laughed|paused|"
             r"sighed|frowned)\b|\byou(?:'ve)? (?:said|mentioned|used)\b.*\b(?:times|twice|"
             r"again)\b|\byou mentioned\b|\bthe silence\b|\bthere'?s a lot of energy\b|\bwhat "
             r"strikes me\b|\bi get a sense\b"),
         "‘{span}…’ is an observation."),
)  # fmt: skip
