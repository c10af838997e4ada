"""Writing the reference catalogs: the CSV files shipped in `traza/catalog/data/` into the database."""

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from traza.catalog.keys import caliber_key, make_key, offence_key, place_key
from traza.catalog.models import (
    Caliber,
    CaliberAlias,
    Country,
    CrimeCode,
    CrimeCodeAlias,
    Make,
    MakeAlias,
    MakeLicence,
    Municipality,
    PublishedTraceCount,
    Region,
)
from traza.core.bulk import batches
from traza.industry.models import Licensee

DATA_DIR = Path(__file__).resolve().parent / "data"
_BATCH = 1000
ATF_FILE = "atf_source_recovery.csv"
#: ATF jurisdictions that are more than one region of the catalog, each kept whole under the region named.
COMBINED_REGIONS = {"Guam & Northern Mariana Islands": "US-GU"}


class CatalogError(ValueError):
    """A catalog file that cannot be loaded as it is; nothing is written."""


@transaction.atomic
def catalog_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Bring the reference catalogs in line with the catalog files and return how many rows each holds.

    Loading the same files twice changes nothing; a changed file updates its rows. Rows that records
    point to (places, makes, calibres, crime codes) are updated in place and never deleted; alias,
    licence and importer rows are made to match the files exactly, except the make aliases analysts
    added, which are kept unless a file defines the same spelling. All or nothing: a bad file raises
    CatalogError and leaves the database as it was.
    """
    counts = _load_places(data_dir)
    counts |= _load_makes(data_dir)
    counts |= _load_calibers(data_dir)
    counts |= _load_crime_codes(data_dir)
    counts |= _load_published_counts(data_dir)
    return counts


# ----- places


def _load_places(data_dir: Path) -> dict[str, int]:
    countries = [_country(row) for row in _read(data_dir, "countries.csv")]
    _unique("countries.csv", (c.code for c in countries))
    _upsert(Country, countries, unique=["code"], update=["alpha3", "name_en", "name_es", "aliases"])
    regions = [_region(row) for row in _read(data_dir, "regions.csv")]
    _unique("regions.csv", (r.code for r in regions))
    _require("regions.csv", (r.country_id for r in regions), {c.code for c in countries})
    _upsert(
        Region,
        regions,
        unique=["code"],
        update=["country", "name", "name_es", "statistical_code", "postal_code", "aliases"],
    )
    municipalities = [_municipality(row) for row in _read(data_dir, "municipalities.csv")]
    _unique("municipalities.csv", ((m.country_id, m.code) for m in municipalities))
    _require("municipalities.csv", (m.region_id for m in municipalities), {r.code for r in regions})
    _upsert(Municipality, municipalities, unique=["country", "code"], update=["region", "name"])
    return {"countries": len(countries), "regions": len(regions), "municipalities": len(municipalities)}


def _country(row: dict[str, str]) -> Country:
    return Country(
        code=row["code"],
        alpha3=row["alpha3"],
        name_en=row["name_en"],
        name_es=row["name_es"],
        aliases=_split(row["aliases"]),
    )


def _region(row: dict[str, str]) -> Region:
    return Region(
        code=row["code"],
        country_id=row["country"],
        name=row["name"],
        name_es=row.get("name_es", ""),
        statistical_code=row["statistical_code"],
        postal_code=row["postal_code"],
        aliases=_split(row["aliases"]),
    )


def _municipality(row: dict[str, str]) -> Municipality:
    return Municipality(country_id=row["country"], region_id=row["region"], code=row["code"], name=row["name"])


# ----- makes


def _load_makes(data_dir: Path) -> dict[str, int]:
    rows = _read(data_dir, "makes.csv")
    _unique("makes.csv", (row["name"] for row in rows))
    _require("makes.csv", (row["country"] for row in rows), set(Country.objects.values_list("code", flat=True)))
    _require("makes.csv", (row["kind"] for row in rows), set(Make.Kind.values))
    _upsert(Make, [_make(row) for row in rows], unique=["name"], update=["country", "kind", "marked", "ceased_year"])
    ids = dict(Make.objects.values_list("name", "id"))
    keys = _alias_keys("makes.csv", _named(rows), make_key)
    aliases = [MakeAlias(make_id=ids[owner], key=key, name=text) for key, (owner, text) in keys.items()]
    _sync(
        MakeAlias,
        aliases,
        unique=["key"],
        update=["make", "name", "source", "created_by", "created_at"],
        among=MakeAlias.objects.filter(source=MakeAlias.Source.CATALOG),
    )
    afmer = [row for row in _read(data_dir, "afmer_2023.csv") if row["lic_type"] in Licensee.MAKER_OR_IMPORTER_TYPES]
    licence_names = {row["rds_key"]: row["license_name"] for row in reversed(afmer)}
    licences = [licence for row in rows for licence in _make_licences(row, ids[row["name"]], licence_names)]
    curated_keys = {key: ids[owner] for key, (owner, _text) in keys.items()}
    licences += _afmer_licences(afmer, curated_keys, {licence.rds_key: licence.make_id for licence in licences})
    owned = {licence.rds_key for licence in licences}
    _sync(
        MakeLicence,
        licences,
        unique=["make", "rds_key"],
        update=["primary", "name"],
        among=MakeLicence.objects.filter(rds_key__in=owned) | MakeLicence.objects.filter(make_id__in=ids.values()),
    )
    importers = [link for row in rows for link in _make_importers(row, ids, keys)]
    _sync(Make.importers.through, importers, unique=["from_make", "to_make"])
    return {
        "makes": len(rows),
        "licence_makes": Make.objects.exclude(source=Make.Source.CATALOG).count(),
        "make_aliases": len(aliases),
        "make_licences": len(licences),
        "make_importers": len(importers),
    }


def _make(row: dict[str, str]) -> Make:
    return Make(
        name=row["name"],
        country_id=row["country"],
        kind=row["kind"],
        marked=row["marked"] != "0",
        ceased_year=int(row["ceased_year"]) if row["ceased_year"] else None,
    )


def _make_licences(row: dict[str, str], make_id: int, names: dict[str, str]) -> list[MakeLicence]:
    keys = _split(row["licences"])
    bad = [key for key in keys if len(key) != 8 or not key.isdecimal()]
    if bad:
        raise CatalogError(
            _("makes.csv: %(make)s has a licence that is not an RDS key: %(key)s.")
            % {"make": row["name"], "key": bad[0]}
        )
    return [
        MakeLicence(make_id=make_id, rds_key=key, primary=position == 0, name=names.get(key, ""))
        for position, key in enumerate(keys)
    ]


def _afmer_licences(
    rows: list[dict[str, str]], curated_keys: dict[str, int], held: dict[str, int]
) -> list[MakeLicence]:
    """The AFMER licences no curated make holds: each held by a make of its own (source `afmer`).

    Licences are grouped by the key of their licence name. A group whose name is a curated make's
    name or alias, or one of whose licences a curated make holds, goes to that make: curated makes
    always win. The others become one make each, named as the first licence of the group.
    """
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(make_key(row["license_name"]), []).append(row)
    owners: dict[str, int | str] = {}  # rds_key: a make's id, or the name of a make made here
    new_makes: dict[str, Make] = {}
    for key, group in groups.items():
        holders = {held[row["rds_key"]] for row in group if row["rds_key"] in held}
        owner: int | str | None = curated_keys.get(key) or (holders.pop() if len(holders) == 1 else None)
        if owner is None:
            owner = group[0]["license_name"][:120]
            new_makes[owner] = Make(name=owner, country_id="US", kind=Make.Kind.MANUFACTURER, source=Make.Source.AFMER)
        owners |= {row["rds_key"]: owner for row in group if row["rds_key"] not in held}
    _upsert(Make, list(new_makes.values()), unique=["name"], update=["source"])
    ids = dict(Make.objects.filter(name__in=list(new_makes)).values_list("name", "id"))
    names = {row["rds_key"]: row["license_name"] for row in reversed(rows)}
    return [
        MakeLicence(make_id=_make_id(owner, ids), rds_key=rds_key, primary=False, name=names[rds_key])
        for rds_key, owner in owners.items()
    ]


def _make_id(owner: int | str, ids: dict[str, int]) -> int:
    """The id of a licence's make: `owner` itself, or the id of the make just made under the name `owner`."""
    return owner if isinstance(owner, int) else ids[owner]


