"""Who may see and do what: the one place where confidentiality is decided.

Every view, API operation and CLI command reaches programmes, sets, meetings, set content and
people through the `*_for_actor` functions here. The rules:

- Everything is scoped to the actor's organisation; anything outside it does not exist (404).
- An object the actor may not see answers 404, so its existence does not leak.
- An object the actor may see but not change (or whose content they may not read) answers 403.
- A set's content is for that set's members and facilitator only. Programme leads, sponsors and
  organisation admins see metadata (who is in which set, dates, attendance), never content.
- A member reads the content of a meeting only if they were in the set before it started, or
  before it was even planned (`meeting_open_to`): someone added later, whoever added them, gains
  nothing of what was said before they came.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.crypto import constant_time_compare, salted_hmac

from palg.accounts.models import Invitation
from palg.people.models import Conflict, Person
from palg.programmes.models import Group, Meeting, Membership, Programme, ProgrammeRole

Role = ProgrammeRole.Role

MSG_NOT_FOUND = "Not found."
MSG_READ_ONLY = "Your role lets you see this but not change it."
MSG_CONTENT = "Only the members and facilitator of this set can see its content."
MSG_CONTENT_BEFORE_JOINING = (
    "Only the members and facilitator of this set can see its content, and only of the meetings "
    "held since they joined: you joined this set after this meeting."
)
MSG_STAFF_ONLY = "Only programme leads and organisation admins can do this."
MSG_OVERSEERS_ONLY = (
    "Only the programme's leads, sponsors and organisation admins see this, because it names "
    "every set."
)


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the permission layer sees them."""

    user_id: int
    person_id: int | None
    organisation_id: int | None
    is_org_admin: bool
    # The browser sign-in's session key, when the actor comes from one (poll tickets are bound
    # to it); empty for API tokens, the command line and tasks.
    session_key: str = ""

    @classmethod
    def from_user(cls, user, session_key: str | None = None) -> Actor:
        if not user or not user.is_authenticated:
            raise PermissionDenied("Sign in first.")
        return cls(
            user_id=user.pk,
            person_id=user.person_id,
            organisation_id=user.organisation_id,
            is_org_admin=user.is_org_admin,
            session_key=session_key or "",
        )

    @classmethod
    def from_request(cls, request) -> Actor:
        """The actor of a signed-in browser request, with its session key."""
        return cls.from_user(request.user, session_key=request.session.session_key)


def _not_found() -> Http404:
    return Http404(MSG_NOT_FOUND)


def actor_is_staff(actor: Actor) -> bool:
    """L&D staff: organisation admins and anyone who leads a programme. They see the directory,
    import people and create programmes."""
    if actor.organisation_id is None:
        return False
    if actor.is_org_admin:
        return True
    return ProgrammeRole.objects.filter(
        person_id=actor.person_id,
        role=Role.LEAD,
        programme__organisation_id=actor.organisation_id,
    ).exists()


def require_staff(actor: Actor) -> None:
    if not actor_is_staff(actor):
        raise PermissionDenied(MSG_STAFF_ONLY)


def programme_roles(actor: Actor, programme: Programme) -> set[str]:
    """The actor's roles in a programme, including 'member'/'facilitator' of any of its sets."""
    if actor.person_id is None:
        return set()
    roles = set(
        ProgrammeRole.objects.filter(programme=programme, person_id=actor.person_id).values_list(
            "role", flat=True
        )
    )
    set_roles = Membership.objects.filter(
        group__round__programme=programme, person_id=actor.person_id
    ).values_list("role", flat=True)
    roles.update(f"set-{role}" for role in set_roles)
    return roles


def _oversees(actor: Actor, roles: set[str]) -> bool:
    """Leads, sponsors and admins see all of a programme's metadata."""
    return actor.is_org_admin or bool(roles & {Role.LEAD, Role.SPONSOR})


def _manages(actor: Actor, roles: set[str]) -> bool:
    return actor.is_org_admin or Role.LEAD in roles


# Programmes -------------------------------------------------------------------------------


