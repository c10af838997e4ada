"""US states' Spanish names (`Nuevo México`, `Carolina del Norte`), shown to Spanish readers; filled from the
catalog's regions.csv for a catalog already loaded (a fresh one loads them with the rest)."""

import csv
from pathlib import Path

from django.db import migrations, models

REGIONS = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def fill(apps, schema_editor):
    Region = apps.get_model("catalog", "Region")
    with REGIONS.open(encoding="utf-8", newline="") as handle:
        names = {row["code"]: row["name_es"] for row in csv.DictReader(handle) if row.get("name_es")}
    for code, name_es in names.items():
        Region.objects.filter(code=code).update(name_es=name_es)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_published_trace_counts")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_es",
            field=models.CharField(blank=True, help_text="Its Spanish name, where it differs", max_length=100),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