@transaction.atomic
def makes_of_licensees() -> int:
    """Give every manufacturer and importer of the FFL list (types 07, 08, 10, 11) the make its name is.

    Run after an FFL list is imported. A licensee whose business name (or licence name) is written like
    an existing make's name or alias is a licence of that make; the others no make holds become makes of
    their own (source `ffl_list`), one per name (licence or business name), named by the first business
    name. Returns how
    many licences were given to a make.
    """
    rows = Licensee.objects.filter(lic_type__in=Licensee.MAKER_OR_IMPORTER_TYPES).values_list(
        "rds_key", "lic_type", "license_name", "business_name"
    )
    held = set(MakeLicence.objects.values_list("make_id", "rds_key"))
    held_keys = {rds_key for _make, rds_key in held}
    known = {make_key(name): make_id for make_id, name in Make.objects.values_list("id", "name")}
    known |= {make_key(name): make_id for make_id, name in MakeAlias.objects.values_list("make_id", "name")}
    owners: list[tuple[int | str, str]] = []
    new_makes: dict[str, Make] = {}
    for rds_key, lic_type, licence_name, business_name in rows:
        keys = {make_key(business_name or licence_name), make_key(licence_name)}
        found: set[int | str] = {known[key] for key in keys if key in known}
        if not found and rds_key not in held_keys:
            made = next((new_makes[key] for key in keys if key in new_makes), None)
            made = made or _listed_make(business_name or licence_name, lic_type)
            new_makes |= dict.fromkeys(keys, made)
            made.kind = made.kind if made.kind == _kind_of(lic_type) else Make.Kind.BOTH
            found = {made.name}
        owners += [(owner, rds_key) for owner in found if (owner, rds_key) not in held]
    makes = list({id(make): make for make in new_makes.values()}.values())
    Make.objects.bulk_create(makes, batch_size=_BATCH, ignore_conflicts=True)
    ids = dict(Make.objects.filter(name__in=[make.name for make in makes]).values_list("name", "id"))
    names = {rds_key: licence_name for rds_key, _type, licence_name, _business in rows}
    licences = [
        MakeLicence(make_id=_make_id(owner, ids), rds_key=rds_key, primary=False, name=names[rds_key])
        for owner, rds_key in owners
    ]
    MakeLicence.objects.bulk_create(licences, batch_size=_BATCH, ignore_conflicts=True)
    return len(licences)


