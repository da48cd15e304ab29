"""The demo organisation: Northwind Health, a running programme (with a fading plan and each
set's rota of facilitator and timekeeper) and a draft one.

`palg demo` loads it once; every demo account signs in with DEMO_PASSWORD. Everything comes from
a fixed seed, so every install shows the same people, sets and meetings; only the dates move, so
that the running programme is always a few weeks old.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from palg.access import Actor
from palg.accounts.models import User
from palg.live import bidding, contract, experiments, review
from palg.live import services as live_services
from palg.live.models import (
    Bid,
    CardEntry,
    ContractAcceptance,
    ExperimentCard,
    LiveSession,
    Presence,
    PulseAnswer,
)
from palg.people.models import Conflict, Organisation, Person
from palg.programmes.models import (
    Attendance,
    FacilitationModel,
    FadingPlan,
    Group,
    Meeting,
    MeetingRecord,
    Membership,
    Programme,
    ProgrammeRole,
    Round,
    SessionTemplate,
)
from palg.programmes.services import rota_fill
from palg.scheduling import series
from palg.scheduling.selectors import closures_for

DEMO_PASSWORD = "palg-demo-2026"
DEMO_ORGANISATION = "Northwind Health"
DEMO_SLUG = "northwind"
DEMO_DOMAIN = "northwind.example"
SEED = 2026

SITES = ("Leeds", "Manchester", "London", "Bristol", "Glasgow")
SITE_WEIGHTS = (30, 20, 20, 15, 15)
WEEKDAY_SLOTS = tuple(
    f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri") for part in ("am", "pm")
)

# (function, director's title) -> department -> the teams of its two senior managers.
ORG_CHART = {
    ("Finance", "Director of Finance"): {
        "Financial Planning": ("Budgeting", "Business Partnering"),
        "Procurement": ("Strategic Sourcing", "Contracts"),
        "Financial Accounting": ("Payables", "Financial Reporting"),
    },
    ("Operations", "Chief Operating Officer"): {
        "Patient Flow": ("Bed Management", "Discharge"),
        "Outpatients": ("Booking", "Clinic Operations"),
        "Supply Chain": ("Logistics", "Inventory"),
    },
    ("Clinical Services", "Medical Director"): {
        "Surgery": ("Theatres", "Elective Care"),
        "Emergency Care": ("Urgent Treatment", "Ambulance Liaison"),
        "Community Care": ("District Nursing", "Therapies"),
    },
    ("Digital", "Chief Digital Officer"): {
        "Digital Services": ("Service Desk", "Clinical Systems"),
        "Data & Analytics": ("Business Intelligence", "Data Engineering"),
        "Cyber Security": ("Security Operations", "Risk & Assurance"),
    },
    ("People", "Chief People Officer"): {
        "Learning & Development": ("Leadership Development", "Organisational Development"),
        "People Partnering": ("Clinical Divisions", "Corporate Services"),
        "People Systems": ("HR Systems", "Workforce Information"),
    },
    ("Estates", "Director of Estates"): {
        "Facilities": ("Hard FM", "Soft FM"),
        "Capital Projects": ("Design", "Delivery"),
        "Sustainability": ("Energy", "Green Travel"),
    },
    ("Strategy", "Director of Strategy"): {
        "Strategic Planning": ("Business Planning", "Insight"),
        "Partnerships": ("System Partnerships", "Research Partnerships"),
        "Transformation": ("Improvement", "Programme Office"),
    },
    ("Legal", "General Counsel"): {
        "Legal Services": ("Litigation", "Commercial Law"),
        "Governance": ("Board Secretariat", "Policy"),
        "Information Governance": ("Records", "Data Protection"),
    },
}

# The people behind the demo accounts (and a few executives) have fixed names and sites.
FIXED_PEOPLE = {
    "ceo": ("Helen Okafor", "Female", "Leeds"),
    "dir:Operations": ("Marcus Reid", "Male", "Leeds"),
    "dir:People": ("Siobhan Gallagher", "Female", "Manchester"),
    "head:Learning & Development": ("Rachel Moss", "Female", "Leeds"),
    "head:People Systems": ("Grace Adeyemi", "Female", "Leeds"),
    "sm:Leadership Development": ("Imran Hussain", "Male", "Leeds"),
    "head:Data & Analytics": ("Chloe Bennett", "Female", "Manchester"),
    "sm:Budgeting": ("Daniel Kowalski", "Male", "London"),
}
ADMIN, LEAD, SPONSOR = "head:People Systems", "head:Learning & Development", "dir:Operations"
FACILITATORS = (
    "sm:Leadership Development",
    "sm:Organisational Development",
    "sm:Clinical Divisions",
    "sm:Corporate Services",
    "sm:Improvement",
)
# Sets are named after the rivers of Northwind's sites; the size of each is the second item.
SETS = (("Aire", 6), ("Irwell", 6), ("Thames", 7), ("Avon", 5), ("Clyde", 6))
PARTICIPANT, OTHER_PARTICIPANT = "head:Data & Analytics", "sm:Budgeting"
PINNED = {PARTICIPANT: 0, OTHER_PARTICIPANT: 2}  # seat -> index of its set in SETS


def _email(name: str) -> str:
    local = name.lower().replace(" ", ".").replace("'", "")
    return f"{local}@{DEMO_DOMAIN}"


ACCOUNTS = (
    ("Organisation admin", ADMIN),
    ("Programme lead", LEAD),
    ("Facilitator", FACILITATORS[0]),
    ("Participant", PARTICIPANT),
    ("Second participant", OTHER_PARTICIPANT),
    ("Sponsor", SPONSOR),
)

# fmt: off
FIRST_NAMES = {
    "Female": (
        "Amelia", "Aisha", "Bethan", "Catriona", "Deborah", "Eilidh", "Fatima", "Georgia",
        "Hannah", "Ifeoma", "Jasmine", "Katie", "Laura", "Mei", "Niamh", "Olivia", "Parveen",
        "Rebecca", "Sarah", "Tamsin", "Una", "Victoria", "Yasmin", "Zara", "Joanne", "Lucy",
        "Anita", "Claire", "Gemma", "Harriet",
    ),
    "Male": (
        "Adam", "Ben", "Callum", "David", "Ewan", "Farhan", "Gareth", "Hamish", "Ibrahim",
        "James", "Kwame", "Liam", "Mohammed", "Neil", "Oliver", "Paul", "Rajesh", "Stuart",
        "Thomas", "Usman", "Wei", "Aaron", "Craig", "Owen", "Rhys", "Simon",
    ),
    "Non-binary": ("Alex", "Jordan", "Robin", "Sam"),
}
SURNAMES = (
    "Ahmed", "Anderson", "Begum", "Bell", "Brown", "Campbell", "Chen", "Clarke", "Davies",
    "Edwards", "Evans", "Fraser", "Graham", "Green", "Hall", "Harris", "Hughes", "Iqbal",
    "Jackson", "Jones", "Kaur", "Khan", "Lewis", "Macdonald", "Martin", "Mensah", "Mitchell",
    "Morgan", "Murray", "Nowak", "O'Brien", "Owusu", "Patel", "Phillips", "Robertson", "Roberts",
    "Scott", "Shah", "Singh", "Smith", "Stewart", "Taylor", "Thomson", "Walker", "Watson", "White",
    "Williams", "Wilson", "Wong", "Wright", "Young",
)
LANGUAGES = (
    "Urdu", "Punjabi", "Polish", "Welsh", "Gaelic", "French", "Spanish", "Gujarati", "Cantonese",
    "Arabic", "Yoruba", "Portuguese",
)
# fmt: on
ISSUES = (
    "getting two teams with different targets to share one discharge process",
    "leading a restructure without losing the people I most need",
    "a board paper that keeps being deferred",
    "making a budget cut without it landing on the front line",
    "being new in post and inheriting a long-running dispute",
    "getting clinicians to own a digital change rather than tolerate it",
    "a partner organisation that agrees in meetings and does nothing afterwards",
    "my own habit of rescuing the team when deadlines slip",
    "speaking up in executive meetings where I am the most junior person",
    "keeping a hybrid team connected across three sites",
)
ACTIONS = (
    "ask the team what they would stop doing",
    "have the conversation I have been putting off",
    "map who actually decides, not who should",
    "try one meeting without offering my own solution",
    "test the idea with two ward managers before the next board",
    "write down what I will not compromise on",
)


@dataclass(frozen=True)
class Seat:
    """A position in the org chart, filled by one demo person."""

    key: str
    title: str
    function: str
    department: str
    seniority: str
    manager: str | None
    team: str = ""


def demo_accounts() -> list[tuple[str, str]]:
    """(role, email) for every demo account, in the order they are shown."""
    return [(role, _email(_fixed_name(seat))) for role, seat in ACCOUNTS]


def demo_load() -> bool:
    """Create the demo organisation unless it exists; True if it was created now."""
    if Organisation.objects.filter(slug=DEMO_SLUG).exists():
        return False
    with transaction.atomic():
        _build(random.Random(SEED), timezone.now())
    return True


def _fixed_name(seat: str) -> str:
    return FIXED_PEOPLE[seat][0]


# The org chart ---------------------------------------------------------------------------------


def _seats() -> list[Seat]:
    """CEO, then directors, heads and senior managers: a manager always comes before reports."""
    ceo = Seat("ceo", "Chief Executive", "Executive", "Executive Office", "Executive", None)
    directors, heads, managers = [], [], []
    for (function, director_title), departments in ORG_CHART.items():
        director = Seat(f"dir:{function}", director_title, function, function, "Director", "ceo")
        directors.append(director)
        for department, teams in departments.items():
            key, title = f"head:{department}", f"Head of {department}"
            heads.append(Seat(key, title, function, department, "Head of service", director.key))
            for team in teams:
                key, title = f"sm:{team}", f"Senior Manager, {team}"
                managers.append(
                    Seat(key, title, function, department, "Senior manager", heads[-1].key, team)
                )
    return [ceo, *directors, *heads, *managers]


def _random_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    while True:
        gender = rng.choices(("Female", "Male", "Non-binary"), weights=(52, 45, 3))[0]
        name = f"{rng.choice(FIRST_NAMES[gender])} {rng.choice(SURNAMES)}"
        if name not in taken:
            return name, gender


def _attributes(rng: random.Random, title: str) -> dict:
    languages = ["English"]
    if rng.random() < 0.3:
        languages.append(rng.choice(LANGUAGES))
    pattern = rng.choices(("Full time", "Part time", "Compressed hours"), weights=(8, 1, 1))[0]
    return {"job_title": title, "languages": "; ".join(languages), "working_pattern": pattern}


def _tenure(rng: random.Random, seniority: str) -> Decimal:
    low, high = {"Executive": (3, 9), "Director": (2, 18)}.get(seniority, (0.5, 24))
    return Decimal(str(round(rng.uniform(low, high), 1)))


def _site(rng: random.Random, seat: Seat, placed: dict[str, Person]) -> str:
    # Most senior managers sit where their head of service sits.
    if seat.seniority == "Senior manager" and rng.random() < 0.6:
        return placed[seat.manager].location
    return rng.choices(SITES, weights=SITE_WEIGHTS)[0]


def _person(rng: random.Random, seat: Seat, placed: dict[str, Person], taken: set[str]) -> Person:
    """An unsaved Person for a seat; fixed people keep their names, the rest are drawn."""
    if seat.key in FIXED_PEOPLE:
        name, gender, site = FIXED_PEOPLE[seat.key]
    else:
        name, gender = _random_name(rng, taken)
        taken.add(name)
        site = _site(rng, seat, placed)
    slots = rng.sample(WEEKDAY_SLOTS, rng.randint(4, 7))
    return Person(
        name=name,
        email=_email(name),
        manager=placed[seat.manager] if seat.manager else None,
        team=seat.team or seat.department,
        function=seat.function,
        department=seat.department,
        location=site,
        seniority=seat.seniority,
        gender=gender,
        tenure_years=_tenure(rng, seat.seniority),
        availability=sorted(slots, key=WEEKDAY_SLOTS.index),
        attributes=_attributes(rng, seat.title),
    )


def _people(rng: random.Random, org: Organisation) -> dict[str, Person]:
    """Create everyone, level by level so that each manager exists before their reports."""
    placed: dict[str, Person] = {}
    taken = {name for name, _, _ in FIXED_PEOPLE.values()}
    seats = _seats()
    for seniority in ("Executive", "Director", "Head of service", "Senior manager"):
        level = {s.key: _person(rng, s, placed, taken) for s in seats if s.seniority == seniority}
        for number, person in enumerate(level.values(), start=1001 + len(placed)):
            person.organisation = org
            person.external_id = f"NW{number}"
        Person.objects.bulk_create(level.values())
        placed.update(level)
    return placed


# Sets ------------------------------------------------------------------------------------------


def _related(a: Person, b: Person) -> bool:
    return a.manager_id == b.pk or b.manager_id == a.pk


def _form_sets(rng: random.Random, people: dict[str, Person]) -> list[list[Person]]:
    """Diverse sets: each candidate joins the open set where their function and site are rarest,
    never a set holding their line manager or a direct report (facilitator included)."""
    staff = {ADMIN, LEAD, SPONSOR, *FACILITATORS}
    candidates = [
        key
        for key, person in people.items()
        if key.startswith(("head:", "sm:")) and person.function != "People" and key not in staff
    ]
    rng.shuffle(candidates)
    members: list[list[Person]] = [[] for _ in SETS]
    for key, index in PINNED.items():
        members[index].append(people[key])
    for key in (k for k in candidates if k not in PINNED):
        person = people[key]
        open_sets = [
            i
            for i, (_, size) in enumerate(SETS)
            if len(members[i]) < size
            and not any(_related(person, other) for other in [*members[i], people[FACILITATORS[i]]])
        ]
        if not open_sets:
            continue
        best = min(
            open_sets,
            key=lambda i: (
                sum(m.function == person.function for m in members[i]),
                sum(m.location == person.location for m in members[i]),
                len(members[i]),
            ),
        )
        members[best].append(person)
    return members


def _set_slot(members: list[Person]) -> str:
    """The weekday slot that most of the set has free (earliest on a tie)."""
    counts = Counter(slot for person in members for slot in person.availability)
    return max(WEEKDAY_SLOTS, key=lambda slot: (counts[slot], -WEEKDAY_SLOTS.index(slot)))


def _meeting_starts(programme: Programme, slot: str) -> list[datetime]:
    """The set's series as the schedule proposal plans it: every `cadence_weeks` on the slot's
    weekday, a meeting that would fall in a blackout (the Christmas closure) moved past it, so
    that no demo meeting is ever on a closed day, whatever day the demo is loaded."""
    day, part = slot.split("-")
    planned = series.plan(
        start=programme.start_date,
        weekday=("mon", "tue", "wed", "thu", "fri").index(day),
        at=time(9, 30) if part == "am" else time(13, 30),
        cadence_weeks=programme.cadence_weeks,
        count=programme.meeting_count,
        minutes=programme.meeting_minutes,
        zone=ZoneInfo(programme.time_zone),
        closures=closures_for(programme=programme),
    )
    return [meeting.starts_at for meeting in planned]


def _record_text(rng: random.Random, presenters: list[Person], number: int) -> str:
    lines = [
        f"Meeting {number}. Check-in round; "
        f"{' and '.join(p.name.split()[0] for p in presenters)} bid for airtime and presented."
    ]
    for person in presenters:
        lines.append(f"{person.name}: {_issue(rng)}. Action before we next meet: {_action(rng)}.")
    lines.append("Process review: fewer advice-shaped questions than last time.")
    return "\n".join(lines)


def _meetings(
    rng: random.Random,
    group: Group,
    members: list[Person],
    facilitator: Person,
    programme: Programme,
    now: datetime,
) -> None:
    """The set's whole series: past meetings held through the live session (bids, presenters,
    experiment cards and the report-back on them, the contract, the pulse), with attendance
    and the set's record."""
    host = Counter(person.location for person in members).most_common(1)[0][0]
    starts = _meeting_starts(programme, _set_slot(members))
    for number, starts_at in enumerate(starts, start=1):
        held = starts_at + timedelta(minutes=programme.meeting_minutes) < now
        meeting = Meeting.objects.create(
            group=group,
            starts_at=starts_at,
            duration_minutes=programme.meeting_minutes,
            location=f"{host} office" if number % 2 else "Video call",
        )
        if not held:
            continue
        statuses = rng.choices(Attendance.Status.values, weights=(88, 8, 4), k=len(members))
        present = [
            person
            for person, status in zip(members, statuses, strict=True)
            if status == Attendance.Status.PRESENT
        ]
        if group.name in LIVE_SETS and present:
            presenters = _hold(rng, meeting, facilitator, present)
        else:
            pool = present if len(present) >= DEMO_PRESENTERS else members
            presenters = rng.sample(pool, DEMO_PRESENTERS)
            _experiments_on_record(meeting, presenters, present)
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, person=person, status=status)
            for person, status in zip(members, statuses, strict=True)
        )
        MeetingRecord.objects.create(
            meeting=meeting, text=_record_text(rng, presenters, number), updated_by=facilitator
        )


