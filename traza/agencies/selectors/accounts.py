"""Reads about users: their language, whether they may sign in, whom an administrator manages, the lock-out.

The sign-in lock-out is counted here, from the audit log, rather than by django-axes. Our rule is per user name
from one address and per user name from every address together, where a success forgives only its own
address's earlier failures; wrong one-time codes count as much as wrong passwords. Axes counts failures of
`authenticate()` (passwords) in tables of its own, by user name, address or both but without that asymmetry,
and would need the code step fed to it by hand; failures would then live in two places (its tables and the
audit log, which we keep anyway) that could disagree. Reading the audit log keeps one record and one rule.
"""

from datetime import timedelta
from typing import cast

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from traza.agencies.models import AccessPolicy, Agency, TwoFactorDevice, User
from traza.agencies.roles import ROLES_OUTSIDE_POLICY, ROLES_WITHOUT_AGENCY, assignable_roles
from traza.agencies.selectors.agencies import DEFAULT_POLICY, access_policy_for

COUNTRY_LANGUAGES: dict[str | None, str] = {"MX": "es", "US": "en"}
SIGN_IN_FAILURES = ("auth.login_failed", "auth.code_failed")


def preferred_language(user: User) -> str:
    """The user's chosen language; else Spanish for Mexican agencies, English for US ones."""
    available = {code for code, _name in settings.LANGUAGES}
    if user.language in available:
        return user.language
    country = cast(Agency, user.agency).country_id if user.agency_id else None
    return COUNTRY_LANGUAGES.get(country, settings.LANGUAGE_CODE)


def user_by_username(username: str) -> User | None:
    """The user with this username (case-insensitive), or None: what operators' commands look users up by."""
    return User.objects.select_related("agency").filter(username__iexact=username.strip()).first()


def agency_holds_accounts(agency: Agency, *, role: str, policy: str | None = None) -> bool:
    """Whether people of `agency` may hold accounts with `role`.

    The agency must be approved. Under a central access policy only designated agencies hold
    accounts for tracing; overseers (coordinators, auditors) hold theirs whatever the policy.
    `policy` is the country's policy when the caller already has it (else it is looked up).
    """
    if agency.status != Agency.Status.APPROVED:
        return False
    if role in ROLES_OUTSIDE_POLICY or agency.designated:
        return True
    if policy is None:
        policy = access_policy_for(agency.country_id)
    return policy != AccessPolicy.Policy.CENTRAL


def account_may_sign_in(user: User) -> bool:
    """Whether `user`'s account is usable now: active, not removed, and belonging where it should.

    A user loaded through `users_for_sign_in` carries its country's policy: no further query.
    """
    if not user.is_active or user.removed_at is not None:
        return False
    if user.role in ROLES_WITHOUT_AGENCY:
        return user.role != User.Role.INDUSTRY or bool(user.licensee_rds)
    if user.agency is None:
        return False
    policy = (user.country_policy or DEFAULT_POLICY) if hasattr(user, "country_policy") else None
    return agency_holds_accounts(user.agency, role=user.role, policy=policy)


def country_policy(country_ref: str) -> Subquery:
    """The access policy in force in the country at `country_ref` (a path from the outer row), as a subquery."""
    latest = AccessPolicy.objects.filter(country_id=OuterRef(country_ref)).order_by("-effective_at", "-id")
    return Subquery(latest.values("policy")[:1])


def users_for_sign_in() -> QuerySet[User]:
    """Users with their agency and its country's access policy, in one query: what each request checks."""
    return User.objects.select_related("agency").annotate(country_policy=country_policy("agency__country_id"))


def user_manageable_by(actor: User | None, user: User) -> bool:
    """Whether `actor` may open, change, suspend or remove `user`'s account (never their own).

    An agency administrator manages the officers, investigators and administrators of their own
    agency; a coordinator the administrators of their country's agencies; a system administrator anyone.
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.pk is not None and actor.pk == user.pk:
        return False
    if actor.role == User.Role.SYSADMIN:
        return True
    if user.role not in assignable_roles(actor) or user.agency_id is None or actor.agency_id is None:
        return False
    if actor.role == User.Role.AGENCY_ADMIN:
        return user.agency_id == actor.agency_id
    if actor.role == User.Role.COORDINATOR:
        return cast(Agency, user.agency).country_id == cast(Agency, actor.agency).country_id
    return False


def users_managed_by(actor: User) -> QuerySet[User]:
    """The accounts `actor` manages (see `user_manageable_by`), themselves excluded; none for other roles."""
    users = User.objects.select_related("agency").exclude(pk=actor.pk).order_by("username")
    if actor.role == User.Role.SYSADMIN:
        return users
    roles = assignable_roles(actor)
    if actor.role == User.Role.AGENCY_ADMIN and actor.agency_id:
        return users.filter(agency_id=actor.agency_id, role__in=roles)
    if actor.role == User.Role.COORDINATOR and actor.agency_id:
        return users.filter(agency__country_id=cast(Agency, actor.agency).country_id, role__in=roles)
    return users.none()


def signin_failures(*, username: str, ip: str) -> tuple[int, int]:
    """Failed sign-ins (password or one-time code) for this user name in the lock-out window: (from this
    address, from every address).

    A successful sign-in from an address forgives the failures from that address before it, and only
    those: the account-wide count keeps every failure of the window, so that someone guessing from many
    machines does not get a fresh budget each time the owner signs in.
    """
    from traza.audit.models import AuditEvent

    since = timezone.now() - timedelta(minutes=settings.TRAZA_LOCKOUT_MINUTES)
    events = AuditEvent.objects.filter(actor_name=username, at__gte=since)
    successes_here = events.filter(action="auth.login", ip=ip)
    last_success_here = successes_here.order_by("-at").values_list("at", flat=True).first()
    here = Q(ip=ip) if last_success_here is None else Q(ip=ip, at__gt=last_success_here)
    counts = events.filter(action__in=SIGN_IN_FAILURES).aggregate(here=Count("id", filter=here), everywhere=Count("id"))
    return counts["here"], counts["everywhere"]


def signin_locked(*, username: str, ip: str) -> bool:
    """Whether sign-in for this user name is refused for now: too many failures from this address, or from
    every address together (a guessing spread over many machines)."""
    here, everywhere = signin_failures(username=username, ip=ip)
    return here >= settings.TRAZA_LOCKOUT_FAILURES or everywhere >= settings.TRAZA_LOCKOUT_ACCOUNT_FAILURES


def recovery_codes_left(user: User) -> int:
    """How many of `user`'s recovery codes are not used yet."""
    codes = TwoFactorDevice.objects.filter(user=user).values_list("recovery_codes", flat=True).first()
    return len(codes or [])
