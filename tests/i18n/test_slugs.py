"""Persian slugs round-trip through addresses, redirects and requests; a slug never
holds a zero-width non-joiner, and an address that does still finds the post."""

import pytest
from django.urls import resolve, reverse
from django.utils.encoding import escape_uri_path, uri_to_iri

from newsdesk.content import actions
from newsdesk.content.models import Post, Redirect
from newsdesk.content.slugs import slug_for
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "کتاب‌های تازهٔ ۱۴۰۳"  # a ZWNJ, a hamza above, Persian digits


def test_a_slug_keeps_the_word_whole_and_the_digits_ascii():
    assert slug_for(TITLE) == "کتابهای-تازه-1403"  # the hamza is a mark: dropped
    assert slug_for("می‌شود") == "میشود"
    assert slug_for("‌") == "item"


def test_language_codes_and_search_are_never_a_posts_slug():
    assert factories.post("FA").slug == "fa-2"
    assert factories.post("Search").slug == "search-2"
    assert factories.post("English").slug == "english"


def test_a_persian_slug_round_trips_through_reverse_request_and_resolve(client):
    post = factories.post(TITLE, language="fa")
    path = post.get_absolute_url()
    assert path == reverse("fa:post_or_page", kwargs={"path": "کتابهای-تازه-1403"})
    assert path.isascii()  # URI-escaped, as browsers send it
    match = resolve(uri_to_iri(path))
    assert (match.view_name, match.kwargs["path"]) == ("fa:post_or_page", post.slug)
    response = client.get(path)
    assert response.status_code == 200
    assert response.wsgi_request.path == uri_to_iri(path)


def test_an_address_with_the_joiner_moves_to_the_slug(client):
    post = factories.post(TITLE, language="fa")
    with_joiner = escape_uri_path("/fa/کتاب‌های-تازهٔ-1403/")
    assert "%E2%80%8C" in with_joiner
    response = client.get(with_joiner)
    assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())


def test_old_addresses_with_the_joiner_redirect_through_the_table(client):
    post = factories.post(TITLE, language="fa")
    old = escape_uri_path("/1399/06/کتاب‌های-قدیمی/")  # as a WordPress export links it
    Redirect.objects.create(old_path=old, new_path=post.get_absolute_url())
    for requested in (old, uri_to_iri(old)):
        response = client.get(requested)
        assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())


def test_a_renamed_persian_slug_redirects_from_the_old_one(client):
    post = factories.post(TITLE, language="fa")
    old = post.get_absolute_url()
    post.slug = slug_for("کتاب‌های نو")
    actions.save_post(post)
    stored = Redirect.objects.get()
    assert (stored.old_path, stored.new_path) == (old, post.get_absolute_url())
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())
    assert client.get(response["Location"]).status_code == 200
    assert Post.objects.get().slug == "کتابهای-نو"
