"""The page where a programme lead forms a round's sets."""

from django.urls import reverse

from palg.people.models import Conflict
from palg.programmes import forming
from palg.programmes.models import Group, GroupingDraft, ProgrammeRole, Round
from tests.programmes.forming_helpers import add_cohort, next_round, programme_sizes
from tests.web.pages import text

CRITERIA = {
    "min_size": "4",
    "max_size": "6",
    "diversify": ["function", "location", "seniority"],
    "separate": ["team"],
    "no_manager_pairs": "on",
    "conflicts": "on",
    "availability": "on",
    "avoid_repeats": "on",
}


def page_url(cast, number: int) -> str:
    return reverse("round-forming", args=[cast.programme.pk, number])


def opened(cast) -> int:
    add_cohort(cast)
    programme_sizes(cast)
    return next_round(cast)


def drafted(cast):
    number = opened(cast)
    return forming.group_set_form(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=number
    )


def test_the_programme_page_offers_the_lead_a_new_round(cast, client_as):
    body = text(client_as("lead").get(reverse("programme-detail", args=[cast.programme.pk])))
    assert "Form a new round of sets" in body
    sponsor = text(client_as("sponsor").get(reverse("programme-detail", args=[cast.programme.pk])))
    assert "Form a new round of sets" not in sponsor


def test_opening_a_round_leads_to_its_forming_page(cast, client_as):
    response = client_as("lead").post(reverse("round-create", args=[cast.programme.pk]))
    assert response.status_code == 302
    assert response["Location"] == page_url(cast, 2)
    body = text(client_as("lead").get(reverse("programme-detail", args=[cast.programme.pk])))
    assert "Form the sets of round 2" in body


def test_the_page_starts_from_the_programme_s_sizes_and_the_default_criteria(cast, client_as):
    number = opened(cast)
    body = text(client_as("lead").get(page_url(cast, number)))
    assert 'name="min_size" value="4"' in body and 'name="max_size" value="6"' in body
    assert 'name="no_manager_pairs" id="id_no_manager_pairs" checked' in body
    assert 'value="team"' in body
    assert "No sets proposed yet" in body


def test_forming_shows_the_sets_metrics_and_why_lines(cast, client_as):
    number = opened(cast)
    response = client_as("lead").post(page_url(cast, number), CRITERIA)
    assert response.status_code == 302
    body = text(client_as("lead").get(page_url(cast, number)))
    draft = GroupingDraft.objects.get()
    assert "Sets formed: 5 sets for 24 people, every rule kept." in body
    assert "Set 1" in body and "Set 5" in body
    assert "manager and direct report apart" in body
    assert "no two from the same team" in body
    assert "Meets " in body
    assert draft.criteria["diversify"] == ["function", "location", "seniority"]


def test_criteria_that_make_no_sense_re_render_with_the_reason(cast, client_as):
    number = opened(cast)
    response = client_as("lead").post(page_url(cast, number), {**CRITERIA, "min_size": "7"})
    body = text(response)
    assert response.status_code == 200
    assert "The smallest set size cannot be larger than the largest." in body
    assert not GroupingDraft.objects.exists()


def test_an_impossible_grouping_is_explained_and_nothing_is_saved(cast, client_as):
    number = opened(cast)
    data = {**CRITERIA, "min_size": "12", "max_size": "12"}
    body = text(client_as("lead").post(page_url(cast, number), data))
    assert "T0" in body  # five teams of 4 cannot spread over two sets of 12
    assert not GroupingDraft.objects.exists()


def _relax_forms(html: str) -> dict[str, list[tuple[str, str]]]:
    """The relax buttons of the page: label -> the fields their form posts."""
    import re

    forms = {}
    for form in re.findall(r'<form[^>]*class="inline">(.*?)</form>', html, flags=re.S):
        label = re.search(r'<button type="submit">(.*?)</button>', form).group(1)
        fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
        forms[label] = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]
    return forms


def test_an_impossible_grouping_names_the_rule_and_offers_to_relax_it(cast, client_as):
    number = opened(cast)
    data = {**CRITERIA, "min_size": "12", "max_size": "12"}
    html = client_as("lead").post(page_url(cast, number), data).content.decode()
    assert "The closest grouping the search could build still breaks" in html
    forms = _relax_forms(html)
    fields = forms["Form without “no two from the same team”"]
    assert ("min_size", "12") in fields and not any(name == "separate" for name, _ in fields)
    posted: dict[str, list[str]] = {}
    for name, value in fields:
        posted.setdefault(name, []).append(value)
    response = client_as("lead").post(page_url(cast, number), posted, follow=True)
    assert "Sets formed: 2 sets for 24 people, every rule kept." in text(response)
    assert GroupingDraft.objects.get().criteria["separate"] == []


