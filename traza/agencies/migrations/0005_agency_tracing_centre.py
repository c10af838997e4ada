"""Agencies become tracing centres by designation; only their people may be analysts.

The agencies whose people already hold the analyst role were acting as tracing centres: they are
designated so, so that no analyst is left in an agency that may not have one.
"""

from django.db import migrations, models


def designate_agencies_with_analysts(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    User = apps.get_model("agencies", "User")
    with_analysts = User.objects.filter(role="analyst", agency__isnull=False, removed_at__isnull=True)
    Agency.objects.filter(pk__in=with_analysts.values("agency_id")).update(tracing_centre=True)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_two_factor_recovery_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="tracing_centre",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="A tracing centre: its analysts work the licensee queries of its country's traces",
            ),
        ),
        migrations.RunPython(designate_agencies_with_analysts, migrations.RunPython.noop),
    ]
