from django.urls import reverse

from palg.access import MSG_READ_ONLY
from tests.web.pages import text


def test_a_hidden_set_answers_a_404_page_in_the_products_layout(cast, client_as):
    response = client_as("other_member").get(reverse("group-detail", args=[cast.alpha.pk]))
    body = text(response)
    assert response.status_code == 404
    assert "Page not found" in body
    assert 'class="site-header"' in body
    assert "Alpha" not in body


def test_a_read_only_role_gets_a_403_page_with_the_reason(cast, client_as):
    response = client_as("sponsor").get(reverse("programme-edit", args=[cast.programme.pk]))
    body = text(response)
    assert response.status_code == 403
    assert "You can't do that here" in body
    assert MSG_READ_ONLY in body
