"""What each role sees first."""

from palg import access
from palg.programmes.selectors import programme_list


def home_context(user) -> dict:
    if user.organisation_id is None:
        return {"programmes": []}
    actor = access.Actor.from_user(user)
    return {"programmes": programme_list(actor=actor)}
