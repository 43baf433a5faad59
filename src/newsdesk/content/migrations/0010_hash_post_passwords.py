"""Post and page passwords kept as text until now are hashed (newsdesk.content.protection).

Readers' unlock cookies were derived from the old text, so they stop working once: a
reader who had the password types it once more. Going back leaves the hashes in place
(the text cannot be had from them): set those passwords again after a downgrade.
"""

from django.contrib.auth.hashers import identify_hasher, make_password
from django.db import migrations


def _is_hashed(value):
    try:
        identify_hasher(value)
    except ValueError:
        return False
    return True


def hash_passwords(apps, schema_editor):
    for name in ("Post", "Page"):
        model = apps.get_model("content", name)
        protected = model.objects.exclude(password="").only("pk", "password")
        for item in protected.iterator(chunk_size=500):
            if not _is_hashed(item.password):
                model.objects.filter(pk=item.pk).update(password=make_password(item.password))


class Migration(migrations.Migration):
    dependencies = [("content", "0009_security_fields")]

    operations = [migrations.RunPython(hash_passwords, migrations.RunPython.noop, elidable=True)]
