"""Word lists the rules read. British and American spellings both appear."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Base-form verbs that, opening a clause with no subject, make it an instruction ("Talk to HR",
# "Delegate it"), and that after "Could you / Can you / Would you" make it a suggestion.
ACTION_VERBS = _words(
    """
    accept acknowledge address adjust agree align allow announce apologise apologize appoint
    approach argue arrange ask assign automate avoid block book brief bring build bundle buy
    call cancel carve celebrate challenge change check choose clarify clear coach collect
    combine commission commit communicate compromise confront consider consult contact copy
    cover create cut debrief decide delay delegate demand deprioritise deprioritize design
    document drop email empower encourage engage enlist escalate explore extend fight find
    finish fire fix flag focus follow forget frame gather get give go hand handle help hire hold
    ignore implement include inform insist introduce invest invite involve keep leave let limit
    list listen lobby look loop make manage map measure meet mentor merge message move negotiate
    nominate offer open organise organize outsource own pair park pause phone pick pilot pitch
    plan play postpone practise practice praise prepare present press prioritise prioritize
    promise promote propose protect pull push put quit raise reach read recruit reduce reframe
    refuse rehearse reject remember remind reorganise reorganize replace report request
    reschedule resign restructure rethink return review revisit ring rotate run say schedule
    send set share show simplify sit sleep slow sort speak split stand start step stick stop
    streamline suggest support swap switch take talk tell test text think treat trial trust try
    turn use visit wait walk watch write
    """
)

# After "Could you / Can you / Would you" these ask for information or a view, not an action:
# "Could you say more…", "Can you see a way through?", "Could you live with that?".
ASKING_VERBS = _words(
    """
    say tell explain describe share expand clarify elaborate unpack remind give walk talk help
    see imagine picture envisage envision live think recall remember identify name put estimate
    rate summarise summarize feel be have do cope accept afford want like prefer choose
    """
)

# A verb-looking first word followed by one of these is a noun subject ("Change is hard",
# "Trust seems to be…", "Support from HR…"), not an instruction.
NOUN_FOLLOWERS = _words(
    """
    is was are were has had have seems seemed sounds sounded looks looked feels felt matters
    mattered will would can could might may must should from of and or b 's s isn't wasn't
    """
)

# Words that make the next word the subject of an inverted question ("Is the budget fixed").
SUBJECTS = _words(
    """
    i you we they he she it the your this that these those there any anyone anybody anything
    someone somebody something everyone everybody everything people his her their our my its
    all each both either neither other others more most
    """
)

PRONOUNS = _words(
    "i you we they he she it i'm im you're youre we're they're he's she's it's its i'd you'd "
    "i've you've"
)

# Before "you should / you could …", these make it part of a question or a relative clause
# ("Is there anything you could delegate?", "What would you need to…"), not advice.
NOT_ADVICE_BEFORE_YOU = _words(
    """
    anything something everything anyone someone anybody somebody nothing nobody all much one
    ones way ways thing
    things else what who whom which how where when whether if than as people person place time
    times whatever whoever however wherever whenever do does did would could will can should
    might may must are were is was have has had shall
    """
)

AUXILIARIES = (
    "is|are|am|was|were|do|does|did|have|has|had|can|could|will|would|shall|should|may|might|must"
)
NEGATED_AUXILIARIES = (
    r"(?:is|are|was|were|do|does|did|have|has|had|could|would|should|must|need)n'?t"
    r"|won'?t|can'?t|cannot|shan'?t|ain'?t"
)
WH_WORDS = r"(?:what|how|why|who|where|when|which|whose|whom)(?:'?s|'?re|'?d|'?ll|'?ve)?"

# Words ending in -ing that are not verb forms, for "what about X-ing".
NOT_GERUNDS = _words(
    "thing things something anything everything nothing morning evening during ceiling ring "
    "king sibling spring string bring wing sing"
)
