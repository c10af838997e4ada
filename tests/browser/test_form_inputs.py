"""Form inputs look alike whatever their type: the invitation form's e-mail box is styled as its user-name box,
and so is a box of every other type a form may use (number, date, search, tel, url, password, none given)."""

import pytest

from tests.browser.support import PASSWORD, sign_in_with_code, two_factor_codes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

LOOKS = ["borderTopWidth", "borderTopStyle", "borderTopColor", "borderRadius", "paddingLeft", "fontSize", "maxWidth"]
STYLE_OF = """([selector, looks]) => {
    const style = getComputedStyle(document.querySelector(selector));
    return Object.fromEntries(looks.map(name => [name, style[name]]));
}"""
# Boxes of every type, added to the invitation form beside its own, as a form of any page would hold them.
ADD_BOXES = """(types) => {
    const form = document.querySelector("form[action='/agency/invite/']");
    for (const type of types) {
        const box = document.createElement("input");
        if (type) box.type = type;
        box.id = `box-${type || "untyped"}`;
        form.append(box);
    }
}"""
TYPES = ["number", "date", "search", "tel", "url", "password", "datetime-local", ""]


@pytest.fixture
def supervisor(server, agency_a):
    """Rosa Inzunza, agency A's administrator, with a password and recovery codes for the code step."""
    from traza.agencies.tests.personas import persona

    with server.paused():
        user = persona("supervisor_a", agency_a, "agency_admin")
        user.first_name, user.last_name, user.language = "Rosa", "Inzunza Félix", "es"
        user.set_password(PASSWORD)
        user.save()
        codes = two_factor_codes(user)
    return codes


def test_the_invitation_forms_email_box_and_every_other_type_look_like_a_text_box(page, supervisor):
    sign_in_with_code(page, "supervisor_a", supervisor[0])
    page.goto("/agency/")

    text = page.evaluate(STYLE_OF, ["#id_username", LOOKS])
    email = page.evaluate(STYLE_OF, ["#id_email", LOOKS])
    page.evaluate(ADD_BOXES, TYPES)
    others = {kind or "untyped": page.evaluate(STYLE_OF, [f"#box-{kind or 'untyped'}", LOOKS]) for kind in TYPES}

    assert text["borderTopWidth"] == "1px" and text["borderTopStyle"] == "solid"
    assert email == text
    assert {kind: looks for kind, looks in others.items() if looks != text} == {}
