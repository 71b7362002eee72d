# Desk choices became newsletter choices (herald.newsletters 0002 copied them).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('memberships', '0004_subscriber_name'),
        ('newsletters', '0002_desk_choices_to_newsletters'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='subscriber',
            name='desks',
        ),
    ]
