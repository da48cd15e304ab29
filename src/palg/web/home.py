"""What each role sees first: one section per part the person plays, in a fixed number of
queries however many programmes and sets they have."""

from palg import access
from palg.accounts.models import User
from palg.impact import selectors as impact
from palg.impact.floor import Audience, min_cell
from palg.programmes import selectors
from palg.programmes.models import Membership, ProgrammeRole

Role = ProgrammeRole.Role


def _lead_rows(programmes) -> list[dict]:
    warnings = selectors.programme_warning_counts(programmes=programmes)
    return [{"programme": p, "warnings": warnings[p.pk]} for p in programmes]


def _sponsor_rows(programmes) -> list[dict]:
    """Counts of sets, people and meetings, and the headline figures pooled across sets
    under the sponsor's rules (at least 5 people and 3 sets behind each: palg.impact.floor)."""
    stats = selectors.programme_stats(programme_ids=[p.pk for p in programmes])
    headlines = impact.headlines(programmes=programmes, audience=Audience.SPONSOR)
    return [
        {"programme": h.programme, "stats": stats[h.programme.pk], "figures": h.figures}
        for h in headlines
    ]


def _admin_counts(actor: access.Actor, programme_count: int) -> dict:
    return {
        "people": access.people_for_actor(actor).count(),
        "accounts": User.objects.filter(organisation_id=actor.organisation_id).count(),
        "programmes": programme_count,
    }


def home_context(user) -> dict:
    """The home page's sections for this user; an empty dict means they have no part yet."""
    if user.organisation_id is None:
        return {}
    actor = access.Actor.from_user(user)
    programmes = list(selectors.programme_list(actor=actor))
    roles = selectors.roles_of_actor(actor=actor)
    led = [p for p in programmes if Role.LEAD in roles.get(p.pk, ())]
    sponsored = [p for p in programmes if Role.SPONSOR in roles.get(p.pk, ())]
    seats = selectors.sets_of_actor(actor=actor)
    context = {
        "participant_seats": [s for s in seats if s.role == Membership.Role.MEMBER],
        "facilitator_seats": [s for s in seats if s.role == Membership.Role.FACILITATOR],
        "led": _lead_rows(led) if led else [],
        "dashboard": impact.lead_dashboard(programmes=led) if led else None,
        "sponsored": _sponsor_rows(sponsored) if sponsored else [],
        "min_cell": min_cell(),
    }
    if actor.is_org_admin:
        context["admin"] = _admin_counts(actor, len(programmes))
    return context
