"""What each role may do: the one table every check reads, so a rule is written once.

Roles come from `User.Role`; the sets below say which roles hold a capability. Scope (which
agency's records) is decided by the selectors; these sets say only whether the role may act at all.
"""

from traza.agencies.models import User

Role = User.Role

TRACE_READERS = frozenset({Role.OFFICER, Role.INVESTIGATOR, Role.ANALYST, Role.AGENCY_ADMIN})
PERSONAL_DATA_READERS = frozenset({Role.INVESTIGATOR, Role.ANALYST})
SUSPECT_FLAGGERS = frozenset({Role.INVESTIGATOR})  # flag serials as suspect guns for a case
QUERY_WORKERS = frozenset({Role.ANALYST})
AGENCY_ADMINS = frozenset({Role.AGENCY_ADMIN})
COORDINATORS = frozenset({Role.COORDINATOR})
AUDITORS = frozenset({Role.AUDITOR})
MARKING_REVIEWERS = frozenset({Role.ANALYST, Role.COORDINATOR})  # map unresolved spellings of makes

# Roles that must give a one-time code at sign-in: those that see personal data, those that grant
# access to others (an agency administrator can make an investigator), and auditors, who export the
# audit log (its purposes, case numbers and who looked at whom).
TWO_FACTOR_ROLES = frozenset(
    {Role.INVESTIGATOR, Role.ANALYST, Role.AGENCY_ADMIN, Role.COORDINATOR, Role.AUDITOR, Role.SYSADMIN}
)

# Roles with no agency: a system administrator, a licensee's responder (tied to a licence instead).
ROLES_WITHOUT_AGENCY = frozenset({Role.SYSADMIN, Role.INDUSTRY})

# Roles an account of an agency may hold whatever the country's access policy: the policy decides
# which agencies hold accounts for tracing, not who oversees the system.
ROLES_OUTSIDE_POLICY = frozenset({Role.COORDINATOR, Role.AUDITOR, Role.SYSADMIN, Role.INDUSTRY})

# Which roles each role may give to others (by invitation or by a change of role).
ASSIGNABLE = {
    Role.AGENCY_ADMIN: frozenset({Role.OFFICER, Role.INVESTIGATOR, Role.AGENCY_ADMIN}),
    Role.COORDINATOR: frozenset({Role.AGENCY_ADMIN}),
    Role.SYSADMIN: frozenset(Role.values),
}


def has_role(user, roles: frozenset) -> bool:
    """Whether `user` is signed in and holds one of `roles`."""
    return bool(user is not None and user.is_authenticated and user.role in roles)


def needs_two_factor(user) -> bool:
    """Whether `user` must give a one-time code at sign-in: by role, or because they set one up."""
    return user.role in TWO_FACTOR_ROLES or user_has_two_factor(user)


def user_has_two_factor(user) -> bool:
    device = getattr(user, "two_factor", None) if user.pk else None
    return bool(device is not None and device.confirmed_at is not None)


def assignable_roles(actor) -> frozenset:
    """The roles `actor` may give to someone else."""
    return ASSIGNABLE.get(actor.role, frozenset()) if actor is not None else frozenset(Role.values)