def _kind_of(lic_type: str) -> str:
    return Make.Kind.IMPORTER if lic_type in Licensee.IMPORTER_TYPES else Make.Kind.MANUFACTURER


def _listed_make(name: str, lic_type: str) -> Make:
    return Make(name=name[:120], country_id="US", kind=_kind_of(lic_type), source=Make.Source.FFL_LIST)


def _make_importers(row: dict[str, str], ids: dict[str, int], keys: dict[str, tuple[str, str]]) -> list[models.Model]:
    links: list[models.Model] = []
    for importer in _split(row["importers"]):
        owner = keys.get(make_key(importer))
        if owner is None:
            raise CatalogError(
                _("makes.csv: %(make)s names an unknown importer %(importer)s.")
                % {"make": row["name"], "importer": importer}
            )
        links.append(Make.importers.through(from_make_id=ids[row["name"]], to_make_id=ids[owner[0]]))
    return links


# ----- calibres and crime codes


def _load_calibers(data_dir: Path) -> dict[str, int]:
    rows = _read(data_dir, "calibers.csv")
    _unique("calibers.csv", (row["name"] for row in rows))
    _require("calibers.csv", (row["kind"] for row in rows), set(Caliber.Kind.values))
    calibers = [Caliber(name=row["name"], group=row["group"] or row["name"], kind=row["kind"]) for row in rows]
    _upsert(Caliber, calibers, unique=["name"], update=["group", "kind"])
    ids = dict(Caliber.objects.values_list("name", "id"))
    keys = _alias_keys("calibers.csv", _named(rows), caliber_key)
    aliases = [CaliberAlias(caliber_id=ids[owner], key=key) for key, (owner, _text) in keys.items()]
    _sync(CaliberAlias, aliases, unique=["key"], update=["caliber"])
    return {"calibers": len(calibers), "caliber_aliases": len(aliases)}


