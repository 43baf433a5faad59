"""The public site: views, Jinja2 templates, stylesheet, security headers."""
