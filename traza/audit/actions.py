"""The names of audited actions, and how a person reads them.

An action is `<subject>.<verb>`, lower case, and is listed here with its label: the audit service refuses
an action that is not, so every entry reads in words on the audit pages and in their action filter.
"""

import re

from django.utils.translation import gettext_lazy as _

ACTION_FORMAT = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")

LABELS = {
    "auth.login": _("signed in"),
    "auth.login_failed": _("sign-in failed"),
    "auth.locked_out": _("sign-in refused: too many failures"),
    "auth.code_failed": _("wrong one-time code"),
    "auth.logout": _("signed out"),
    "auth.session_expired": _("session expired"),
    "auth.password_set": _("password set"),
    "auth.two_factor_enabled": _("two-factor authentication set up"),
    "auth.two_factor_reset": _("two-factor authentication reset"),
    "auth.recovery_code_used": _("signed in with a recovery code"),
    "user.create": _("account created"),
    "user.invite": _("account invited"),
    "user.role_change": _("role changed"),
    "user.suspend": _("account suspended"),
    "user.reactivate": _("account reactivated"),
    "user.remove": _("account removed"),
    "token.create": _("API token issued"),
    "token.revoke": _("API token revoked"),
    "agency.apply": _("agency applied"),
    "agency.approve": _("agency approved"),
    "agency.refuse": _("agency refused"),
    "agency.designate": _("agency designated"),
    "agency.undesignate": _("agency designation withdrawn"),
    "agency.centre_designate": _("agency designated a tracing centre"),
    "agency.centre_withdraw": _("tracing-centre designation withdrawn"),
    "policy.change": _("access policy changed"),
    "custody.close": _("custody alert closed"),
    "stats.export": _("statistics exported"),
    "sharing.create": _("sharing agreement created"),
    "sharing.join": _("sharing agreement joined"),
    "sharing.leave": _("sharing agreement left"),
    "personal_data.reveal": _("personal data shown"),
    "person.reveal": _("personal data of a resolved person shown"),
    "trace.create": _("trace submitted"),
    "trace.change": _("trace changed by a file"),
    "trace.cancel": _("trace withdrawn"),
    "trace.export": _("traces exported"),
    "trace.sheet": _("result sheet of a trace issued"),
    "international.send": _("international trace request sent"),
    "international.answer": _("answer to an international trace request recorded"),
    "international.export": _("international trace requests exported"),
    "upload.create": _("file uploaded"),
    "import.finish": _("file imported"),
    "audit.export": _("audit log exported"),
    "query.answer": _("licensee's answer to a trace query recorded"),
    "query.no_record": _("licensee has no record of the firearm"),
    "query.transfer": _("licensee query passed to another trace of the firearm"),
    "make_alias.create": _("spelling of a make mapped"),
    "make_alias.change": _("spelling of a make mapped again, as a correction"),
    "lead.assign": _("lead assigned"),
    "lead.status": _("lead status changed"),
    "lead.refer": _("lead referred to an agency"),
    "lead.close": _("lead closed"),
    "lead.note": _("note added to a lead"),
    "lead.export": _("leads exported"),
    "suspect.flag": _("gun flagged as suspect"),
    "suspect.withdraw": _("suspect gun flag withdrawn"),
}


def action_label(action: str) -> str:
    """The action in words, in the active language (an entry written before its action was listed: its code)."""
    return str(LABELS.get(action, action))


def check_action(action: str) -> None:
    """Refuse an action that is not `<subject>.<verb>` or has no label here."""
    if not ACTION_FORMAT.match(action):
        raise ValueError(f"An audited action is '<subject>.<verb>' in lower case, not {action!r}")
    if action not in LABELS:
        raise ValueError(f"The audited action {action!r} has no label: add it to LABELS in traza/audit/actions.py")
