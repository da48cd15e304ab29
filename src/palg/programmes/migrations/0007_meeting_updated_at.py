import django.utils.timezone
from django.db import migrations, models


def from_creation(apps, schema_editor):
    """Meetings made before this migration last changed, as far as anyone knows, when made."""
    Meeting = apps.get_model("programmes", "Meeting")
    Meeting.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_membership_joining"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(from_creation, migrations.RunPython.noop),
    ]