def _load_crime_codes(data_dir: Path) -> dict[str, int]:
    codes = [_crime_code(row) for row in _read(data_dir, "crime_codes.csv")]
    _unique("crime_codes.csv", (code.code for code in codes))
    _upsert(CrimeCode, codes, unique=["code"], update=["category", "name_en", "name_es"])
    rows = _read(data_dir, "crime_code_aliases.csv")
    _require("crime_code_aliases.csv", (row["code"] for row in rows), {code.code for code in codes})
    keys = _alias_keys("crime_code_aliases.csv", ((row["code"], [row["name"]]) for row in rows), offence_key)
    aliases = [CrimeCodeAlias(crime_code_id=code, key=key, name=text) for key, (code, text) in keys.items()]
    _sync(CrimeCodeAlias, aliases, unique=["key"], update=["crime_code", "name"])
    return {"crime_codes": len(codes), "crime_code_aliases": len(aliases)}


def _crime_code(row: dict[str, str]) -> CrimeCode:
    if len(row["code"]) != 4 or not row["code"].isdecimal():
        raise CatalogError(_("crime_codes.csv: %(code)s is not a 4-digit NCIC code.") % {"code": row["code"]})
    return CrimeCode(code=row["code"], category=row["category"], name_en=row["name_en"], name_es=row["name_es"])


# ----- ATF's published source × recovery table


def _load_published_counts(data_dir: Path) -> dict[str, int]:
    """ATF's yearly source-state × recovery-state counts, by the catalog's region codes.

    Only the rows whose count changed are written, so a second load of the same file reads one table
    and writes nothing.
    """
    rows = _read(data_dir, ATF_FILE)
    missing = [c for c in ("year", "source_state", "recovery_state", "firearms") if rows and c not in rows[0]]
    if missing:
        raise CatalogError(_("%(file)s has no column %(column)s.") % {"file": ATF_FILE, "column": missing[0]})
    regions = _atf_regions({row[column] for row in rows for column in ("source_state", "recovery_state")})
    counts = [_published_count(line, row, regions) for line, row in enumerate(rows, start=2)]
    _unique(ATF_FILE, ((c.year, c.source_region_id, c.recovery_region_id) for c in counts))
    held = {
        (year, source, recovery): (pk, firearms)
        for pk, year, source, recovery, firearms in PublishedTraceCount.objects.values_list(
            "pk", "year", "source_region_id", "recovery_region_id", "firearms"
        )
    }
    new, changed = [], []
    for count in counts:
        pk, firearms = held.pop((count.year, count.source_region_id, count.recovery_region_id), (None, None))
        if pk is None:
            new.append(count)
        elif firearms != count.firearms:
            count.pk = pk
            changed.append(count)
    PublishedTraceCount.objects.bulk_create(new, batch_size=_BATCH)
    PublishedTraceCount.objects.bulk_update(changed, ["firearms"], batch_size=_BATCH)
    for part in batches([pk for pk, _firearms in held.values()], _BATCH):
        PublishedTraceCount.objects.filter(pk__in=part).delete()
    return {"published_trace_counts": len(counts)}


def _atf_regions(names: set[str]) -> dict[str, str]:
    """ATF's jurisdiction names (`District Of Columbia`, `Us Virgin Islands`) → the catalog's US region codes."""
    known: dict[str, str] = {}
    for code, name, aliases in Region.objects.filter(country_id="US").values_list("code", "name", "aliases"):
        known |= {place_key(text): code for text in (name, *aliases)}
    found: dict[str, str] = {}
    unknown: list[str] = []
    for name in sorted(names):
        region = COMBINED_REGIONS.get(name) or known.get(place_key(name))
        if region is None:
            unknown.append(name)
        else:
            found[name] = region
    if unknown:
        raise CatalogError(
            _("%(file)s names jurisdictions that are no US region: %(names)s.")
            % {"file": ATF_FILE, "names": ", ".join(unknown[:5])}
        )
    return found