def programmes_for_actor(actor: Actor) -> QuerySet[Programme]:
    qs = Programme.objects.filter(organisation_id=actor.organisation_id)
    if actor.is_org_admin:
        return qs
    return qs.filter(
        Q(roles__person_id=actor.person_id)
        | Q(rounds__groups__memberships__person_id=actor.person_id)
    ).distinct()


def programme_get_for_actor(
    *, actor: Actor, programme_id: int, manage: bool = False, oversee: bool = False
) -> Programme:
    """The programme if the actor has any part in it (404 otherwise). `manage` needs lead or
    admin; `oversee` (programme-wide views that name every set) needs lead, sponsor or admin."""
    programme = Programme.objects.filter(
        pk=programme_id, organisation_id=actor.organisation_id
    ).first()
    if programme is None:
        raise _not_found()
    roles = programme_roles(actor, programme)
    if not (actor.is_org_admin or roles):
        raise _not_found()
    if manage and not _manages(actor, roles):
        raise PermissionDenied(MSG_READ_ONLY)
    if oversee and not _oversees(actor, roles):
        raise PermissionDenied(MSG_OVERSEERS_ONLY)
    return programme


def programme_oversees(actor: Actor, programme: Programme) -> bool:
    return _oversees(actor, programme_roles(actor, programme))


def programme_manages(actor: Actor, programme: Programme) -> bool:
    return _manages(actor, programme_roles(actor, programme))


# Sets -------------------------------------------------------------------------------------


def groups_for_actor(actor: Actor, programme: Programme) -> QuerySet[Group]:
    qs = Group.objects.filter(round__programme=programme).select_related("round")
    if programme_oversees(actor, programme):
        return qs
    return qs.filter(memberships__person_id=actor.person_id).distinct()


def group_membership_role(actor: Actor, group: Group) -> str | None:
    """'member', 'facilitator' or None for the actor in this set."""
    if actor.person_id is None:
        return None
    return (
        Membership.objects.filter(group=group, person_id=actor.person_id)
        .values_list("role", flat=True)
        .first()
    )


def group_get_for_actor(*, actor: Actor, group_id: int, manage: bool = False) -> Group:
    """The set if the actor oversees its programme or belongs to it (404 otherwise).
    `manage` (change members, rename) needs lead/admin."""
    group = (
        Group.objects.select_related("round__programme")
        .filter(pk=group_id, round__programme__organisation_id=actor.organisation_id)
        .first()
    )
    if group is None:
        raise _not_found()
    roles = programme_roles(actor, group.round.programme)
    in_set = group_membership_role(actor, group) is not None
    if not (_oversees(actor, roles) or in_set):
        raise _not_found()
    if manage and not _manages(actor, roles):
        raise PermissionDenied(MSG_READ_ONLY)
    return group


def group_can_schedule(actor: Actor, group: Group) -> bool:
    """Leads, admins and the set's facilitator schedule and record attendance."""
    roles = programme_roles(actor, group.round.programme)
    return _manages(actor, roles) or group_membership_role(actor, group) == "facilitator"


def group_reads_content(actor: Actor, group: Group) -> bool:
    """Set content is for the set's own members and facilitator, whatever else they are. What
    belongs to one meeting needs meeting_reads_content as well."""
    return group_membership_role(actor, group) is not None


# Joining a set -----------------------------------------------------------------------------
#
# A membership starts at its `joined_at`. Its holder reads a meeting's content when the meeting
# starts after that moment, or was planned after it (a meeting entered afterwards with an
# earlier date has no content from before they joined: everything in it was written since).
# The rule has two forms, kept side by side: one for a meeting in hand, one for queries.


def meeting_open_to(meeting: Meeting, joined_at) -> bool:
    """Whether someone who joined the meeting's set at `joined_at` reads its content."""
    return joined_at <= meeting.starts_at or joined_at <= meeting.created_at


def meetings_open_to_q(person_id: int | None, prefix: str = "") -> Q:
    """The same rule for a query over meetings (reached through `prefix`, e.g. "meeting__"):
    meetings of a set `person_id` is in whose content they read. Give it as one filter() so
    that the membership's conditions apply to one and the same row."""
    memberships = f"{prefix}group__memberships__"
    return Q(**{f"{memberships}person_id": person_id}) & (
        Q(**{f"{memberships}joined_at__lte": F(f"{prefix}starts_at")})
        | Q(**{f"{memberships}joined_at__lte": F(f"{prefix}created_at")})
    )


