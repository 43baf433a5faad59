"""The site's name, as authenticator apps and security keys show it beside the login.

Kept apart (no model imported at load) because the settings name it.
"""


def site_name(*_device, **_request) -> str:
    from newsdesk.content.models import SiteSettings

    return SiteSettings.current().name