# Held meetings, run through the live session's own services -----------------------------------

DEMO_PRESENTERS = 2  # per held meeting, when the template allows as many
# The sets whose held meetings run through the live session: the set the demo's participant and
# facilitator accounts belong to. Each held session is some 200 queries of the real services,
# so the other sets keep only their record, to keep `palg demo` quick to load.
LIVE_SETS = (SETS[PINNED[PARTICIPANT]][0],)
SESSION_STEP = timedelta(minutes=15)  # between the backdated phases of a held session


def _issue(rng: random.Random) -> str:
    return rng.choice(ISSUES)


def _action(rng: random.Random) -> str:
    return rng.choice(ACTIONS)


def _actor(person: Person) -> Actor:
    """Who acts for a demo person: their account if they have one; otherwise the person alone
    (the demo's other people never sign in, but act in their sets all the same)."""
    user = User.objects.filter(person=person).first()
    if user is not None:
        return Actor.from_user(user)
    return Actor(
        user_id=0, person_id=person.pk, organisation_id=person.organisation_id, is_org_admin=False
    )


def _press(facilitator: Actor, meeting: Meeting, action: str) -> LiveSession:
    session = LiveSession.objects.get(meeting=meeting)
    # The session is replayed on its meeting's own day, which is when it may start.
    return live_services.session_control(
        actor=facilitator,
        meeting_id=meeting.pk,
        action=action,
        version=session.version,
        now=meeting.starts_at,
    )


