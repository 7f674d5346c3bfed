"""An import counts the sets and pain ratings an earlier import of the patient stored already."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exdose_web", "0005_cache_derived"),
    ]

    operations = [
        migrations.AddField(
            model_name="logimport",
            name="already_stored",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="logimport",
            name="already_stored_pain",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
