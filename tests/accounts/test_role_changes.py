"""Role changes in the audit log: which role, given to or taken from whom, and by whom
(the Administrator in the user admin; the system anywhere else)."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from newsdesk.accounts import audit
from newsdesk.content import roles
from newsdesk.content.models import AuditEntry
from tests.editorial.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def role_changes(subject: User) -> list[tuple[str, str | None, str]]:
    """(action, who did it, summary) of the subject's role changes, oldest first."""
    entries = AuditEntry.objects.filter(
        object_type="user",
        object_id=str(subject.pk),
        action__in=[audit.ROLE_GIVEN, audit.ROLE_TAKEN],
    ).order_by("pk")
    return [
        (entry.action, entry.user.username if entry.user else None, entry.summary)
        for entry in entries
    ]


def user_form(user: User, *, groups=(), superuser=False) -> dict:
    form = {
        "username": user.username,
        "first_name": "Farid",
        "last_name": "Karimi",
        "email": "",
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-05-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2024-05-01",
        "initial-date_joined_1": "09:00:00",
    }
    if superuser:
        form["is_superuser"] = "on"
    return form


def test_roles_given_and_taken_in_the_user_admin_are_the_administrators(client):
    ada = member("ada", roles.ADMINISTRATOR, "Ada Admin")
    farid = User.objects.create_user("farid")
    author, editor = (Group.objects.get(name=name) for name in (roles.AUTHOR, roles.EDITOR))
    change = f"/admin/auth/user/{farid.pk}/change/"

    response = ada.client.post(change, user_form(farid, groups=[author]))
    assert response.status_code == 302, response.content[:3000]
    assert role_changes(farid) == [(audit.ROLE_GIVEN, "ada", "farid · Author · from 127.0.0.1")]

    response = ada.client.post(change, user_form(farid, groups=[editor], superuser=True))
    assert response.status_code == 302, response.content[:3000]
    assert role_changes(farid)[1:] == [
        (audit.ROLE_GIVEN, "ada", "farid · superuser · from 127.0.0.1"),
        (audit.ROLE_TAKEN, "ada", "farid · Author · from 127.0.0.1"),
        (audit.ROLE_GIVEN, "ada", "farid · Editor · from 127.0.0.1"),
    ]
    # Saving again without a change records nothing.
    response = ada.client.post(change, user_form(farid, groups=[editor], superuser=True))
    assert response.status_code == 302
    assert len(role_changes(farid)) == 4


def test_role_changes_outside_the_admin_are_the_systems():
    kian = User.objects.create_user("kian")
    author = Group.objects.get(name=roles.AUTHOR)
    roles.assign_role(kian, roles.EDITOR)
    author.user_set.add(kian)  # from the group's side
    kian.groups.remove(Group.objects.get(name=roles.CONTRIBUTOR))  # never held: nothing
    kian.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    kian.groups.clear()
    root = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    changes = role_changes(kian)
    assert changes[:3] == [
        (audit.ROLE_GIVEN, None, "kian · Editor"),
        (audit.ROLE_GIVEN, None, "kian · Author"),
        (audit.ROLE_GIVEN, None, "kian · permission content.view_auditentry"),
    ]
    assert sorted(changes[3:]) == [
        (audit.ROLE_TAKEN, None, "kian · Author"),
        (audit.ROLE_TAKEN, None, "kian · Editor"),
    ]
    assert role_changes(root) == [(audit.ROLE_GIVEN, None, "root · superuser")]
