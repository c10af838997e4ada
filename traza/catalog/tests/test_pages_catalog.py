"""The catalog browser: makes, calibres and offence codes, searched and paged."""

import pytest
from django.urls import reverse

from traza.tracing.tests.world import licensee_rows


def page_of(client, user, name: str, **params) -> str:
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_makes_show_their_aliases_country_kind_licences_and_importers(client, officer_a, load):
    load("licensees", licensee_rows())

    page = page_of(client, officer_a, "catalog", q="ruger")

    assert "Ruger" in page
    assert "STURM, RUGER &amp; CO., INC." in page
    assert "<code>15615352</code> STURM, RUGER &amp; COMPANY, INC" in page
    assert "United States" in page
    assert "Manufacturer" in page
    norinco = page_of(client, officer_a, "catalog", q="china north industries")
    assert "Norinco" in norinco
    assert "China" in norinco
    assert '<a href="?q=Century%20Arms">Century Arms</a>' in norinco


@pytest.mark.django_db
def test_a_make_is_found_by_any_way_it_is_written(client, officer_a):
    for text in ("S&W", "smith y wesson", "SMITH AND WESSON"):
        page = page_of(client, officer_a, "catalog", q=text)
        assert "Smith &amp; Wesson" in page, text
        assert "One make" in page, text


@pytest.mark.django_db
def test_the_makes_are_paged_and_the_search_is_kept_across_pages(client, officer_a, catalog):
    first = page_of(client, officer_a, "catalog")
    assert "Page 1 of" in first
    assert 'href="?page=2"' in first

    searched = page_of(client, officer_a, "catalog", q="a")
    assert 'href="?q=a&amp;page=2"' in searched
    assert "Page 2 of" in page_of(client, officer_a, "catalog", q="a", page=2)


@pytest.mark.django_db
def test_calibres_show_their_group_and_aliases(client, officer_a):
    page = page_of(client, officer_a, "catalog-calibers", q="5.56")

    assert "5.56×45mm NATO" in page
    assert "5.56×45mm / .223" in page
    assert "<code>556NATO</code>" in page
    assert ".223 Remington" in page_of(client, officer_a, "catalog-calibers", q="223 rem")


@pytest.mark.django_db
def test_offence_codes_are_found_by_code_either_name_or_mexican_name(client, officer_a):
    assert "Homicidio doloso con arma de fuego" in page_of(client, officer_a, "catalog-crime-codes", q="911")
    assert "<code>0911</code>" in page_of(client, officer_a, "catalog-crime-codes", q="willful kill - gun")
    page = page_of(client, officer_a, "catalog-crime-codes", q="portacion ilegal")
    assert "<code>5212</code>" in page
    assert "Portación ilegal de arma de fuego" in page
    assert 'lang="es"' in page


@pytest.mark.django_db
def test_an_empty_search_says_so(client, officer_a):
    page = page_of(client, officer_a, "catalog", q="zzzz no such make")

    assert "0 makes" in page
    assert "<table" not in page
    assert "Show all" in page


@pytest.mark.django_db
def test_every_agency_reads_the_same_catalog_and_only_when_signed_in(client, officer_b):
    assert "Smith &amp; Wesson" in page_of(client, officer_b, "catalog", q="S&W")
    client.logout()
    for name in ("catalog", "catalog-calibers", "catalog-crime-codes"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_search_box_is_labelled_and_the_sections_are_marked(client, officer_a):
    page = page_of(client, officer_a, "catalog-calibers")

    assert '<label for="catalog-q">' in page
    assert 'role="search"' in page
    assert f'<a href="{reverse("catalog-calibers")}" aria-current="page">' in page
    assert "data-label=" in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["catalog", "catalog-calibers", "catalog-crime-codes"])
def test_a_page_takes_a_fixed_number_of_queries(client, officer_a, name, load, django_assert_max_num_queries):
    load("licensees", licensee_rows())
    client.force_login(officer_a)

    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name), {"q": "a"}).status_code == 200
