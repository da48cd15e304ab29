from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_blackouts_feeds"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="etag",
            field=models.CharField(blank=True, max_length=66),
        ),
        migrations.AddField(
            model_name="calendarfeed",
            name="changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
