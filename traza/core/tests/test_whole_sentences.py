"""Every message is translated whole: no sentence is glued together from translated pieces and English text.

A translator sees one msgid at a time; "Found" + count + "traces" cannot be put into Spanish word order, and an
English literal beside a translated piece is never translated at all. So, in the package's Python code (tests and
migrations aside) and templates, a gettext result is never:
- added (+) to a string literal holding words, or to another gettext result;
- placed in an f-string beside words, or beside another gettext result;
- an argument of a literal format string holding words ("%s of %s" % (_("Trace"), …), "{} {}".format(…)).
And in templates, no run of text holds two {% translate %} pieces with values between them.
Joining a list of translated labels with a separator (", ".join(labels)) is a list, not a sentence, and passes.
"""

import ast
import re
from pathlib import Path

import pytest

import traza

PACKAGE = Path(traza.__file__).parent
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext"}

# Named exceptions, each with its reason: (file relative to the package, line's code fragment).
EXCEPTIONS = {
    # A download's file name ("estadisticas-MX-…csv"), not a sentence: a translated word and codes.
    ("stats/views_public.py", "gettext('statistics')"),
}

# Two inline translations with a value between them (and only spaces and punctuation besides) in one run of text.
_TRANSLATED = r"\{%\s*(?:translate|trans)\s+[\"'][^\"']*[\"']\s*%\}"
_BESIDE = r"[^<>{}%\"'=]*"
_VALUE = r"\{\{[^}]*\}\}"
TEMPLATE_FRAGMENTS = re.compile(f"{_TRANSLATED}(?:{_BESIDE}{_VALUE})+{_BESIDE}{_TRANSLATED}")


def is_gettext(node: ast.AST) -> bool:
    """A gettext call, or one filled in with %: `_("…")`, `_("… %(n)s") % {…}`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_gettext(node.left)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT


def has_words(text: str) -> bool:
    return any(character.isalpha() for character in re.sub(r"%\(\w+\)[sd]|\{\w*\}|%[sd]", "", text))


def literal_words(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and has_words(node.value)


def added(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return added(node.left) + added(node.right)
    return [node]


def holds_gettext(node: ast.AST) -> bool:
    return any(is_gettext(child) for child in ast.walk(node))


def glued(node: ast.AST) -> bool:
    """Whether `node` builds a sentence out of a gettext result and other words."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = added(node)
        pieces = sum(is_gettext(part) for part in parts)
        return pieces > 1 or (pieces == 1 and any(literal_words(part) for part in parts))
    if isinstance(node, ast.JoinedStr):
        values = [value.value for value in node.values if isinstance(value, ast.FormattedValue)]
        text = "".join(value.value for value in node.values if isinstance(value, ast.Constant))
        pieces = sum(is_gettext(value) for value in values)
        return pieces > 1 or (pieces == 1 and has_words(text))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return literal_words(node.left) and holds_gettext(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        return literal_words(node.func.value) and any(holds_gettext(argument) for argument in arguments)
    return False


def python_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


def python_fragments(path: Path) -> list[str]:
    relative = path.relative_to(PACKAGE).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if glued(node):
            code = ast.unparse(node)
            if not any(relative == file and fragment in code for file, fragment in EXCEPTIONS):
                found.append(f"{relative}:{node.lineno}: {code[:160]}")
    return found


def template_fragments(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(PACKAGE).as_posix()}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)[:160]}"
        for match in TEMPLATE_FRAGMENTS.finditer(text)
    ]


def test_no_python_message_is_glued_from_translated_pieces():
    found = [line for path in python_files() for line in python_fragments(path)]
    assert not found, "sentences built from pieces (use one message with named placeholders):\n" + "\n".join(found)


def test_no_template_sentence_is_glued_from_translated_pieces():
    found = [line for path in sorted(PACKAGE.rglob("templates/**/*.html")) for line in template_fragments(path)]
    assert not found, "sentences built from pieces (use one blocktranslate):\n" + "\n".join(found)


def test_every_named_exception_is_still_there():
    for file, fragment in EXCEPTIONS:
        assert fragment in (PACKAGE / file).read_text(encoding="utf-8").replace('"', "'"), (file, fragment)


@pytest.mark.parametrize(
    "code",
    [
        '_("Found") + " " + str(count) + " traces"',
        '_("Trace") + _(" cancelled")',
        "f\"{_('Trace')} {number} was cancelled\"",
        '"%s of %s" % (_("Page"), total)',
        '"{} traces".format(gettext("Found"))',
    ],
)
def test_the_check_finds_a_glued_sentence(code):
    assert any(glued(node) for node in ast.walk(ast.parse(code)))


@pytest.mark.parametrize(
    "code",
    [
        '_("Found %(count)s traces") % {"count": count}',
        '"  " + _("%(file)s: %(rows)s rows") % {"file": name, "rows": rows}',
        '", ".join([_("Make"), _("Model")])',
        'f"{count:>7,}  {label}"',
    ],
)
def test_the_check_lets_whole_messages_pass(code):
    assert not any(glued(node) for node in ast.walk(ast.parse(code)))


def test_the_template_check_finds_two_pieces_around_a_value():
    text = '<p>{% translate "Showing" %} {{ count }} {% translate "of" %} {{ total }}</p>'
    assert TEMPLATE_FRAGMENTS.search(text)
    assert not TEMPLATE_FRAGMENTS.search('<th>{% translate "Make" %}</th><th>{% translate "Model" %}</th>')
    assert not TEMPLATE_FRAGMENTS.search('<a title="{% translate "Codes" %}">{% translate "Export" %}</a>')
