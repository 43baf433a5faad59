"""The four roles: the groups migrate makes, what each may do, and what giving a role does."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from newsdesk.content import roles
from newsdesk.content.models import Author

pytestmark = pytest.mark.django_db

CAN = {
    roles.ADMINISTRATOR: {
        "content.edit_others_posts",
        "content.publish_post",
        "content.add_image",
        "content.change_sitesettings",
        "content.view_auditentry",
        "auth.change_user",
        "auth.add_group",
    },
    roles.EDITOR: {
        "content.edit_others_posts",
        "content.publish_post",
        "content.change_page",
        "content.change_tag",
        "content.delete_category",
        "content.add_image",
        "content.change_comment",
    },
    roles.AUTHOR: {
        "content.add_post",
        "content.change_post",
        "content.publish_post",
        "content.add_image",
        "content.add_tag",
        "content.view_category",
    },
    roles.CONTRIBUTOR: {
        "content.add_post",
        "content.change_post",
        "content.delete_post",
        "content.add_tag",
        "content.view_image",
    },
}
CANNOT = {
    roles.ADMINISTRATOR: set(),
    roles.EDITOR: {
        "content.view_auditentry",
        "content.change_sitesettings",
        "content.change_menu",
        "content.change_redirect",
        "auth.change_user",
    },
    roles.AUTHOR: {
        "content.edit_others_posts",
        "content.change_page",
        "content.change_tag",
        "content.delete_tag",
        "content.view_auditentry",
        "auth.change_user",
    },
    roles.CONTRIBUTOR: {
        "content.publish_post",
        "content.edit_others_posts",
        "content.add_image",
        "content.change_image",
        "content.change_page",
        "content.view_auditentry",
    },
}


def test_migrate_makes_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    assert administrator.permissions.count() == Permission.objects.count()


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_each_role_may_do_its_part_and_no_more(role):
    user = User.objects.create_user(f"someone-{role.lower()}")
    roles.assign_role(user, role)
    user = User.objects.get(pk=user.pk)  # fresh permission cache
    assert user.is_staff, "a role opens the admin"
    assert not user.is_superuser
    missing = {perm for perm in CAN[role] if not user.has_perm(perm)}
    extra = {perm for perm in CANNOT[role] if user.has_perm(perm)}
    assert not missing and not extra, (missing, extra)


def test_sync_sets_exactly_the_defined_permissions():
    author = Group.objects.get(name=roles.AUTHOR)
    author.permissions.add(Permission.objects.get(codename="change_sitesettings"))
    roles.sync_roles()
    assert not author.permissions.filter(codename="change_sitesettings").exists()


@pytest.mark.parametrize("role", [roles.EDITOR, roles.AUTHOR, roles.CONTRIBUTOR])
def test_a_writer_given_a_role_gets_a_byline_linked_to_the_account(role):
    user = User.objects.create_user("lena", first_name="Lena", last_name="Rahimi")
    roles.assign_role(user, role)
    profile = Author.objects.get(user=user)
    assert profile.display_name == "Lena Rahimi" and profile.slug == "lena-rahimi"
    # Given again (or another role), the same profile stays.
    roles.assign_role(user, roles.CONTRIBUTOR)
    assert Author.objects.filter(user=user).count() == 1


def test_a_role_given_from_the_group_side_counts_too():
    user = User.objects.create_user("kian")
    Group.objects.get(name=roles.AUTHOR).user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff
    # An account without a name gets a placeholder byline, never its login name.
    assert Author.objects.get(user=user).display_name == roles.UNNAMED_BYLINE


def test_an_administrator_gets_no_byline_and_other_groups_change_nothing():
    admin_user = User.objects.create_user("root-like")
    roles.assign_role(admin_user, roles.ADMINISTRATOR)
    assert not Author.objects.filter(user=admin_user).exists()
    reader = User.objects.create_user("reader")
    reader.groups.add(Group.objects.create(name="Newsletter readers"))
    reader.refresh_from_db()
    assert not reader.is_staff


def test_the_user_admin_assigns_roles(newsroom):
    """``newsdesk manage`` is not needed: the Administrator ticks a group in the user admin."""
    new = User.objects.create_user("farid", password="pw-for-tests-only")
    author_group = Group.objects.get(name=roles.AUTHOR)
    response = newsroom.administrator.client.post(
        f"/admin/auth/user/{new.pk}/change/",
        {
            "username": "farid",
            "first_name": "Farid",
            "last_name": "Karimi",
            "email": "",
            "is_active": "on",
            "groups": [author_group.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-05-01",
            "date_joined_1": "09:00:00",
            "initial-date_joined_0": "2024-05-01",
            "initial-date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    new.refresh_from_db()
    assert new.is_staff and new.has_perm("content.publish_post")
    assert Author.objects.get(user=new).display_name == "Farid Karimi"


def test_only_the_administrator_manages_users(newsroom):
    assert newsroom.administrator.client.get("/admin/auth/user/").status_code == 200
    for person in (newsroom.editor, newsroom.author, newsroom.contributor):
        assert person.client.get("/admin/auth/user/").status_code == 403
