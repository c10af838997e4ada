"""Every action Traza writes to the audit log has a label a person reads (and the log's action filter offers)."""

import re
from pathlib import Path

from traza.audit.actions import ACTION_FORMAT, LABELS

ROOT = Path(__file__).resolve().parents[2]
SUBJECTS = {action.split(".")[0] for action in LABELS}
LITERAL = re.compile(r"[\"']([a-z_]+\.[a-z_]+)[\"']")


def actions_in_code() -> set[str]:
    """The audit actions named in Traza's code: string literals `subject.verb` whose subject is an audited one."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit" not in text:
            continue
        for name in LITERAL.findall(text):
            if name.split(".")[0] in SUBJECTS and ACTION_FORMAT.match(name):
                found.add(name)
    return found


def test_every_action_written_has_a_label():
    found = actions_in_code()
    assert {"trace.create", "query.answer", "custody.close", "personal_data.reveal"} <= found
    missing = sorted(found - set(LABELS))
    assert not missing, f"audit actions without a label in traza/audit/actions.py: {missing}"
