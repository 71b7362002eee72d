from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("site.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="site")
    locale = Locale.objects.first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Home", draft_title="Home", slug="home", content_type=home_type,
        path=f"{root.path}0001", depth=2, numchild=0, url_path="/home/", live=True,
        locale=locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Herald")


def remove_home_page(apps, schema_editor):
    apps.get_model("site.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_home_page, remove_home_page)]
