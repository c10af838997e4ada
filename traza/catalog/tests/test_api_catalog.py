"""/api/v1/catalog/: read-only look-ups of makes, calibres, offence codes, states and municipalities."""

import json

import pytest

from traza.agencies.tests.factories import api_client

URL = "/api/v1/catalog/"


def results(user, path: str, **params) -> list[dict]:
    response = api_client(user).get(f"{URL}{path}/", params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


@pytest.mark.django_db
def test_makes_by_name_or_alias_with_country_kind_and_importers(officer_a):
    (glock,) = results(officer_a, "makes", q="glok")
    (norinco,) = results(officer_a, "makes", q="norinco")
    (smith,) = results(officer_a, "makes", q="S&W")

    assert (glock["name"], glock["country"], glock["kind"], glock["is_foreign"]) == ("Glock", "AT", "both", True)
    assert norinco["importers"] == [
        {"id": results(officer_a, "makes", q="century arms")[0]["id"], "name": "Century Arms"}
    ]
    assert (smith["name"], smith["is_foreign"]) == ("Smith & Wesson", False)
    assert "S&W" in smith["aliases"]
    assert smith["licences"][0] == "54315017"


@pytest.mark.django_db
def test_calibres_by_any_way_they_are_written(officer_a):
    assert "9×19mm Parabellum" in {row["name"] for row in results(officer_a, "calibers", q="9mm")}
    fives = {row["name"]: row for row in results(officer_a, "calibers", q="5,56")}
    assert fives["5.56×45mm NATO"]["group"] == "5.56×45mm / .223"
    assert "556NATO" in fives["5.56×45mm NATO"]["aliases"]


@pytest.mark.django_db
def test_offence_codes_by_code_english_spanish_or_mexican_name(officer_a):
    assert [row["code"] for row in results(officer_a, "crime-codes", q="911")] == ["0911"]
    assert "0911" in {row["code"] for row in results(officer_a, "crime-codes", q="homicide - willful kill - gun")}
    assert "0911" in {row["code"] for row in results(officer_a, "crime-codes", q="homicidio doloso con arma")}
    (carrying,) = results(officer_a, "crime-codes", q="portación ilegal de arma")
    assert carrying["code"] == "5212"
    assert "Portación ilegal de arma de fuego" in carrying["mexican_names"]
    assert (carrying["name_en"], carrying["name_es"]) == ("Possession of weapon", "Posesión de arma de fuego")


@pytest.mark.django_db
def test_states_of_a_country(officer_a):
    response = api_client(officer_a).get(f"{URL}regions/", {"country": "mx", "page_size": 100})

    body = response.json()
    assert body["count"] == 32
    sinaloa = next(row for row in body["results"] if row["code"] == "MX-SIN")
    assert sinaloa == {
        "code": "MX-SIN",
        "country": "MX",
        "name": "Sinaloa",
        "statistical_code": "25",
        "postal_code": "",
    }
    assert {row["country"] for row in results(officer_a, "regions", country="US")} == {"US"}


@pytest.mark.django_db
def test_municipalities_of_a_state_by_name_without_accents_or_by_code(officer_a):
    assert results(officer_a, "municipalities", region="MX-SIN", q="culiacan") == [
        {"code": "25006", "name": "Culiacán", "region": "MX-SIN", "country": "MX"}
    ]
    assert [row["code"] for row in results(officer_a, "municipalities", q="25006")] == ["25006"]
    everything = api_client(officer_a).get(f"{URL}municipalities/", {"region": "MX-SIN"}).json()
    assert everything["count"] == 18
    assert {row["region"] for row in everything["results"]} == {"MX-SIN"}


@pytest.mark.django_db
def test_lists_are_paged(officer_a):
    body = api_client(officer_a).get(f"{URL}makes/", {"page_size": 10}).json()

    assert body["count"] > 100
    assert len(body["results"]) == 10
    assert body["next"].endswith("page=2&page_size=10")


@pytest.mark.django_db
def test_any_signed_in_user_reads_the_catalog_nobody_else(officer_b, auditor_a):
    assert results(officer_b, "makes", q="glock")[0]["name"] == "Glock"
    assert results(auditor_a, "crime-codes", q="911")[0]["code"] == "0911"
    for path in ("makes", "calibers", "crime-codes", "regions", "municipalities"):
        response = api_client().get(f"{URL}{path}/")
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.django_db
def test_the_session_of_the_web_form_may_ask_for_suggestions(client, officer_a):
    client.force_login(officer_a)

    response = client.get(f"{URL}makes/", {"q": "ruger"})

    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Ruger"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("makes", {}),
        ("makes", {"q": "a"}),
        ("calibers", {"q": "9"}),
        ("crime-codes", {"q": "arma"}),
        ("regions", {"country": "MX"}),
        ("municipalities", {"q": "san"}),
    ],
)
def test_a_list_takes_a_fixed_number_of_queries(officer_a, path, params, django_assert_max_num_queries):
    client = api_client(officer_a)

    with django_assert_max_num_queries(12):
        assert client.get(f"{URL}{path}/", {**params, "page_size": 100}).status_code == 200


@pytest.mark.django_db
def test_the_schema_documents_the_catalog_api(client):
    paths = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)["paths"]

    parameters = {p["name"] for p in paths["/api/v1/catalog/municipalities/"]["get"]["parameters"]}
    assert {"region", "q", "page", "page_size"} <= parameters
    assert paths["/api/v1/catalog/makes/"]["get"]["operationId"] == "catalog_makes"
