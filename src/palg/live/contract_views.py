"""The set's contract page: its rules, who has accepted them, editing and accepting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from palg import access
from palg.access import Actor
from palg.live import contract
from palg.live.forms import ContractForm
from palg.programmes.forms import apply_errors
from palg.programmes.models import Membership

MSG_SAVED = "Contract saved. Everyone is asked to accept the new version."
MSG_ACCEPTED = "You accepted the contract."


def _page(request, actor: Actor, group_id: int, form=None):
    found = contract.contract_get(actor=actor, group_id=group_id)
    status = contract.contract_status(found.group)
    if form is None:
        form = ContractForm(initial={"rules": "\n".join(found.rules), "quorum": found.quorum})
    role = access.group_membership_role(actor, found.group)
    context = {
        "group": found.group,
        "status": status,
        "form": form,
        "is_member": role == Membership.Role.MEMBER,
        "accepted": any(p.pk == actor.person_id for p in status.accepted),
    }
    return render(request, "live/contract.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_page(request, group_id: int):
    actor = Actor.from_user(request.user)
    if request.method == "GET":
        return _page(request, actor, group_id)
    form = ContractForm(request.POST)
    if form.is_valid():
        try:
            contract.contract_update(
                actor=actor,
                group_id=group_id,
                rules=form.rule_list(),
                quorum=form.cleaned_data["quorum"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_SAVED)
            return redirect("contract", group_id=group_id)
    return _page(request, actor, group_id, form=form)


@login_required
@require_POST
def contract_accept(request, group_id: int):
    contract.contract_accept(actor=Actor.from_user(request.user), group_id=group_id)
    messages.success(request, MSG_ACCEPTED)
    return redirect("contract", group_id=group_id)