def _hold(
    rng: random.Random, meeting: Meeting, facilitator: Person, present: list[Person]
) -> list[Person]:
    """Run the meeting's live session as the set would: the present members accept the
    contract and bid, the facilitator starts and the set picks those owed airtime, each
    presenter commits to an experiment card, members report back on their cards from earlier
    meetings and answer the pulse; then the session ends. Returns today's presenters. The
    services stamp everything with the load time, so the session is moved back to the meeting's
    own date afterwards (`_backdate`)."""
    driver = _actor(facilitator)
    actors = {person.pk: _actor(person) for person in present}
    live_services.session_prepare(actor=driver, meeting_id=meeting.pk)
    accepted = set(
        ContractAcceptance.objects.filter(contract__group=meeting.group).values_list(
            "person_id", flat=True
        )
    )
    for person in present:
        if person.pk not in accepted:  # those away last time accept when they first come
            contract.contract_accept(actor=actors[person.pk], group_id=meeting.group_id)
        bidding.bid_place(
            actor=actors[person.pk],
            meeting_id=meeting.pk,
            text=_issue(rng).capitalize(),
            urgency=rng.choice(("A", "B", "B", "C")),
        )
    session = _press(driver, meeting, "start")
    for person in present:
        contract.presence_note(session_id=session.pk, person_id=person.pk)
    most = min(
        DEMO_PRESENTERS, session.max_presenters or live_services.template_of(session).max_presenters
    )
    # The ledger puts those owed airtime first: fewest presentations, longest ago.
    owed = [row.person for row in bidding.ledger(session) if row.bid is not None][:most]
    session = bidding.presenters_choose(
        actor=driver,
        meeting_id=meeting.pk,
        person_ids=[person.pk for person in owed],
        version=session.version,
    )
    reported = False
    while True:
        if experiments.reporting_back(session) and not reported:
            _report_back(rng, meeting, actors)
            reported = True
        presenter = experiments.committing(session)
        if (
            presenter is not None
            and not ExperimentCard.objects.filter(meeting=meeting, owner_id=presenter).exists()
        ):
            _commit(rng, meeting, actors[presenter])
        if review.in_review(session):
            for actor in actors.values():
                scores = {key: rng.choice((3, 4, 4, 5)) for key in review.PULSE_KEYS}
                review.pulse_answer(actor=actor, meeting_id=meeting.pk, **scores)
        if session.step >= len(live_services.steps_of(session)) - 1:
            break
        session = _press(driver, meeting, "next")
    session = _press(driver, meeting, "end")
    _backdate(meeting, session)
    return owed