def content_meetings_for_actor(actor: Actor, group: Group) -> QuerySet[Meeting]:
    """The set's meetings whose content the actor reads (none for anyone outside the set)."""
    if actor.person_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(meetings_open_to_q(actor.person_id), group=group)


def joined_at(actor: Actor, group: Group | int):
    """When the actor joined the set (None if they are not in it)."""
    if actor.person_id is None:
        return None
    return (
        Membership.objects.filter(group=group, person_id=actor.person_id)
        .values_list("joined_at", flat=True)
        .first()
    )


def meeting_reads_content(actor: Actor, meeting: Meeting) -> bool:
    """Whether the actor reads this meeting's content: in its set, and since before it."""
    joined = joined_at(actor, meeting.group_id)
    return joined is not None and meeting_open_to(meeting, joined)


# Meetings ---------------------------------------------------------------------------------


def meeting_get_for_actor(*, actor: Actor, meeting_id: int, schedule: bool = False) -> Meeting:
    """A meeting's metadata if its set is visible (404 otherwise); `schedule` (move, cancel,
    attendance) needs lead/admin or the set's facilitator."""
    meeting = (
        Meeting.objects.select_related("group__round__programme")
        .filter(pk=meeting_id, group__round__programme__organisation_id=actor.organisation_id)
        .first()
    )
    if meeting is None:
        raise _not_found()
    group_get_for_actor(actor=actor, group_id=meeting.group_id)
    if schedule and not group_can_schedule(actor, meeting.group):
        raise PermissionDenied(MSG_READ_ONLY)
    return meeting


def meeting_content_get_for_actor(*, actor: Actor, meeting_id: int) -> Meeting:
    """A meeting whose content (record, later challenges and commitments) the actor may read and
    write: 404 if the set is not visible, 403 if visible but the actor is not in the set, or
    joined it after this meeting (meeting_open_to)."""
    meeting = meeting_get_for_actor(actor=actor, meeting_id=meeting_id)
    _refuse_content(actor, meeting)
    return meeting


def _refuse_content(actor: Actor, meeting: Meeting) -> None:
    if not meeting_reads_content(actor, meeting):
        in_set = group_reads_content(actor, meeting.group)
        raise PermissionDenied(MSG_CONTENT_BEFORE_JOINING if in_set else MSG_CONTENT)


# Live-session poll tickets -------------------------------------------------------------------
#
# Every screen of a live session asks once a second whether the session has changed. Reading the
# sign-in's session and user for that would be two of the three queries of each poll, so the
# page carries a ticket instead: signed with SECRET_KEY, naming the meeting and the person, and
# issued only to those meeting_content_get_for_actor let in. A ticket answers nothing but "has
# the session's version changed"; the panel itself is always fetched with the sign-in and the
# full check. Tickets expire after POLL_TICKET_AGE, and the panel fetched then carries a new one.
#
# A ticket is bound to the sign-in it was issued to: it carries a keyed hash of that session's
# key, and the check compares it with the session cookie the request brings, which costs no
# query. A ticket copied out of a page, a log or a screenshot is useless without the cookie.
# The one query of the check (palg.live.selectors.poll_version) reads the session's version only
# for a holder who still reads the meeting's content (meetings_open_to_q), so someone who has
# left the set stops receiving even that signal, and is not noted present, at once.

POLL_TICKET_AGE = 600  # seconds
_POLL_SALT = "palg.live.poll-ticket"


@dataclass(frozen=True)
class PollTicket:
    meeting_id: int
    person_id: int | None
    expired: bool


def _session_tag(session_key: str) -> str:
    """A keyed hash of a session key: the ticket travels in URLs, the key itself never does."""
    return salted_hmac(_POLL_SALT, session_key, algorithm="sha256").hexdigest()[:32]


