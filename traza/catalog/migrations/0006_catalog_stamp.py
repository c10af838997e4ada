"""The catalog stamp: a token the database changes with any change to a table the catalog index reads.

PostgreSQL: one statement trigger per table (and its TRUNCATE), so a COPY of 100,000 licensees changes
it once. SQLite has row triggers only: one per row there (an upsert of one row). Writers of these tables
take the stamp's row lock until they commit, one after the other: they are loads and an analyst's
edits, never the work of a request.
"""

from django.db import migrations, models

# Each table, and the columns whose update counts ("" for any): of the FFL list, the index reads the names of
# makers' licences only, not the flags imports set on every licensee with records.
TABLES = {
    "catalog_make": "",
    "catalog_makealias": "",
    "catalog_makelicence": "",
    "catalog_make_importers": "",
    "catalog_caliber": "",
    "catalog_caliberalias": "",
    "catalog_crimecode": "",
    "catalog_crimecodealias": "",
    "catalog_country": "",
    "catalog_region": "",
    "catalog_municipality": "",
    "industry_licensee": " OF rds_key, lic_type, license_name, business_name",
}
NEW_TOKEN = {"postgresql": "md5(random()::text || clock_timestamp()::text)", "sqlite": "lower(hex(randomblob(16)))"}
STAMP = (
    "INSERT INTO catalog_catalogstamp (id, token) VALUES (1, {token}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)
POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION catalog_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {STAMP.format(token=NEW_TOKEN["postgresql"])};
    RETURN NULL;
END
$$;
"""
POSTGRESQL_TRIGGERS = (
    "CREATE TRIGGER catalog_stamp AFTER INSERT OR DELETE OR UPDATE{columns} ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalog_stamp()",
    "CREATE TRIGGER catalog_stamp_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_stamp()",
)
SQLITE_TRIGGER = (
    "CREATE TRIGGER catalog_stamp_{table}_{event} AFTER {event}{columns} ON {table} "
    f"BEGIN {STAMP.format(token=NEW_TOKEN['sqlite'])}; END"
)
SQLITE_EVENTS = ("insert", "update", "delete")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION, params=None)
        for table, columns in TABLES.items():
            for trigger in POSTGRESQL_TRIGGERS:
                schema_editor.execute(trigger.format(table=table, columns=columns), params=None)
    elif vendor == "sqlite":
        for table, columns in TABLES.items():
            for event in SQLITE_EVENTS:
                on = columns if event == "update" else ""
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event, columns=on), params=None)
    schema_editor.execute(STAMP.format(token=NEW_TOKEN[vendor]), params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS catalog_stamp ON {table}", params=None)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS catalog_stamp_truncate ON {table}", params=None)
        else:
            for event in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS catalog_stamp_{table}_{event}", params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS catalog_stamp()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_spanish_region_names"),
        ("industry", "0005_unresolved_spellings_indexed"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
