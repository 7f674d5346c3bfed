"""Readiness self-reports on a pain rating (issue 14): six nullable markers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exdose_web", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="painrating",
            name="fatigue",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="painrating",
            name="mood",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="painrating",
            name="sleep_hours",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="painrating",
            name="sleep_quality",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="painrating",
            name="soreness",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="painrating",
            name="stress",
            field=models.FloatField(blank=True, null=True),
        ),
    ]