def poll_ticket_issue(*, actor: Actor, meeting: Meeting) -> str:
    """A ticket for `meeting`, for an actor who has just passed meeting_content_get_for_actor.
    An actor without a browser sign-in gets a ticket that no check accepts."""
    tag = _session_tag(actor.session_key) if actor.session_key else ""
    return signing.TimestampSigner(salt=_POLL_SALT).sign_object([meeting.pk, actor.person_id, tag])


def poll_ticket_check(*, ticket: str, meeting_id: int, session_key: str | None) -> PollTicket:
    """The ticket's holder, if it was issued by this server for this meeting to the sign-in
    whose session key the request carries (404 otherwise). An expired ticket is reported as
    such, so that the page fetches a new one. Whether the holder still reads the meeting is for
    the query that answers the check (meetings_open_to_q)."""
    signer = signing.TimestampSigner(salt=_POLL_SALT)
    try:
        value, expired = signer.unsign_object(ticket, max_age=POLL_TICKET_AGE), False
    except signing.SignatureExpired:
        value, expired = signer.unsign_object(ticket), True
    except signing.BadSignature:
        raise _not_found() from None
    if not (isinstance(value, list) and len(value) == 3 and value[0] == meeting_id):
        raise _not_found()
    tag = value[2]
    if not (session_key and tag and constant_time_compare(tag, _session_tag(session_key))):
        raise _not_found()
    return PollTicket(meeting_id=meeting_id, person_id=value[1], expired=expired)


def card_get_for_actor(*, actor: Actor, card_id: int):
    """An experiment card, for its owner and the members and facilitator of its set who were in
    it when the card was made (403 for those who joined later). Anyone else gets 404, overseers
    included: that a card exists is itself set content."""
    from palg.live.models import ExperimentCard

    card = (
        ExperimentCard.objects.select_related("owner", "group__round__programme", "meeting")
        .filter(pk=card_id, programme__organisation_id=actor.organisation_id)
        .first()
    )
    if card is None or actor.person_id is None:
        raise _not_found()
    if card.owner_id == actor.person_id:
        return card
    joined = joined_at(actor, card.group_id)
    if joined is None:
        raise _not_found()
    if not _card_open_to(card, joined):
        raise PermissionDenied(MSG_CONTENT_BEFORE_JOINING)
    return card


def _card_open_to(card, joined) -> bool:
    """A card made at a meeting follows that meeting; one written between meetings is for those
    in the set when it was written."""
    if card.meeting is not None:
        return meeting_open_to(card.meeting, joined)
    return joined <= card.created_at


# Private journals -------------------------------------------------------------------------
#
# A journal is its owner's alone: no role reads another account's entries, organisation admins
# and facilitators included. Anyone else gets 404, so that an entry's existence does not leak.


def journal_entries_for_actor(actor: Actor):
    """The actor's own journal entries, newest first."""
    from palg.journal.models import JournalEntry

    return JournalEntry.objects.filter(owner_id=actor.user_id)


def journal_entry_get_for_actor(*, actor: Actor, entry_id: int):
    """One of the actor's own journal entries (404 for anyone but its owner)."""
    entry = journal_entries_for_actor(actor).filter(pk=entry_id).first()
    if entry is None:
        raise _not_found()
    return entry


def blackout_get_for_actor(*, actor: Actor, blackout_id: int):
    """A blackout to change or remove: a programme's own for its leads and admins (403 for
    others with a part in it), an organisation-wide one for staff (403 for others). Another
    organisation's, or one of a programme the actor has no part in, does not exist (404)."""
    from palg.scheduling.models import Blackout

    blackout = Blackout.objects.filter(
        pk=blackout_id, organisation_id=actor.organisation_id
    ).first()
    if blackout is None:
        raise _not_found()
    if blackout.programme_id is not None:
        programme_get_for_actor(actor=actor, programme_id=blackout.programme_id, manage=True)
    else:
        require_staff(actor)
    return blackout


# People -----------------------------------------------------------------------------------


def people_for_actor(actor: Actor) -> QuerySet[Person]:
    """The organisation's directory, for staff only (403 for everyone else)."""
    require_staff(actor)
    return Person.objects.filter(organisation_id=actor.organisation_id)


