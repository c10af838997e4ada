"""The names of audited actions, and how a person reads them.

An action is `<subject>.<verb>`, lower case. Apps may record actions not listed here (the log shows
their code); listing one gives it a label on the audit pages.
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
    "international.send": _("international trace request sent"),
    "international.answer": _("answer to an international trace request recorded"),
    "international.export": _("international trace requests exported"),
    "upload.create": _("file uploaded"),
    "import.finish": _("file imported"),
    "audit.export": _("audit log exported"),
    "query.answer": _("licensee's answer to a trace query recorded"),
    "query.no_record": _("licensee has no record of the firearm"),
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
    return str(LABELS.get(action, action))