def _manager_move(draft):
    person = next(p for p in draft.people if p.manager_id)
    manager_set = int(draft.labels[draft.position(person.manager_id)]) + 1
    return person, {"person": person.pk, "target": f"set:{manager_set}", "version": draft.version}


def test_a_move_that_breaks_a_rule_answers_the_board_with_the_reason(cast, client_as):
    draft = drafted(cast)
    person, data = _manager_move(draft)
    url = reverse("round-draft-move", args=[cast.programme.pk, draft.round.number])
    response = client_as("lead").post(url, data, headers={"HX-Request": "true"})
    body = text(response)
    assert response.status_code == 200
    assert 'id="draft-board"' in body and "<html" not in body
    assert "Not changed: it would break a rule" in body
    assert f"{person.name}" in body and "line manager" in body
    assert GroupingDraft.objects.get().version == draft.version


def test_without_htmx_a_refused_move_comes_back_as_a_message(cast, client_as):
    draft = drafted(cast)
    _, data = _manager_move(draft)
    client = client_as("lead")
    url = reverse("round-draft-move", args=[cast.programme.pk, draft.round.number])
    response = client.post(url, data, follow=True)
    assert "line manager" in text(response)


def _row(html: str, person_id: int) -> str:
    """The board's row of one person, from its opening tag to the next person's."""
    start = html.index(f'id="person-{person_id}"')
    end = html.find('<li data-person="', start)
    return html[start : end if end > 0 else len(html)]


def test_the_result_of_a_move_is_shown_next_to_the_person(cast, client_as):
    draft = drafted(cast)
    person, data = _manager_move(draft)
    url = reverse("round-draft-move", args=[cast.programme.pk, draft.round.number])
    refused = client_as("lead").post(url, data, headers={"HX-Request": "true"}).content.decode()
    row = _row(refused, person.pk)
    assert "data-focus" in row and 'role="alert"' in row and "line manager" in row
    assert refused.count('role="alert"') == 1
    lock = reverse("round-draft-lock", args=[cast.programme.pk, draft.round.number])
    data = {"person": person.pk, "locked": "on", "version": draft.version}
    locked = client_as("lead").post(lock, data, headers={"HX-Request": "true"}).content.decode()
    row = _row(locked, person.pk)
    assert "data-focus" in row and 'role="status"' in row and "is locked in" in row


def test_locking_from_the_page_marks_the_person_locked(cast, client_as):
    draft = drafted(cast)
    person = draft.people[0]
    url = reverse("round-draft-lock", args=[cast.programme.pk, draft.round.number])
    data = {"person": person.pk, "locked": "on", "version": draft.version}
    body = text(client_as("lead").post(url, data, headers={"HX-Request": "true"}))
    assert f"{person.name} is locked in" in body
    assert f"Unlock {person.name}" in body
    assert [p for p in GroupingDraft.objects.get().placements if p["locked"]] != []


def test_a_bad_move_form_is_refused_with_a_message(cast, client_as):
    draft = drafted(cast)
    url = reverse("round-draft-move", args=[cast.programme.pk, draft.round.number])
    data = {"person": draft.people[0].pk, "target": "nowhere"}
    body = text(client_as("lead").post(url, data, headers={"HX-Request": "true"}))
    assert "Choose a set to move to or a person to swap with." in body


def test_publishing_from_the_page_creates_the_sets(cast, client_as):
    draft = drafted(cast)
    url = reverse("round-publish", args=[cast.programme.pk, draft.round.number])
    response = client_as("lead").post(url, {"version": draft.version}, follow=True)
    body = text(response)
    assert "Round 2 is published: 5 sets." in body
    assert Round.objects.get(pk=draft.round.pk).groups.count() == 5


def _published_set(cast):
    draft = drafted(cast)
    forming.round_publish(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=draft.round.number
    )
    return Group.objects.get(round=draft.round, name="Set 1")


def test_a_formed_set_s_page_calls_it_set_1_not_set_set_1(cast, client_as):
    group = _published_set(cast)
    body = client_as("lead").get(reverse("group-detail", args=[group.pk])).content.decode()
    assert "<h1>Set 1</h1>" in body
    assert "Set Set" not in body and "set Set" not in body


