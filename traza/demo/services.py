"""Writes for the demo: loading a generated world through the ordinary importer, and the demo users."""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.models import Agency, User
from traza.agencies.services import user_create
from traza.catalog.models import Make
from traza.catalog.services import catalog_load
from traza.demo.world.files import LOAD_ORDER
from traza.imports.models import ImportRun
from traza.imports.services import import_file

logger = logging.getLogger(__name__)


class DemoLoadError(RuntimeError):
    """A demo file did not import cleanly: the generator and the importer disagree."""


@dataclass(frozen=True)
class DemoUser:
    """A demo account: who it is for, and where it belongs."""

    username: str
    role: str
    agency: str
    language: str
    first_name: str
    last_name: str


DEMO_USERS = (
    DemoUser("admin", User.Role.SYSADMIN, "", "es", "Admin", "Traza"),
    DemoUser("oficial.sinaloa", User.Role.OFFICER, "MXFGR2500", "es", "Lucía", "Valenzuela Quintero"),
    DemoUser("investigador.sinaloa", User.Role.INVESTIGATOR, "MXFGR2500", "es", "Ramón", "Gaxiola Urías"),
    DemoUser("oficial.culiacan", User.Role.OFFICER, "MXSIN006PM", "es", "Jesús", "Armenta Leyva"),
    DemoUser("officer.elpaso", User.Role.OFFICER, "TX0710200", "en", "Daniel", "Reyes"),
    DemoUser("analista", User.Role.ANALYST, "MXFGR0000", "es", "Mariana", "Ochoa Beltrán"),
)


def catalog_ensure() -> bool:
    """Load the reference catalogs if they are not loaded yet; return whether they were loaded now."""
    if Make.objects.exists():
        return False
    catalog_load()
    return True


def demo_load(*, directory: Path, progress: Callable[[str, ImportRun], None] | None = None) -> list[ImportRun]:
    """Import a demo world's files in dependency order through `import_file`, as `traza import` does.

    Trace requests are resolved by their own import. Raises DemoLoadError at the first file that is
    refused or has a rejected row: the demo world must import cleanly.
    """
    catalog_ensure()
    runs = []
    for name, kind in LOAD_ORDER:
        path = directory / f"{name}.csv"
        if not path.is_file():
            raise DemoLoadError(_("%(path)s is missing: generate the demo world first.") % {"path": path})
        run = import_file(kind=kind, path=path)
        if progress:
            progress(name, run)
        if run.status != ImportRun.Status.ACCEPTED or run.rows_rejected:
            raise DemoLoadError(_rejection(name, run))
        runs.append(run)
    return runs


def _rejection(name: str, run: ImportRun) -> str:
    if run.status != ImportRun.Status.ACCEPTED:
        return _("%(file)s was refused: %(reason)s") % {"file": name, "reason": run.message_text}
    errors = "; ".join(
        _("line %(line)s, %(column)s: %(reason)s") % {"line": e.line, "column": e.column or "-", "reason": e.text}
        for e in run.row_errors.all()[:10]
    )
    return ngettext(
        "%(file)s: %(count)s row rejected (%(errors)s)",
        "%(file)s: %(count)s rows rejected (%(errors)s)",
        run.rows_rejected,
    ) % {
        "file": name,
        "count": run.rows_rejected,
        "errors": errors,
    }


@transaction.atomic
def demo_users_ensure(*, password: str | None = None) -> tuple[str, list[User]]:
    """Create the demo users, or reset the password of those that exist; return the password and the users."""
    password = password or secrets.token_urlsafe(12)
    users = []
    for spec in DEMO_USERS:
        if spec.agency and not Agency.objects.filter(code=spec.agency).exists():
            continue
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = user_create(
                username=spec.username,
                role=spec.role,
                agency_code=spec.agency,
                password=password,
                language=spec.language,
            )
        else:
            validate_password(password, user)
            user.set_password(password)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.save()
        users.append(user)
    logger.info("Demo users ready: %s", ", ".join(u.username for u in users))
    return password, users
