"""A catalogue of systemic patterns that action learning sets in organisations often raise.

It guides the clustering as a prior (see cluster.py): each statement is also described by how
close it comes to each pattern, which pulls together statements that say the same thing in
different words. It names no theme to the sponsor and fixes no number of themes: patterns no
statement comes near play no part, and statements near none are still clustered by the data
alone. The phrasings are generic on purpose; edit with care and re-run bench/themes.py.
"""

PATTERNS: dict[str, tuple[str, ...]] = {
    "workload and staffing": (
        "too much work for too few people",
        "vacancies are not filled and staff cover the gaps",
        "the team is understaffed and everyone covers extra shifts",
        "posts are frozen so the remaining people carry the load",
    ),
    "meetings": (
        "too many meetings fill the working day",
        "time lost in calls and recurring gatherings",
        "the diary is full of back-to-back sessions",
        "people attend gatherings instead of doing their work",
    ),
    "decisions reversed": (
        "decisions are reversed or reopened by more senior people",
        "agreements do not stick and are revisited again",
        "each level of management overrules what was agreed below",
        "nothing is ever final because it gets reconsidered higher up",
    ),
    "accountability": (
        "nobody owns the problem or is responsible",
        "roles and responsibilities are unclear",
        "it is never clear who decides or who is answerable",
        "tasks fall between teams because no one owns them",
    ),
    "communication from leadership": (
        "news and reasons from leadership do not reach staff",
        "people hear about changes late or through rumours",
        "staff are not told why things change",
        "messages get lost on the way down the hierarchy",
    ),
    "silos between teams": (
        "departments work in silos and do not cooperate",
        "teams protect their own territory",
        "each department guards its own patch",
        "teams do not share what they know with each other",
    ),
    "sites and locations": (
        "friction between different sites, offices and locations",
        "the other location is treated as a rival",
        "the branches and campuses distrust each other",
        "work between two buildings or towns causes conflict",
    ),
    "IT systems and data": (
        "computer systems and databases do not connect",
        "data is duplicated and retyped between tools",
        "the same information is typed into several systems",
        "software platforms do not share data",
    ),
    "constant change": (
        "too many reorganisations and initiatives",
        "people are tired of constant change",
        "restructure after restructure wears people out",
        "a new programme arrives before the last one has settled",
    ),
    "short-term targets": (
        "short-term targets and budgets beat long-term investment",
        "the numbers this quarter matter more than the future",
        "long-term fixes are never funded",
        "results for the next report drive every choice",
    ),
    "middle managers": (
        "middle managers caught between senior leaders and their teams",
        "line managers carry pressure from above and below",
        "supervisors must defend choices they had no part in",
        "the management layer in the middle is squeezed",
    ),
    "recognition": (
        "good work is not recognised or thanked",
        "staff feel undervalued and invisible",
        "nobody says thank you for extra effort",
        "achievements go unnoticed by senior people",
    ),
    "blame and fear": (
        "people are afraid to speak up or admit mistakes",
        "a culture of blame and punishment",
        "staff hide errors to avoid punishment",
        "raising a concern is risky for your career",
    ),
    "learning and development": (
        "no time or money for training and career development",
        "people cannot learn or grow in their roles",
        "training budgets are the first to be cut",
        "there is no coaching, mentoring or career path",
    ),
    "bureaucracy and purchasing": (
        "buying anything needs slow approvals and paperwork",
        "red tape and forms slow simple tasks",
        "ordering supplies takes weeks of sign-offs",
        "procurement rules delay small purchases",
    ),
    "workspace": (
        "not enough desks, rooms or space in the office",
        "the building is crowded and has nowhere quiet",
        "hot-desking means hunting for a seat",
        "there are no private rooms for conversations",
    ),
    "appraisal": (
        "performance reviews are a box-ticking exercise",
        "annual appraisals change nothing",
        "objectives and ratings are copied from year to year",
        "the annual review is paperwork nobody reads",
    ),
    "pay and reward": (
        "pay is low or unfair compared with the work",
        "salaries and bonuses do not match effort",
        "wages have not kept up with the cost of living",
        "people doing the same job are paid differently",
    ),
    "wellbeing and burnout": (
        "staff are exhausted, stressed and burning out",
        "sickness absence rises under pressure",
        "people are worn out and off sick with stress",
        "nobody has time to rest or recover",
    ),
    "remote and hybrid work": (
        "working from home leaves people disconnected",
        "hybrid teams struggle to work together",
        "colleagues at home are left out of conversations",
        "video calls replace real contact between colleagues",
    ),
    "customer and patient voice": (
        "the voice of customers or patients is ignored",
        "service users are not listened to",
        "complaints from customers are not acted on",
        "nobody asks the people we serve what they need",
    ),
    "innovation blocked": (
        "new ideas are blocked or ignored",
        "experimenting is discouraged",
        "good suggestions from staff go nowhere",
        "trying something new is not allowed",
    ),
    "hierarchy and distance": (
        "leaders are distant and unseen by staff",
        "a rigid hierarchy separates the top from the front line",
        "senior leaders never visit the front line",
        "executives are out of touch with daily work",
    ),
    "favouritism and politics": (
        "promotion depends on favouritism and office politics",
        "who you know matters more than what you do",
        "the same favourites get the opportunities",
        "decisions follow politics rather than merit",
    ),
    "metrics and reporting burden": (
        "reporting and measuring take time from the real work",
        "targets are gamed to look good",
        "we spend hours filling in reports and dashboards",
        "figures are massaged to hit the target",
    ),
    "unclear strategy": (
        "nobody knows what the organisation's strategy or priorities are",
        "priorities conflict and keep shifting",
        "there is no clear direction from the top",
        "every team has different priorities",
    ),
    "onboarding": (
        "new starters receive no induction or support",
        "newcomers are left to work things out alone",
        "new staff start without training or a proper welcome",
        "newcomers have no equipment or guidance in their first weeks",
    ),
    "professional tensions": (
        "tension between professions or grades",
        "doctors and nurses or engineers and sales do not respect each other",
        "one profession looks down on another",
        "grades and disciplines do not work as one team",
    ),
    "inclusion": (
        "some groups are excluded or treated unfairly",
        "diversity is talked about but not practised",
        "some colleagues are treated unfairly because of who they are",
        "minority groups are not heard",
    ),
    "outsourcing and contractors": (
        "contractors and outsourced services cause problems",
        "external suppliers do not deliver",
        "the outsourced provider lets us down",
        "agency and contract workers are poorly integrated",
    ),
    "safety": (
        "health and safety risks are ignored",
        "unsafe conditions are tolerated",
        "near misses are not reported or acted on",
        "equipment is unsafe and repairs are ignored",
    ),
    "duplication": (
        "the same work is done twice by different teams",
        "effort is duplicated across the organisation",
        "two teams produce the same report",
        "work is repeated because nobody coordinates",
    ),
}