def _commit(rng: random.Random, meeting: Meeting, actor: Actor) -> None:
    experiments.card_record(
        actor=actor,
        meeting_id=meeting.pk,
        action=_action(rng).capitalize(),
        expectation="That the people closest to the problem see it differently from me.",
        signal="Whether anyone raises it without my prompting.",
        due=timezone.localdate(),  # moved to before the next meeting by _backdate
        why="I keep solving this alone.",
    )


def _report_back(rng: random.Random, meeting: Meeting, actors: dict[int, Actor]) -> None:
    """Each present member reports on their open cards from the set's earlier meetings."""
    open_cards = ExperimentCard.objects.filter(
        group=meeting.group, owner_id__in=actors, status__in=ExperimentCard.OPEN
    ).exclude(meeting=meeting)
    for card in open_cards:
        experiments.card_report(
            actor=actors[card.owner_id],
            meeting_id=meeting.pk,
            card_id=card.pk,
            did=f"I tried it: {card.action.lower()}",
            happened=rng.choice(REPORT_HAPPENED),
            learned=rng.choice(REPORT_LEARNED),
            next="Do it again, and ask one more person what they see.",
            status=rng.choice((ExperimentCard.Status.DONE, ExperimentCard.Status.IN_PROGRESS)),
        )


REPORT_HAPPENED = (
    "Two people said what they had been holding back for weeks.",
    "It was awkward for ten minutes, then useful for an hour.",
    "Less than I hoped: the meeting ran out of time before we got to it.",
)
REPORT_LEARNED = (
    "I had been treating a question as a disagreement.",
    "Asking first costs me less than fixing it later.",
    "The team already had an answer; they were waiting for permission.",
)


# How the other sets' reported-back cards stand afterwards: mostly done, some dropped.
OUTCOMES = ("done", "done", "in-progress", "dropped")