def person_get_for_actor(*, actor: Actor, person_id: int) -> Person:
    """A person's directory entry: staff see everyone in the organisation, others themselves."""
    person = Person.objects.filter(pk=person_id, organisation_id=actor.organisation_id).first()
    if person is None:
        raise _not_found()
    if person.pk != actor.person_id and not actor_is_staff(actor):
        raise _not_found()
    return person


def conflicts_for_actor(actor: Actor) -> QuerySet[Conflict]:
    """Declared conflicts (who must never share a set) are for staff only: they hint at
    disputes, so no participant, facilitator or sponsor sees them (403)."""
    require_staff(actor)
    return Conflict.objects.filter(organisation_id=actor.organisation_id)


def conflict_get_for_actor(*, actor: Actor, conflict_id: int) -> Conflict:
    conflict = conflicts_for_actor(actor).filter(pk=conflict_id).first()
    if conflict is None:
        raise _not_found()
    return conflict


# Accounts ---------------------------------------------------------------------------------
#
# Only organisation admins manage accounts: they see their own organisation's accounts and its
# security events, never another organisation's (404). Everyone sees their own events, and
# nobody another person's (a failed sign-in with someone else's email is that account's event).

MSG_ADMINS_ONLY = "Only organisation admins manage accounts."


def require_org_admin(actor: Actor) -> None:
    if not (actor.is_org_admin and actor.organisation_id is not None):
        raise PermissionDenied(MSG_ADMINS_ONLY)


def accounts_for_actor(actor: Actor):
    """The accounts of the actor's organisation, for its admins only (403 for anyone else)."""
    from palg.accounts.models import User

    require_org_admin(actor)
    return User.objects.filter(organisation_id=actor.organisation_id)


def account_get_for_actor(*, actor: Actor, account_id: int):
    """One account of the admin's organisation (404 for any other account, 403 for non-admins)."""
    account = accounts_for_actor(actor).filter(pk=account_id).first()
    if account is None:
        raise _not_found()
    return account


def own_security_events_for_actor(actor: Actor):
    """The actor's own account's events, newest first."""
    from palg.accounts.models import SecurityEvent

    return SecurityEvent.objects.filter(user_id=actor.user_id)


def organisation_security_events_for_actor(actor: Actor):
    """Every event of the admin's organisation, including failed sign-ins with an email of its
    directory that has no account (403 for non-admins)."""
    from palg.accounts.models import SecurityEvent

    require_org_admin(actor)
    return SecurityEvent.objects.filter(organisation_id=actor.organisation_id)


# Invitations to make an account ---------------------------------------------------------

MSG_INVITATIONS_STAFF = (
    "Only organisation admins and programme leads see invitations: admins for everyone, leads "
    "for the people of their programmes."
)


def invitation_people_for_actor(actor: Actor) -> QuerySet[Person]:
    """Whom the actor may invite, and whose invitations they see, re-send and revoke: an
    organisation admin everyone in the organisation; a programme lead the people of the
    programmes they lead (any role in it, or in one of its sets); nobody else (403). Accounts
    in general are the admin's: a lead's view stops at their own programmes' people."""
    require_staff(actor)
    people = Person.objects.filter(organisation_id=actor.organisation_id)
    if actor.is_org_admin:
        return people
    led = Programme.objects.filter(
        organisation_id=actor.organisation_id,
        roles__person_id=actor.person_id,
        roles__role=Role.LEAD,
    )
    return people.filter(
        Q(programme_roles__programme__in=led) | Q(memberships__group__round__programme__in=led)
    ).distinct()


def invitations_for_actor(actor: Actor) -> QuerySet[Invitation]:
    people = invitation_people_for_actor(actor)
    return Invitation.objects.filter(
        organisation_id=actor.organisation_id, person__in=people.values("pk")
    ).select_related("person", "invited_by")


def invitation_get_for_actor(*, actor: Actor, invitation_id: int):
    """One invitation the actor may manage (404 for any other, so none of them leaks)."""
    invitation = invitations_for_actor(actor).filter(pk=invitation_id).first()
    if invitation is None:
        raise _not_found()
    return invitation


# Single sign-on ---------------------------------------------------------------------------

