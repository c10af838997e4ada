"""The OpenAPI schema is in one language, English, whoever reads it (issue 11)."""

import json

import pytest
from django.utils import translation

from traza.agencies.tests.factories import UserFactory


def schema_of(client, **params) -> dict:
    response = client.get("/api/v1/schema/", {"format": "json", **params})
    assert response.status_code == 200
    return json.loads(response.content)


def texts(schema) -> set[str]:
    """Every description, summary and title in the schema."""
    found, pending = set(), [schema]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            found.update(text for key, text in value.items() if key in {"description", "summary", "title"})
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return {text for text in found if isinstance(text, str)}


@pytest.mark.django_db
def test_a_spanish_reader_gets_the_english_schema(client, agency_a):
    english = schema_of(client, lang="en")
    lectora = UserFactory(username="lectora.méndez", agency=agency_a, role="officer", language="es")
    client.force_login(lectora)

    for spanish in (schema_of(client, HTTP_ACCEPT_LANGUAGE="es"), schema_of(client, lang="es")):
        assert spanish == english
    with translation.override("es"):
        translated = {translation.gettext(text) for text in texts(english)} - texts(english)
    assert translated, "no description of the schema has a Spanish translation: the test would prove nothing"
    assert translated.isdisjoint(texts(english))
