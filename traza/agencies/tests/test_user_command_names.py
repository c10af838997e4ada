"""`traza user role|suspend|reactivate|remove|reset-two-factor` take `--username` (and `--role`) as `user create`
does; the positional form they first took keeps working."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from traza.agencies.models import User


def user(*arguments: str) -> str:
    out = io.StringIO()
    call_command("user", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_every_action_takes_the_username_as_create_does(officer_a):
    user("role", "--username", "OFFICER_A", "--role", "investigator")
    assert User.objects.get(pk=officer_a.pk).role == "investigator"
    user("suspend", "--username", " officer_a")
    assert not User.objects.get(pk=officer_a.pk).is_active
    assert "officer_a may sign in again." in user("reactivate", "--username=officer_a")
    assert User.objects.get(pk=officer_a.pk).is_active


@pytest.mark.django_db
def test_the_positional_form_still_works(officer_a):
    user("role", "officer_a", "investigator")
    user("suspend", "officer_a")

    refreshed = User.objects.get(pk=officer_a.pk)
    assert (refreshed.role, refreshed.is_active) == ("investigator", False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["suspend"], "Give --username."),
        (["role", "--username", "officer_a"], "Give --role."),
        (["suspend", "officer_a", "--username", "officer_b"], "Give --username once."),
        (["role", "--username", "officer_a", "--role", "jefe"], "invalid choice"),
    ],
)
def test_a_missing_or_doubled_name_is_named_and_nothing_changes(officer_a, arguments, words):
    with pytest.raises(CommandError, match=words):
        user(*arguments)

    refreshed = User.objects.get(pk=officer_a.pk)
    assert (refreshed.role, refreshed.is_active) == ("officer", True)


@pytest.mark.django_db
def test_each_change_says_what_was_done_in_a_whole_sentence_of_the_operators_language(officer_a):
    with translation.override("es"):
        assert user("role", "officer_a", "investigator").strip() == "officer_a tiene ahora el rol de investigador."
        assert user("suspend", "officer_a").strip() == "La cuenta de officer_a quedó suspendida."
        assert user("remove", "officer_a").strip() == "La cuenta de officer_a fue dada de baja."
