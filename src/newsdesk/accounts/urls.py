"""The login and each staff member's security pages, under ``/admin/`` (included
before the admin's own URLs, so ``/admin/login/`` is this login)."""

from django.urls import path

from newsdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("login/second-step/", views.second_step, name="second_step"),
    path("login/set-up/", views.enrol, name="enrol"),
    path("security/", views.security, name="security"),
    path("security/app/", views.add_app, name="add_app"),
    path("security/key/", views.add_key, name="add_key"),
    path("security/backup-codes/", views.backup_codes, name="backup_codes"),
    path("security/remove/<str:kind>/<id:pk>/", views.remove_factor, name="remove_factor"),
    path("security/sessions/", views.session_list, name="sessions"),
    path("security/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
]
