import pytest
from django.contrib.auth.models import User

from tests.site.conftest import reader  # noqa: F401  (the public site's page reader)


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client
