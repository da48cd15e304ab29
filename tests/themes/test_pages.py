"""The set's themes page and the theme map in the browser: drafting with the identifying
details highlighted, consent, edits, "ours is the same", and bad input re-rendering the form
with its message (never a 500)."""

from django.urls import reverse

from palg.themes.models import ThemeStatement
from palg.themes.services import MSG_NOT_DRAFT, MSG_TEXT_REQUIRED, MSG_TEXT_TOO_LONG
from tests.themes.builders import CROSS_SITE, add_set, recluster, release


def set_page(cast):
    return reverse("set-themes", args=[cast.alpha.pk])


def test_a_member_drafts_a_theme_and_sees_who_must_consent(cast, client_as):
    client = client_as("member")
    response = client.post(set_page(cast), {"text": CROSS_SITE[0]}, follow=True)
    assert "Theme drafted." in response.text
    assert CROSS_SITE[0] in response.text
    assert "Waiting for: Alice, Ann." in response.text
    assert "I consent to release it" in response.text


def test_identifying_details_are_highlighted_and_the_set_may_still_consent(cast, client_as):
    client = client_as("member")
    text = "Bob in set Beta is ignored by the Chief Nurse"
    response = client.post(set_page(cast), {"text": text}, follow=True)
    assert '<mark class="identifying"' in response.text
    assert "“Bob” matches a name in the organisation&#x27;s directory." in response.text
    assert "“set Beta” names a set." in response.text
    assert "Consent anyway" in response.text


def test_rare_titles_come_from_the_directory_s_title_column(cast, client_as):
    cast.people["bea"].attributes = {"job title": "Chief Nurse"}
    cast.people["bea"].save()
    response = client_as("member").post(
        set_page(cast), {"text": "The Chief Nurse decides alone"}, follow=True
    )
    assert "“Chief Nurse” is a job title held by fewer than 5 people" in response.text


def test_an_empty_or_too_long_draft_re_renders_the_form_with_its_message(cast, client_as):
    client = client_as("member")
    for text, message in (("", MSG_TEXT_REQUIRED), ("x" * 300, MSG_TEXT_TOO_LONG)):
        response = client.post(set_page(cast), {"text": text})
        assert response.status_code == 200
        assert message in response.text
    assert not ThemeStatement.objects.exists()


def test_consenting_on_the_page_releases_once_everyone_has(cast, client_as):
    meeting_page = reverse("meeting-themes", args=[cast.alpha_meeting.pk])
    client = client_as("member")
    client.post(meeting_page, {"text": CROSS_SITE[0]})
    statement = ThemeStatement.objects.get()
    response = client.post(reverse("theme-consent", args=[statement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == meeting_page
    assert "the theme is released" in response.text


def test_an_edit_of_a_released_theme_re_renders_with_the_reason(cast, client_as):
    client = client_as("member")
    client.post(reverse("meeting-themes", args=[cast.alpha_meeting.pk]), {"text": CROSS_SITE[0]})
    statement = ThemeStatement.objects.get()
    client.post(reverse("theme-consent", args=[statement.pk]))
    response = client.post(reverse("theme-edit", args=[statement.pk]), {"text": "New words"})
    assert response.status_code == 422
    assert MSG_NOT_DRAFT in response.text


def test_an_empty_edit_re_renders_with_the_message(cast, client_as):
    client = client_as("member")
    client.post(set_page(cast), {"text": CROSS_SITE[0]})
    statement = ThemeStatement.objects.get()
    response = client.post(reverse("theme-edit", args=[statement.pk]), {"text": "  "})
    assert response.status_code == 422
    assert MSG_TEXT_REQUIRED in response.text


def test_a_draft_is_offered_the_released_themes_it_resembles_and_may_join_one(cast, client_as):
    for name, text in zip(("Heron", "Kestrel", "Osprey"), CROSS_SITE, strict=False):
        release(add_set(cast, name, 4), text)
    recluster(cast)
    client = client_as("member")
    response = client.post(set_page(cast), {"text": CROSS_SITE[4]}, follow=True)
    assert "Released themes yours resembles" in response.text
    statement = ThemeStatement.objects.get(group=cast.alpha)
    theme_id = response.context["themes"].statements[0].suggestions[0].theme_id
    response = client.post(reverse("theme-link", args=[statement.pk]), {"theme": theme_id},
                           follow=True)  # fmt: skip
    assert "counts toward that released theme" in response.text
    statement.refresh_from_db()
    assert statement.same_as_id is not None
    assert "counts toward the released theme" in response.text


def test_a_choice_that_is_not_a_theme_is_refused_with_a_message(cast, client_as):
    client = client_as("member")
    client.post(set_page(cast), {"text": CROSS_SITE[0]})
    statement = ThemeStatement.objects.get()
    for value in ("abc", "x" * 100):
        response = client.post(reverse("theme-link", args=[statement.pk]), {"theme": value})
        assert response.status_code == 422
    statement.refresh_from_db()
    assert statement.same_as_id is None


def test_another_set_never_sees_a_set_s_statements(cast, client_as):
    client_as("member").post(set_page(cast), {"text": CROSS_SITE[0]})
    other = client_as("other_member")
    response = other.get(reverse("set-themes", args=[cast.beta.pk]))
    assert CROSS_SITE[0] not in response.text
    assert other.get(set_page(cast)).status_code == 404
    assert other.get(f"/api/sets/{cast.alpha.pk}/themes").status_code == 404


def test_the_set_s_facilitator_reads_its_themes_but_has_no_forms(cast, client_as):
    client_as("member").post(set_page(cast), {"text": CROSS_SITE[0]})
    response = client_as("facilitator").get(set_page(cast))
    assert CROSS_SITE[0] in response.text
    assert "Draft theme" not in response.text and "I consent" not in response.text


def test_a_member_of_another_programme_gets_404(cast, client_as):
    from palg.programmes.models import Group, Membership, Programme, Round
    from tests.conftest import make_person, make_user

    other = Programme.objects.create(organisation=cast.org, name="Other")
    group = Group.objects.create(round=Round.objects.create(programme=other, number=1), name="Wren")
    person = make_person(cast.org, "X1", "Xena")
    Membership.objects.create(group=group, person=person, role="member")
    client = client_as("member")
    client.force_login(make_user(person))
    assert client.get(set_page(cast)).status_code == 404
    assert client.get(reverse("programme-theme-map", args=[cast.programme.pk])).status_code == 404
    assert client.get(f"/api/programmes/{cast.programme.pk}/themes").status_code == 404


def test_the_facilitator_gets_403_for_a_link_whatever_they_send(cast, client_as):
    client_as("member").post(set_page(cast), {"text": CROSS_SITE[0]})
    statement = ThemeStatement.objects.get()
    client = client_as("facilitator")
    for value in ("new", "x" * 100):
        response = client.post(reverse("theme-link", args=[statement.pk]), {"theme": value})
        assert response.status_code == 403