def _experiments_on_record(meeting: Meeting, presenters: list[Person], present: list[Person]):
    """The other sets' experiments, written straight to the database (their meetings have no
    live session, to keep the demo quick to load): the present members report back on their
    open cards from earlier meetings, then each presenter commits to a new card. So the
    programme's level 3 figures pool every set, as the impact page and a sponsor need. A
    generator of its own keeps the demo's other random draws as they were."""
    rng = random.Random(f"experiments {meeting.group.name} {meeting.starts_at:%Y-%m-%d}")
    start = meeting.starts_at
    end = start + timedelta(minutes=meeting.duration_minutes)
    ids = [person.pk for person in present]
    open_cards = ExperimentCard.objects.filter(
        group=meeting.group, owner_id__in=ids, status__in=ExperimentCard.OPEN
    )
    for card in open_cards:
        after = rng.choice(OUTCOMES)
        CardEntry.objects.create(
            card=card, kind=CardEntry.Kind.REPORT, meeting=meeting,
            did=f"I tried it: {card.action.lower()}", happened=rng.choice(REPORT_HAPPENED),
            learned=rng.choice(REPORT_LEARNED), status_before=card.status, status_after=after,
        )  # fmt: skip
        ExperimentCard.objects.filter(pk=card.pk).update(status=after, updated_at=end)
    CardEntry.objects.filter(meeting=meeting).update(created_at=start + SESSION_STEP)
    for person in presenters:
        ExperimentCard.objects.create(
            owner=person, group=meeting.group, programme=meeting.group.round.programme,
            meeting=meeting, action=_action(rng).capitalize(),
            expectation="That the people closest to the problem see it differently from me.",
            signal="Whether anyone raises it without my prompting.",
            due=(start + timedelta(weeks=4)).date(), why="I keep solving this alone.",
        )  # fmt: skip
    ExperimentCard.objects.filter(meeting=meeting).update(
        created_at=end - 2 * SESSION_STEP, updated_at=end - 2 * SESSION_STEP
    )


def _backdate(meeting: Meeting, session: LiveSession) -> None:
    """Put what the services stamped at load time at the meeting's own time: the session ran
    during the meeting, cards made there fall due before the next one."""
    start = meeting.starts_at
    end = start + timedelta(minutes=meeting.duration_minutes)
    LiveSession.objects.filter(pk=session.pk).update(
        started_at=start, step_started_at=end, ended_at=end
    )
    Bid.objects.filter(session=session).update(created_at=start - timedelta(days=1))
    Presence.objects.filter(session=session).update(last_seen=end)
    PulseAnswer.objects.filter(session=session).update(answered_at=end - SESSION_STEP)
    ExperimentCard.objects.filter(meeting=meeting).update(
        created_at=end - 2 * SESSION_STEP,
        updated_at=end - 2 * SESSION_STEP,
        due=(start + timedelta(weeks=4)).date(),
    )
    CardEntry.objects.filter(meeting=meeting).update(created_at=start + SESSION_STEP)
    ContractAcceptance.objects.filter(contract__group=meeting.group, accepted_at__gt=end).update(
        accepted_at=start
    )


# Programmes and accounts -----------------------------------------------------------------------


def _roles(programme: Programme, role: str, people: list[Person]) -> None:
    ProgrammeRole.objects.bulk_create(
        ProgrammeRole(programme=programme, person=person, role=role) for person in people
    )


def _running_programme(
    rng: random.Random, org: Organisation, people: dict[str, Person], now: datetime
) -> Programme:
    programme = Programme(
        organisation=org,
        name="Leading through change 2026/27",
        focus_area="Leading through change",
        purpose=(
            "Senior leaders from every function bring a live, knotty problem from their own work "
            "and meet every five weeks in a small confidential set. Through questions rather than "
            "advice they test their assumptions, act between meetings and report back, so that "
            "Northwind learns at least as fast as the system around it changes."
        ),
        status=Programme.Status.ACTIVE,
        start_date=(now - timedelta(weeks=7)).date(),
        min_group_size=5,
        max_group_size=7,
        cadence_weeks=5,
        meeting_count=6,
        meeting_minutes=180,
        facilitation_model=FacilitationModel.FADING,
        session_template=SessionTemplate.REVANS_UK,
    )
    programme.full_clean(exclude=["organisation"])
    programme.save()
    # The set advisers facilitate the first two meetings and observe the next two, so the rota
    # shows a member facilitating the coming meeting with the adviser in the room.
    FadingPlan.objects.create(
        programme=programme, adviser_meetings=2, observer_until=4, updated_by=people[LEAD]
    )
    round_ = Round.objects.create(programme=programme, number=1, status=Round.Status.PUBLISHED)
    formed = now - timedelta(weeks=9)
    _roles(programme, ProgrammeRole.Role.LEAD, [people[LEAD]])
    _roles(programme, ProgrammeRole.Role.SPONSOR, [people[SPONSOR]])
    _roles(programme, ProgrammeRole.Role.FACILITATOR, [people[key] for key in FACILITATORS])
    for (name, _), members, facilitator_key in zip(
        SETS, _form_sets(rng, people), FACILITATORS, strict=True
    ):
        facilitator = people[facilitator_key]
        group = Group.objects.create(round=round_, name=name)
        # The sets were formed before the programme started, so the change log and the rule that
        # a member reads only meetings since joining see the history a real programme would have.
        Group.objects.filter(pk=group.pk).update(created_at=formed)
        Membership.objects.create(
            group=group, person=facilitator, role=Membership.Role.FACILITATOR, joined_at=formed
        )
        Membership.objects.bulk_create(
            Membership(group=group, person=p, joined_at=formed) for p in members
        )
        _roles(programme, ProgrammeRole.Role.PARTICIPANT, members)
        _meetings(rng, group, members, facilitator, programme, now)
        rota_fill(group=group, include_held=True, by_id=people[LEAD].pk)
    return programme


PILOT_SIZE = 24


