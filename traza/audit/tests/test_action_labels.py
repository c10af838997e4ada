"""Every action Traza writes to the audit log has a label a person reads (and the log's action filter offers).

The code is read, not run: every call of the audit service is found, and the action it passes is followed
to the text it names (a literal, a name assigned one, a parameter's default or the values callers pass, a
constant imported from another module). A call whose action cannot be followed so fails too.
"""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from traza.audit.actions import ACTION_FORMAT, LABELS, action_label
from traza.audit.filters import AuditListFilter
from traza.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"audit_record", "audit_record_many"}


def _actions_in(node: ast.AST) -> set[str]:
    return {
        sub.value
        for sub in ast.walk(node)
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and ACTION_FORMAT.match(sub.value)
    }


def _module(dotted: str) -> ast.Module | None:
    path = ROOT.parent / Path(*dotted.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.exists():
            return ast.parse(candidate.read_text(encoding="utf-8"))
    return None


def _named(tree: ast.Module, name: str) -> set[str]:
    """The actions a name may hold in this module: what is assigned to it, looped over into it, its defaults,
    what callers pass for it, and the constant of that name in the module it is imported from."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(
                isinstance(s, ast.Name) and s.id == name for t in targets for s in ast.walk(t)
            ):
                found |= _actions_in(node.value) | _returned(tree, node.value)
        elif isinstance(node, ast.For) and any(isinstance(s, ast.Name) and s.id == name for s in ast.walk(node.target)):
            found |= _actions_in(node.iter)
        elif isinstance(node, ast.arguments):
            positional = node.posonlyargs + node.args
            pairs = list(zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True))
            pairs += [(arg, default) for arg, default in zip(node.kwonlyargs, node.kw_defaults, strict=True) if default]
            found |= {action for arg, default in pairs if arg.arg == name for action in _actions_in(default)}
        elif isinstance(node, ast.keyword) and node.arg == name:
            found |= _actions_in(node.value)
        elif isinstance(node, ast.ImportFrom) and node.module and any(alias.name == name for alias in node.names):
            source = _module(node.module)
            if source is not None:
                found |= {a for stmt in source.body if isinstance(stmt, ast.Assign) for a in _assigned(stmt, name)}
    return found


def _returned(tree: ast.Module, value: ast.expr) -> set[str]:
    """The actions returned by the function of this module that `value` calls, if it calls one."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return set()
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == value.func.id]
    return {
        a for f in functions for n in ast.walk(f) if isinstance(n, ast.Return) and n.value for a in _actions_in(n.value)
    }


def _assigned(statement: ast.Assign, name: str) -> set[str]:
    if any(isinstance(target, ast.Name) and target.id == name for target in statement.targets):
        return _actions_in(statement.value)
    return set()


def _writer_calls(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if func in WRITERS:
                yield node


def actions_written() -> tuple[set[str], list[str]]:
    """(every action the code passes to the audit service, the calls whose action could not be followed)."""
    found: set[str] = set()
    unknown: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts) or path.name.startswith("test_"):
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" not in text:
            continue
        tree = ast.parse(text)
        for call in _writer_calls(tree):
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            if action is None:
                continue  # the service's own definition, or a call without an action (a TypeError at once)
            named = _actions_in(action) if isinstance(action, ast.Constant) else set()
            if isinstance(action, ast.Name):
                named = _named(tree, action.id)
            if not named:
                unknown.append(f"{path.relative_to(ROOT.parent)}:{call.lineno}")
            found |= named
    return found, unknown


def test_every_action_written_has_a_label():
    found, unknown = actions_written()

    assert not unknown, f"audit calls whose action is not a literal or a name the scan can follow: {unknown}"
    expected = {"trace.create", "trace.change", "query.answer", "custody.close", "personal_data.reveal"}
    assert expected | {"person.reveal", "agency.refuse", "make_alias.change", "lead.close", "lead.status"} <= found
    missing = sorted(found - set(LABELS))
    assert not missing, f"audit actions without a label in traza/audit/actions.py: {missing}"


def test_every_label_has_its_spanish_and_the_filter_offers_it():
    with translation.override("en"):
        english = {action: action_label(action) for action in LABELS}
    with translation.override("es"):
        choices = dict(AuditListFilter().fields["action"].choices)
        untranslated = [action for action in LABELS if action_label(action) == english[action]]
        answered = str(choices["query.answer"])

    assert set(LABELS) <= set(choices)
    assert not untranslated, f"actions whose label has no Spanish: {untranslated}"
    assert answered == "respuesta del licenciatario a una consulta de rastreo registrada"


@pytest.mark.django_db
def test_the_service_refuses_an_action_without_a_label():
    with pytest.raises(ValueError, match="no label"):
        audit_record(actor=None, action="trace.teleport", object_type="trace", object_id=1)