MSG_SSO_ADMINS_ONLY = "Only organisation admins set up single sign-on."


def sso_organisation_for_actor(actor: Actor):
    """The organisation whose single sign-on the actor configures: their own, for its admins
    only (403 for anyone else)."""
    from palg.people.models import Organisation

    if not (actor.is_org_admin and actor.organisation_id is not None):
        raise PermissionDenied(MSG_SSO_ADMINS_ONLY)
    return Organisation.objects.get(pk=actor.organisation_id)


# Survey waves (palg.surveys) ---------------------------------------------------------------
#
# A programme's waves (dates, instruments, response counts) are for those who oversee it: its
# leads and organisation admins change them, its sponsors see dates and response counts. A
# participant sees the waves of the programmes they are a set member of, to answer them.
# Answers are their author's alone: no role reads another person's answers, admins, leads
# and facilitators included; anyone else gets 404.


def waves_for_actor(actor: Actor, programme: Programme):
    """A programme's waves, for its overseers (PermissionDenied for others with a part in it)."""
    from palg.surveys.models import Wave

    if not programme_oversees(actor, programme):
        raise PermissionDenied(MSG_OVERSEERS_ONLY)
    return Wave.objects.filter(programme=programme).select_related("programme")


def wave_get_for_actor(*, actor: Actor, wave_id: int, manage: bool = False):
    """One wave for its programme's overseers; `manage`: its leads and organisation admins."""
    from palg.surveys.models import Wave

    wave = Wave.objects.filter(pk=wave_id).select_related("programme").first()
    if wave is None:
        raise _not_found()
    programme_get_for_actor(
        actor=actor, programme_id=wave.programme_id, manage=manage, oversee=True
    )
    return wave


def own_waves_for_actor(actor: Actor):
    """The waves of every programme the actor is a member of a set in: the ones they answer."""
    from palg.surveys.models import Wave

    programmes = Membership.objects.filter(
        person_id=actor.person_id,
        role=Membership.Role.MEMBER,
        group__round__programme__organisation_id=actor.organisation_id,
    ).values("group__round__programme_id")
    return Wave.objects.filter(programme_id__in=programmes).select_related("programme")


def own_wave_get_for_actor(*, actor: Actor, wave_id: int):
    """A wave the actor answers (404 for anyone who is not a member of one of its sets)."""
    wave = own_waves_for_actor(actor).filter(pk=wave_id).first()
    if wave is None or actor.person_id is None:
        raise _not_found()
    return wave


def own_responses_for_actor(actor: Actor):
    """The actor's own answers, every wave; nobody else's, whatever their role."""
    from palg.surveys.models import Response

    if actor.person_id is None:
        return Response.objects.none()
    return Response.objects.filter(respondent__person_id=actor.person_id).select_related(
        "wave__programme", "group"
    )


# Impact: pooled figures and change events ---------------------------------------------------
#
# A programme's pooled figures (palg.impact) are for those who oversee it: its leads and the
# organisation's admins, and its sponsors, who see less (palg.impact.floor). Its members see
# their own set's figures on the set's page instead (403 here). The organisation's change
# events are logged by its admins and by whoever leads or sponsors one of its programmes.

MSG_IMPACT_OVERSEERS = (
    "A programme's pooled figures are for its leads, sponsors and organisation admins; your "
    "set's own figures are on your set's impact page."
)
MSG_CHANGE_LOGGERS = (
    "Only organisation admins and the leads and sponsors of its programmes log change events."
)


def programme_impact_get_for_actor(*, actor: Actor, programme_id: int):
    """The programme and the audience its figures are released to (palg.impact.floor):
    OVERSEER for its leads and admins, SPONSOR for its sponsors; 403 for others with a part in
    it, 404 for anyone else."""
    from palg.impact.floor import Audience

    programme = programme_get_for_actor(actor=actor, programme_id=programme_id)
    roles = programme_roles(actor, programme)
    if _manages(actor, roles):
        return programme, Audience.OVERSEER
    if Role.SPONSOR in roles:
        return programme, Audience.SPONSOR
    raise PermissionDenied(MSG_IMPACT_OVERSEERS)