def _draft_programme(org: Organisation, people: dict[str, Person], now: datetime) -> Programme:
    """A pilot whose design departs from the method's norms, so its warnings show. Its
    participants are senior managers outside the running programme, ready for the lead to form
    round 1's sets."""
    programme = Programme.objects.create(
        organisation=org,
        name="Emerging leaders pilot",
        focus_area="First year as a senior manager",
        purpose="A short pilot for newly appointed senior managers, before a full programme.",
        status=Programme.Status.DRAFT,
        start_date=(now + timedelta(weeks=10)).date(),
        min_group_size=4,
        max_group_size=10,
        cadence_weeks=10,
        meeting_count=3,
        meeting_minutes=120,
        facilitation_model=FacilitationModel.SELF,
        session_template=SessionTemplate.TROIKA,
    )
    Round.objects.create(programme=programme, number=1)
    _roles(programme, ProgrammeRole.Role.LEAD, [people[LEAD]])
    taken = set(
        ProgrammeRole.objects.exclude(programme=programme).values_list("person_id", flat=True)
    )
    staff = {ADMIN, LEAD, SPONSOR, *FACILITATORS}
    pilots = [
        person
        for key, person in people.items()
        if key.startswith("sm:") and key not in staff and person.pk not in taken
    ]
    _roles(programme, ProgrammeRole.Role.PARTICIPANT, pilots[:PILOT_SIZE])
    return programme


def _conflicts(org: Organisation, people: dict[str, Person]) -> None:
    """Two declared conflicts among the pilot's people, so the forming page has some to keep."""
    pilots = list(
        Person.objects.filter(
            programme_roles__programme__name="Emerging leaders pilot",
            programme_roles__role=ProgrammeRole.Role.PARTICIPANT,
        ).order_by("name")
    )
    for a, b in ((pilots[0], pilots[5]), (pilots[2], pilots[9])):
        first, second = sorted((a, b), key=lambda person: person.pk)
        Conflict.objects.create(organisation=org, first=first, second=second)


def _accounts(people: dict[str, Person]) -> None:
    """Every leader has an account with the demo password, so a newcomer can sign in as any
    set member (their email is on the set's page) and run a live session with a real set."""
    # One hash for all: they share a password, and hashing is deliberately slow.
    password = make_password(DEMO_PASSWORD)
    admin = people[ADMIN]
    User.objects.bulk_create(
        User(
            email=person.email,
            password=password,
            display_name=person.name,
            organisation=person.organisation,
            person=person,
            is_org_admin=person == admin,
        )
        for person in people.values()
    )


# The participant's private journal: two free entries (encrypted like any other).
DEMO_JOURNAL = (
    ("Before my first set meeting",
     "Nervous about bringing the reporting backlog: it feels like admitting I am behind.\n\n"
     "Question to hold: what am I protecting by not asking for help?"),
    ("After talking to my manager",
     "They had noticed the backlog weeks ago and waited for me to raise it. Next time: say it "
     "early, as a question rather than an apology."),
)  # fmt: skip


def _journal(people: dict[str, Person]) -> None:
    from palg.journal.models import JournalEntry

    owner = User.objects.get(person=people[PARTICIPANT])
    for title, body in DEMO_JOURNAL:
        entry = JournalEntry(owner=owner, kind=JournalEntry.Kind.FREE)
        entry.seal(title=title, body=body)
        entry.save()


def _change_events(
    org: Organisation, people: dict[str, Person], programme: Programme, now: datetime
) -> None:
    """What changed around the running programme, for its L >= C: logged by its lead and its
    sponsor, weighted small 1, medium 2, large 3."""
    from palg.impact.models import ChangeEvent

    today = now.date()
    for weeks, title, size, scoped, by in (
        (6, "New operating model announced: divisions merge into three care groups", "large",
         False, SPONSOR),
        (3, "Finance and HR system go-live", "medium", False, LEAD),
        (1, "Leaders' weekly huddle moves to a new rota tool", "small", True, LEAD),
    ):  # fmt: skip
        ChangeEvent.objects.create(
            organisation=org, programme=programme if scoped else None,
            happened_on=today - timedelta(weeks=weeks), title=title, size=size,
            logged_by=people[by],
        )  # fmt: skip


# The running programme's survey waves: the baseline answered before the first meeting and the
# mid wave open now, brought forward so that the demo's report has a change to show. Levels are
# on each scale's own answer range; the mid wave moves them a little, and not for everyone.
WAVE_LEVELS = {
    # scale items: (baseline mean, spread between people, mean change by mid)
    "cbi.p": (2.1, 0.6, -0.2),  # option index 0-4
    "cbi.w": (2.0, 0.6, -0.2),
    "ps.": (4.7, 0.8, 0.3),  # 1-7
    "ucla.": (1.9, 0.4, -0.12),  # 1-3
}
ITEM_NOISE = 0.6
BASELINE_ANSWERED, MID_ANSWERED, MID_STARTED = 0.93, 0.75, 0.07


