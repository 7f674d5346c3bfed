"""Derived results (planned sessions, fidelity, proposal, load report) kept per patient."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exdose_web", "0004_log_aliases"),
    ]

    operations = [
        migrations.CreateModel(
            name="DerivedResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=100)),
                ("key", models.CharField(max_length=64)),
                ("value", models.TextField()),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("compute_ms", models.FloatField(default=0)),
                (
                    "clinic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="exdose_web.clinic",
                    ),
                ),
                (
                    "patient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="exdose_web.patient",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("patient", "kind"), name="one_derived_result_per_kind"
                    )
                ],
            },
        ),
    ]
