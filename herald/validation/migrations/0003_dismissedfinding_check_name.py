from django.db import migrations


class Migration(migrations.Migration):
    """A field called `check` hid Model.check() (system check models.E020)."""

    dependencies = [("validation", "0002_dismissed_findings")]

    operations = [
        migrations.RenameField(
            model_name="dismissedfinding", old_name="check", new_name="check_name"
        ),
    ]