def _published_count(line: int, row: dict[str, str], regions: dict[str, str]) -> PublishedTraceCount:
    year, firearms = row["year"], row["firearms"]
    if not (year.isdecimal() and 1968 <= int(year) <= 2100):
        raise CatalogError(
            _("%(file)s, line %(line)s: year is not a year: %(value)s.")
            % {"file": ATF_FILE, "line": line, "value": year}
        )
    if not firearms.isdecimal() or int(firearms) == 0:
        raise CatalogError(
            _("%(file)s, line %(line)s: firearms is not a positive whole number: %(value)s.")
            % {"file": ATF_FILE, "line": line, "value": firearms}
        )
    return PublishedTraceCount(
        year=int(year),
        source_region_id=regions[row["source_state"]],
        recovery_region_id=regions[row["recovery_state"]],
        firearms=int(firearms),
    )


# ----- shared


def _read(data_dir: Path, file_name: str) -> list[dict[str, str]]:
    path = data_dir / file_name
    if not path.is_file():
        raise CatalogError(_("The catalog file %(path)s is missing.") % {"path": path})
    with path.open(encoding="utf-8", newline="") as handle:
        return [{column: (value or "").strip() for column, value in row.items()} for row in csv.DictReader(handle)]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _unique(file_name: str, keys: Iterable) -> None:
    seen = set()
    for key in keys:
        if key in seen:
            raise CatalogError(_("%(file)s: %(key)s appears twice.") % {"file": file_name, "key": key})
        seen.add(key)


def _require(file_name: str, values: Iterable, known: set) -> None:
    unknown = sorted(set(values) - known)
    if unknown:
        raise CatalogError(
            _("%(file)s refers to unknown codes: %(codes)s.") % {"file": file_name, "codes": ", ".join(unknown[:5])}
        )


def _alias_keys(
    file_name: str, owners: Iterable[tuple[str, list[str]]], key: Callable[[str], str]
) -> dict[str, tuple[str, str]]:
    """Every key of every owner's texts → (the owner, the first text with that key).

    Two owners may not share a key: a text written that way would resolve to either of them.
    """
    keys: dict[str, tuple[str, str]] = {}
    for owner, texts in owners:
        for text in texts:
            first_owner, _first = keys.setdefault(key(text), (owner, text))
            if first_owner != owner:
                message = _("%(file)s: %(text)s (of %(owner)s) reads the same as a name of %(other)s.")
                raise CatalogError(message % {"file": file_name, "text": text, "owner": owner, "other": first_owner})
    return keys


def _named(rows: list[dict[str, str]]) -> list[tuple[str, list[str]]]:
    return [(row["name"], [row["name"], *_split(row["aliases"])]) for row in rows]


def _upsert(model: type[models.Model], objs: list, *, unique: list[str], update: list[str]) -> None:
    model._default_manager.bulk_create(
        objs, batch_size=_BATCH, update_conflicts=True, unique_fields=unique, update_fields=update
    )


def _sync(
    model: type[models.Model],
    objs: list,
    *,
    unique: list[str],
    update: list[str] | None = None,
    among: models.QuerySet | None = None,
) -> None:
    """Make the rows `among` (the whole table by default) exactly `objs`, matched on `unique`.

    Unchanged rows keep their ids; a row outside `among` with the key of one of `objs` becomes that row
    (an analyst's alias that a later catalog file also defines yields to the file); other rows outside
    `among` are left alone.
    """
    if update:
        _upsert(model, objs, unique=unique, update=update)
    else:
        model._default_manager.bulk_create(objs, batch_size=_BATCH, ignore_conflicts=True)
    columns_of = {field.name: field.attname for field in model._meta.concrete_fields}
    columns = [columns_of[name] for name in unique]
    wanted = {tuple(getattr(obj, column) for column in columns) for obj in objs}
    rows = (model._default_manager.all() if among is None else among).values_list("pk", *columns)
    stale = [pk for pk, *key in rows if tuple(key) not in wanted]
    for part in batches(stale, _BATCH):
        model._default_manager.filter(pk__in=part).delete()
