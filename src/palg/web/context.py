from palg import access


def navigation(request):
    """What the top navigation may offer the signed-in user."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or user.organisation_id is None:
        return {"nav_staff": False}
    return {"nav_staff": access.actor_is_staff(access.Actor.from_user(user))}