def change_event_programmes_for_actor(actor: Actor) -> QuerySet[Programme]:
    """The programmes whose change events the actor logs: all of the organisation's for its
    admins, else those they lead or sponsor."""
    qs = Programme.objects.filter(organisation_id=actor.organisation_id)
    if actor.is_org_admin:
        return qs
    return qs.filter(
        roles__person_id=actor.person_id, roles__role__in=(Role.LEAD, Role.SPONSOR)
    ).distinct()


def require_change_logger(actor: Actor) -> None:
    if actor.organisation_id is None:
        raise PermissionDenied(MSG_CHANGE_LOGGERS)
    if not (actor.is_org_admin or change_event_programmes_for_actor(actor).exists()):
        raise PermissionDenied(MSG_CHANGE_LOGGERS)


def change_events_for_actor(actor: Actor):
    """The change events the actor sees and may change: the organisation-wide ones and those
    of the programmes they lead or sponsor (admins: all of the organisation's); 403 for anyone
    who logs none."""
    from palg.impact.models import ChangeEvent

    require_change_logger(actor)
    qs = ChangeEvent.objects.filter(organisation_id=actor.organisation_id)
    if actor.is_org_admin:
        return qs
    return qs.filter(Q(programme=None) | Q(programme__in=change_event_programmes_for_actor(actor)))


def change_event_get_for_actor(*, actor: Actor, event_id: int):
    """One change event the actor may change (403 for anyone who logs none, 404 for any event
    outside what they see)."""
    event = change_events_for_actor(actor).filter(pk=event_id).first()
    if event is None:
        raise _not_found()
    return event


# Themes for the organisation (palg.themes) ---------------------------------------------------
#
# A set's theme statements are set content: its members and facilitator read them; its members
# (not the facilitator) draft, consent, link and withdraw. Overseers know the set exists, so its
# themes page answers them 403; a statement itself answers 404 to anyone outside the set, as an
# experiment card does: that it exists is set content. A member reads a statement written at a
# meeting they read, or on the set's page after they joined. Released themes reach the programme's
# leads, sponsors and admins (the programme's theme map) and the organisation's admins and
# anyone who leads or sponsors one of its programmes (the organisation's map), only through the
# release rule (palg.themes.rule), never naming a set.

MSG_THEME_MEMBERS = "Only the set's members draft, consent to and withdraw its themes."
MSG_THEME_MAP = (
    "The theme map is for the organisation's admins and the leads and sponsors of its programmes."
)


def _require_member(actor: Actor, group: Group) -> None:
    if group_membership_role(actor, group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_THEME_MEMBERS)


def theme_set_get_for_actor(*, actor: Actor, group_id: int, write: bool = False) -> Group:
    """A set whose theme statements the actor reads (404 outside it, 403 for its overseers);
    `write` needs a member."""
    group = group_get_for_actor(actor=actor, group_id=group_id)
    if not group_reads_content(actor, group):
        raise PermissionDenied(MSG_CONTENT)
    if write:
        _require_member(actor, group)
    return group


def theme_meeting_get_for_actor(*, actor: Actor, meeting_id: int, write: bool = False) -> Meeting:
    """A session whose process review drafts theme statements (meeting content rules)."""
    meeting = meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    if write:
        _require_member(actor, meeting.group)
    return meeting


def theme_statement_open_to(statement, joined) -> bool:
    """A statement follows its meeting; one written on the set's page is for those in the set
    when it was written."""
    if statement.meeting is not None:
        return meeting_open_to(statement.meeting, joined)
    return joined <= statement.created_at


def theme_statement_get_for_actor(*, actor: Actor, statement_id: int, write: bool = False):
    """A theme statement for its set's members and facilitator (403 for those who joined after
    it; `write`: members only); 404 for anyone else, overseers included."""
    from palg.themes.models import ThemeStatement

    statement = (
        ThemeStatement.objects.select_related("group__round__programme", "meeting")
        .filter(pk=statement_id, group__round__programme__organisation_id=actor.organisation_id)
        .first()
    )
    if statement is None or actor.person_id is None:
        raise _not_found()
    joined = joined_at(actor, statement.group_id)
    if joined is None:
        raise _not_found()
    if not theme_statement_open_to(statement, joined):
        raise PermissionDenied(MSG_CONTENT_BEFORE_JOINING)
    if write:
        _require_member(actor, statement.group)
    return statement


