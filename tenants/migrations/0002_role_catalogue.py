from django.db import migrations

from tenants.services import role_catalogue_sync


def load_catalogue(apps, schema_editor):
    role_catalogue_sync(role_model=apps.get_model("tenants", "Role"))


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