def test_the_lead_renames_a_set_from_its_page(cast, client_as):
    group = _published_set(cast)
    url = reverse("group-rename", args=[group.pk])
    response = client_as("lead").post(url, {"name": "Falcons"}, follow=True)
    assert "The set is now called Falcons." in text(response)
    assert "<h1>Set Falcons</h1>" in response.content.decode()
    taken = client_as("lead").post(url, {"name": "Set 2"})
    assert taken.status_code == 200
    assert "There is already a set called Set 2 in round 2." in text(taken)
    group.refresh_from_db()
    assert group.name == "Falcons"


def test_a_published_round_s_page_says_so_and_offers_no_form(cast, client_as):
    body = text(client_as("lead").get(page_url(cast, 1)))
    assert "Round 1 is published" in body
    assert 'id="criteria-form"' not in body


def _participant_ids(cast) -> set[int]:
    roles = ProgrammeRole.objects.filter(programme=cast.programme, role="participant")
    return set(roles.values_list("person", flat=True))


def test_participants_are_added_by_email_or_id(cast, client_as):
    number = next_round(cast)
    url = reverse("round-participants-add", args=[cast.programme.pk, number])
    outsider = cast.people["outsider"]
    response = client_as("lead").post(url, {"people": f"{outsider.email.upper()}, E1"})
    assert response.status_code == 302
    assert {outsider.pk, cast.people["admin"].pk} <= _participant_ids(cast)


def test_the_known_people_of_a_batch_are_added_and_the_unknown_ones_named(cast, client_as):
    number = next_round(cast)
    url = reverse("round-participants-add", args=[cast.programme.pk, number])
    outsider = cast.people["outsider"]
    batch = f"{outsider.email}\nnobody@x.example; E1\nnoone@x.example"
    html = client_as("lead").post(url, {"people": batch}).content.decode()
    assert {outsider.pk, cast.people["admin"].pk} <= _participant_ids(cast)
    assert "2 participant(s) added." in html
    assert "No one in your organisation has the email or id “nobody@x.example”." in html
    assert "No one in your organisation has the email or id “noone@x.example”." in html
    textarea = html.split('name="people"', 1)[1].split("</textarea>", 1)[0]
    assert "nobody@x.example\nnoone@x.example" in textarea  # left to correct
    assert outsider.email not in textarea


def test_a_batch_of_only_unknown_people_adds_no_one(cast, client_as):
    number = next_round(cast)
    url = reverse("round-participants-add", args=[cast.programme.pk, number])
    before = _participant_ids(cast)
    bad = text(client_as("lead").post(url, {"people": "nobody@x.example"}))
    assert "No one in your organisation has the email or id “nobody@x.example”." in bad
    assert _participant_ids(cast) == before


def test_the_forming_page_lists_every_participant(cast, client_as):
    number = opened(cast)
    html = client_as("lead").get(page_url(cast, number)).content.decode()
    names = [p.name for p in forming.cohort(cast.programme)]
    assert len(names) == 24 and all(name in html for name in names)
    assert "more" not in text(client_as("lead").get(page_url(cast, number))).split("Criteria")[0]


def test_participants_are_added_from_the_programme_page_too(cast, client_as):
    page = reverse("programme-detail", args=[cast.programme.pk])
    assert 'action="' + reverse("programme-participants-add", args=[cast.programme.pk]) in (
        client_as("lead").get(page).content.decode()
    )
    url = reverse("programme-participants-add", args=[cast.programme.pk])
    outsider = cast.people["outsider"]
    response = client_as("lead").post(url, {"people": f"{outsider.email}\nnobody@x.example"})
    assert outsider.pk in _participant_ids(cast)
    assert "“nobody@x.example”" in text(response)
    shown = client_as("lead").get(page).content.decode()
    assert outsider.name in shown.split('id="participants-heading"', 1)[1]


def test_the_conflicts_page_adds_and_removes_a_pair(cast, client_as):
    client = client_as("lead")
    a, b = cast.people["member"], cast.people["other_member"]
    response = client.post(reverse("conflict-list"), {"person": a.pk, "other": b.pk}, follow=True)
    assert f"{a.name} and {b.name} will never be placed in the same set." in text(response)
    again = text(client.post(reverse("conflict-list"), {"person": b.pk, "other": a.pk}))
    assert "are already kept apart" in again
    conflict = Conflict.objects.get()
    client.post(reverse("conflict-delete", args=[conflict.pk]))
    assert not Conflict.objects.exists()


def test_a_balanced_attribute_shows_its_balance_against_chance(cast, client_as):
    number = opened(cast)
    client_as("lead").post(page_url(cast, number), {**CRITERIA, "balance": ["location"]})
    body = text(client_as("lead").get(page_url(cast, number)))
    assert "Balance across sets" in body and "By chance" in body
