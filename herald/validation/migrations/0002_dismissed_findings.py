import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("validation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DismissedFinding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fingerprint", models.CharField(max_length=40)),
                ("check", models.CharField(max_length=40)),
                ("evidence", models.TextField()),
                ("dismissed_at", models.DateTimeField(auto_now_add=True)),
                (
                    "dismissed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dismissed_findings",
                        to="wagtailcore.page",
                    ),
                ),
            ],
            options={"verbose_name": "finding marked not a problem"},
        ),
        migrations.AddConstraint(
            model_name="dismissedfinding",
            constraint=models.UniqueConstraint(fields=("page", "fingerprint"), name="one_dismissal_per_finding"),
        ),
    ]