def _waves(programme: Programme, people: dict[str, Person], now: datetime) -> None:
    """Plan the running programme's four waves; fill the baseline and most of the mid wave
    (the demo participant has the mid wave still to answer, so they can try it)."""
    from palg.surveys.models import Respondent, Response, Wave
    from palg.surveys.plan import wave_plan_propose

    today = now.astimezone(ZoneInfo(programme.time_zone)).date()
    planned = {wave.kind: wave for wave in wave_plan_propose(programme=programme)}
    planned[Wave.Kind.MID].opens_on = today - timedelta(days=10)
    planned[Wave.Kind.MID].closes_on = today + timedelta(days=3)
    waves = {
        kind: Wave.objects.create(
            programme=programme,
            kind=kind,
            opens_on=wave.opens_on,
            closes_on=wave.closes_on,
            instruments=wave.instruments,
        )  # fmt: skip
        for kind, wave in planned.items()
    }
    rng = random.Random("demo waves")
    members = Membership.objects.filter(
        group__round__programme=programme, role=Membership.Role.MEMBER
    ).select_related("person", "group")
    for membership in sorted(members, key=lambda m: m.person.external_id):
        person = membership.person
        respondent = Respondent.objects.create(programme=programme, person=person)
        level = {
            prefix: rng.gauss(mean, spread) for prefix, (mean, spread, _) in WAVE_LEVELS.items()
        }
        better = rng.random() < 0.7  # most, not all, move the way the programme hopes
        took_part = False  # in the baseline: nobody new turns up at mid in the demo
        for kind, answered in (
            (Wave.Kind.BASELINE, BASELINE_ANSWERED),
            (Wave.Kind.MID, MID_ANSWERED),
        ):
            draw = rng.random()
            if person == people[PARTICIPANT] and kind == Wave.Kind.MID:
                continue
            if draw >= answered + (MID_STARTED if kind == Wave.Kind.MID else 0):
                continue
            if kind == Wave.Kind.MID and not took_part:
                continue
            took_part = True
            wave = waves[kind]
            shift = {
                prefix: (change if better else -change / 2) if kind == Wave.Kind.MID else 0.0
                for prefix, (_, _, change) in WAVE_LEVELS.items()
            }
            answers = _wave_answers(rng, wave, level, shift)
            finished = draw < answered
            if not finished:  # started and left half way, as people do
                answers = dict(list(answers.items())[: len(answers) // 2])
            at = datetime.combine(wave.opens_on, time(9), tzinfo=wave.zone) + timedelta(
                hours=rng.randrange(0, 24 * 5)
            )
            response = Response(wave=wave, respondent=respondent, group=membership.group)
            response.answers = answers
            response.save()
            Response.objects.filter(pk=response.pk).update(
                started_at=at, updated_at=at, finished_at=at if finished else None
            )


def _wave_answers(rng: random.Random, wave, level: dict, shift: dict) -> dict[str, int]:
    from palg_evaluation.instruments import instrument

    answers = {}
    for instrument_id in wave.instruments:
        for item in instrument(instrument_id).items:
            prefix = next(p for p in WAVE_LEVELS if item.id.startswith(p))
            wanted = level[prefix] + shift[prefix] + rng.gauss(0, ITEM_NOISE)
            values = sorted(option.value for option in item.options)
            if item.reverse:  # the answer that means the same level on a reversed item
                wanted = values[0] + values[-1] - wanted
            answers[item.id] = min(values[-1], max(values[0], round(wanted)))
    return answers


def _blackouts(org: Organisation, people: dict[str, Person], now: datetime) -> None:
    """The Christmas closure under way or next to come, organisation-wide, so proposed schedules
    and the demo's own meetings skip it."""
    from palg.scheduling.models import Blackout

    today = now.date()
    year = next(y for y in (today.year - 1, today.year) if date(y + 1, 1, 1) >= today)
    Blackout.objects.create(
        organisation=org,
        label="Christmas and New Year closure",
        starts_on=date(year, 12, 24),
        ends_on=date(year + 1, 1, 1),
        created_by=people[LEAD],
    )


# Pilot participants invited to make their accounts, one per state the Invitations page shows.
INVITATION_STATES = ("invited", "accepted", "expired", "revoked")


# Four senior managers who joined Northwind after the others had their accounts: the lead has
# put them on the pilot and invited them, so the Invitations page shows each state.
NEW_STARTERS = (
    ("Amara Osei", "Female", "Leeds"),
    ("Tomasz Nowak", "Male", "Manchester"),
    ("Leila Haddad", "Female", "London"),
    ("Ewan Fraser", "Male", "Glasgow"),
)


def _new_starters(org: Organisation, people: dict[str, Person], pilot: Programme) -> list[Person]:
    manager = people[LEAD]
    starters = Person.objects.bulk_create(
        Person(
            organisation=org,
            external_id=f"NW{2001 + number}",
            name=name,
            email=_email(name),
            manager=manager,
            team=manager.team,
            function=manager.function,
            department=manager.department,
            location=site,
            seniority="Senior manager",
            gender=gender,
            tenure_years=Decimal("0.2"),
            availability=list(WEEKDAY_SLOTS[:5]),
            attributes={**manager.attributes, "job_title": "Senior Manager"},
        )
        for number, (name, gender, site) in enumerate(NEW_STARTERS)
    )
    _roles(pilot, ProgrammeRole.Role.PARTICIPANT, starters)
    return starters


def _invitations(pilot: Programme, people: dict[str, Person], now: datetime) -> None:
    """The lead invites the four new starters on the pilot: one still to accept (their email is
    in the mail folder, with a working link), one who accepted (the demo password), one whose
    link expired and one the lead revoked. Each is one state on the Invitations page."""
    from palg.accounts import invitations

    invitees = _new_starters(pilot.organisation, people, pilot)
    lead = _actor(people[LEAD])
    sent = invitations.invitations_create(actor=lead, people=invitees).invited
    for invitation, state in zip(sent, INVITATION_STATES, strict=True):
        if state == "accepted":
            token = invitations.invitation_token(invitation)
            invitations.invitation_accept(
                token=token, password=DEMO_PASSWORD, password_again=DEMO_PASSWORD
            )
        elif state == "expired":
            sent_at = now - timedelta(days=30)
            invitation.sent_at, invitation.expires_at = sent_at, invitations.expiry_from(sent_at)
            invitation.save(update_fields=["sent_at", "expires_at"])
        elif state == "revoked":
            invitations.invitation_revoke(actor=lead, invitation_id=invitation.pk)


def demo_invitations() -> dict[str, int]:
    """How many of the demo's invitations are in each state, for `palg demo` to say."""
    from palg.accounts.models import Invitation

    now = timezone.now()
    found = Invitation.objects.filter(organisation__slug=DEMO_SLUG)
    return Counter(invitation.state_at(now) for invitation in found)


def _build(rng: random.Random, now: datetime) -> None:
    org = Organisation.objects.create(name=DEMO_ORGANISATION, slug=DEMO_SLUG)
    people = _people(rng, org)
    _blackouts(org, people, now)  # first: the sets' meetings are planned around it
    _accounts(people)  # before the sets: the accounts act in their held meetings
    running = _running_programme(rng, org, people, now)
    _change_events(org, people, running, now)
    _waves(running, people, now)
    pilot = _draft_programme(org, people, now)
    _conflicts(org, people)
    _invitations(pilot, people, now)
    _journal(people)
    _themes(running, people, now)


# Themes for the organisation and the loop back (issue 14) ------------------------------------
#
# Through the services, as the sets and the sponsor would: three sets release one theme (over
# the rule: 3 sets, 19 people), a fourth says "ours is the same" and joins it; two sets release
# another (below the rule: the sponsor never sees it); the sponsor asks what gets in the way of
# cross-site working and three sets answer alike (over the rule on the ask's page); the sponsor
# responds to the theme and to the ask; the lead opens an agree / disagree round. Clustering goes
# through palg.themes.engine, whichever engine it is; the texts of one theme share their words,
# so even a word-matching engine pools them.

THEME_RELEASED = {
    "Aire": "Decisions about cross-site work get reopened at every level",
    "Irwell": "Cross-site decisions get reopened again at each level",
    "Thames": "Every level reopens decisions on cross-site work",
}
THEME_JOINS = ("Avon", "Agreed cross-site decisions are reopened by the next layer up")
# Two sets, three statements (an engine may need three to form a cluster): below the rule.
THEME_BELOW_RULE = (
    ("Clyde", "Nobody owns the training budget"),
    ("Avon", "The training budget has no owner"),
    ("Clyde", "Ownership of the training budget is unclear"),
)
THEME_DRAFT = ("Aire", "Project boards ask for updates that nobody reads")
ASK_QUESTION = "What gets in the way of cross-site working?"
ASK_ANSWERS = {
    "Irwell": "Our sites run separate IT systems, so the same data is entered twice",
    "Thames": "The IT systems at our sites do not talk to each other, so data is entered twice",
    "Clyde": "Each of our sites has its own IT systems and staff enter the same data twice",
}
THEME_RESPONSE = (
    "From next month cross-site decisions are signed off once, at the monthly operations "
    "board, and are not reopened below it.",
    "Chief Operating Officer's office",
)
ASK_RESPONSE = (
    "Patient records move to one shared system across the sites: Digital Services pilots it "
    "at Leeds and Manchester from the spring.",
    "Chief Digital Officer",
)
ROUND_VOTES = ("agree",) * 8 + ("disagree",) * 3 + ("pass",)


def _set_statement(
    group: Group, text: str, now: datetime, *, ask_id=None, consents: int | None = None
):
    """`group` drafts `text` on its page; its members consent (all, or the first `consents`).
    Dated `now`, the demo's own present, so that its members (who joined before it) may act."""
    from palg.themes import services as themes
    from palg.themes.models import ThemeStatement

    members = [
        m.person
        for m in group.memberships.filter(role=Membership.Role.MEMBER).select_related("person")
    ]
    statement = themes.statement_draft(
        actor=_actor(members[0]), group_id=group.pk, text=text, ask_id=ask_id
    )
    ThemeStatement.objects.filter(pk=statement.pk).update(created_at=now)
    for person in members[:consents]:
        themes.statement_consent(actor=_actor(person), statement_id=statement.pk)
    return statement


def _themes(programme: Programme, people: dict[str, Person], now: datetime) -> None:
    from palg.themes import selectors as theme_selectors
    from palg.themes import services as themes

    groups = {g.name: g for g in Group.objects.filter(round__programme=programme)}
    organisation_id = programme.organisation_id
    for name, text in THEME_RELEASED.items():
        _set_statement(groups[name], text, now)
    for name, text in THEME_BELOW_RULE:
        _set_statement(groups[name], text, now)
    themes.themes_recluster(organisation_id=organisation_id)
    (theme,) = theme_selectors.released_themes(organisation_id=organisation_id)
    name, text = THEME_JOINS
    joining = _set_statement(groups[name], text, now, consents=0)
    themes.statement_link(actor=_actor(joining.author), statement_id=joining.pk, theme_id=theme.id)
    for membership in groups[name].memberships.filter(role=Membership.Role.MEMBER):
        themes.statement_consent(actor=_actor(membership.person), statement_id=joining.pk)
    name, text = THEME_DRAFT
    _set_statement(groups[name], text, now, consents=2)
    themes.themes_recluster(organisation_id=organisation_id)

    sponsor, lead = _actor(people[SPONSOR]), _actor(people[LEAD])
    ask = themes.ask_create(actor=sponsor, programme_id=programme.pk, question=ASK_QUESTION)
    for name, text in ASK_ANSWERS.items():
        _set_statement(groups[name], text, now, ask_id=ask.pk)
    (theme,) = theme_selectors.released_themes(
        organisation_id=organisation_id, programme_id=programme.pk
    )
    text, owner = THEME_RESPONSE
    themes.response_to_theme(
        actor=sponsor, programme_id=programme.pk, theme_id=theme.id, text=text, owner=owner
    )
    text, owner = ASK_RESPONSE
    themes.response_to_ask(actor=sponsor, ask_id=ask.pk, text=text, owner=owner)
    theme_round = themes.round_open(actor=lead, programme_id=programme.pk, theme_id=theme.id)
    voters = Person.objects.filter(
        memberships__group__round__programme=programme,
        memberships__role=Membership.Role.MEMBER,
    ).order_by("external_id")
    for person, choice in zip(voters, ROUND_VOTES, strict=False):
        themes.round_vote(actor=_actor(person), round_id=theme_round.pk, choice=choice)
