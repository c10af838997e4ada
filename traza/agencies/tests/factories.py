"""Factories for accounts, and an API client that signs in the way machine clients do."""

import factory
from factory.django import DjangoModelFactory
from rest_framework.test import APIClient

from traza.agencies.models import User
from traza.agencies.services import token_create


class UserFactory(DjangoModelFactory):
    """A user of an agency; an officer unless told otherwise. No usable password: tests sign in with tokens."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.OFFICER
    language = "en"
    password = "!"  # an unusable password, as set_unusable_password() writes it


def api_client(user: User | None = None) -> APIClient:
    """A client with a fresh bearer token of `user` (anonymous without one), asking for English."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        _token, raw = token_create(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client
