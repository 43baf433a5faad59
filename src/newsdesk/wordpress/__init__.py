"""Moving a WordPress site in: WXR import, content conversion, old-link redirects."""