def theme_map_programme_get_for_actor(*, actor: Actor, programme_id: int) -> Programme:
    """A programme whose released themes the actor sees: its leads, sponsors and admins (403
    for its sets' people, 404 for anyone else)."""
    return programme_get_for_actor(actor=actor, programme_id=programme_id, oversee=True)


def require_theme_map_reader(actor: Actor) -> None:
    """The organisation's map: its admins and whoever leads or sponsors one of its programmes."""
    if actor.organisation_id is None:
        raise PermissionDenied(MSG_THEME_MAP)
    if not (actor.is_org_admin or change_event_programmes_for_actor(actor).exists()):
        raise PermissionDenied(MSG_THEME_MAP)


# The loop back: asks, responses and agree / disagree rounds (palg.themes) -------------------
#
# A programme's leads, sponsors and admins post asks to its sets, read the asks' released
# answers and respond to released themes and asks; its leads and admins open and close rounds.
# The programme's sets' people know an ask or a round exists (they see it on their set's page),
# so those pages answer them 403 where they may not act; anyone else gets 404. A round's results
# are for the programme's overseers and its participants (the members of its sets).

MSG_ASK_OVERSEERS = "Only the programme's leads, sponsors and organisation admins ask its sets."
MSG_ROUND_LEADS = "Only the programme's leads and organisation admins open and close rounds."
MSG_ROUND_PARTICIPANTS = (
    "A round is for the members of the programme's sets (who vote) and its leads and sponsors."
)
MSG_ROUND_VOTERS = "Only the members of the programme's sets vote in its rounds."


def ask_programme_get_for_actor(*, actor: Actor, programme_id: int) -> Programme:
    """A programme whose sets the actor asks, and whose released themes they respond to."""
    programme = programme_get_for_actor(actor=actor, programme_id=programme_id)
    if not programme_oversees(actor, programme):
        raise PermissionDenied(MSG_ASK_OVERSEERS)
    return programme


def ask_get_for_actor(*, actor: Actor, ask_id: int):
    """An ask, for its programme's overseers (403 for its sets' people, 404 for anyone else)."""
    from palg.themes.models import Ask

    ask = (
        Ask.objects.select_related("programme")
        .filter(pk=ask_id, programme__organisation_id=actor.organisation_id)
        .first()
    )
    if ask is None:
        raise _not_found()
    ask_programme_get_for_actor(actor=actor, programme_id=ask.programme_id)
    return ask


def round_programme_get_for_actor(*, actor: Actor, programme_id: int) -> Programme:
    """A programme in which the actor opens rounds: its leads and admins."""
    programme = programme_get_for_actor(actor=actor, programme_id=programme_id)
    if not programme_manages(actor, programme):
        raise PermissionDenied(MSG_ROUND_LEADS)
    return programme


def theme_round_get_for_actor(*, actor: Actor, round_id: int, vote: bool = False,
                              manage: bool = False):  # fmt: skip
    """A round: its programme's overseers and set members read it (its facilitators 403,
    anyone else 404); `vote` needs a set member, `manage` a lead or admin."""
    from palg.themes.models import ThemeRound

    theme_round = (
        ThemeRound.objects.select_related("programme")
        .filter(pk=round_id, programme__organisation_id=actor.organisation_id)
        .first()
    )
    if theme_round is None:
        raise _not_found()
    programme = programme_get_for_actor(actor=actor, programme_id=theme_round.programme_id)
    roles = programme_roles(actor, programme)
    participant = f"set-{Membership.Role.MEMBER}" in roles
    if manage:
        if not _manages(actor, roles):
            raise PermissionDenied(MSG_ROUND_LEADS)
    elif vote:
        if not participant:
            raise PermissionDenied(MSG_ROUND_VOTERS)
    elif not (participant or _oversees(actor, roles)):
        raise PermissionDenied(MSG_ROUND_PARTICIPANTS)
    return theme_round
