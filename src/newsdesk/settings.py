"""Django settings, all read through :mod:`newsdesk.config`.

Operators configure a site with environment variables only:

``NEWSDESK_DATA_DIR``      data folder: SQLite database, media, secret key (default ./newsdesk-data)
                           (its private files 0600, the folder 0711: see newsdesk.private_files)
``DATABASE_URL``           use this database instead of SQLite (postgres://...)
``NEWSDESK_DEBUG``         development mode (default off)
``NEWSDESK_ALLOWED_HOSTS`` comma-separated host names (default 127.0.0.1,localhost)
``NEWSDESK_SECRET_KEY``    signing key (default: generated once into the data folder)
``NEWSDESK_CACHE_URL``     shared cache: redis://host:port/db or memcached://host:port
``NEWSDESK_BASE_URL``      public address used in feeds, sitemaps and canonical links
``NEWSDESK_TIME_ZONE``     site time zone (default UTC)
``NEWSDESK_HTTPS``         HTTPS only, behind a proxy that sets X-Forwarded-Proto: plain HTTP redirects,
                           secure cookies, HSTS with subdomains (NEWSDESK_BASE_URL must be https://)
``NEWSDESK_HSTS_PRELOAD``  with NEWSDESK_HTTPS, also ask browsers to preload HSTS (default off)
``NEWSDESK_PAGE_CACHE``    full-page cache: disk (default), shared (with NEWSDESK_CACHE_URL) or off
``NEWSDESK_PAGE_CACHE_DIR`` where the disk page cache lives (default <data dir>/pages)
``NEWSDESK_EXPORT_SIGNING_KEY`` Ed25519 private key (PEM file) that signs static exports (default: unsigned)
``NEWSDESK_MAX_UPLOAD_MB``  the largest picture editors may upload, in megabytes (default 10)
``NEWSDESK_TRUSTED_PROXIES`` comma-separated addresses or networks of the proxies in front
                           of the app (the nginx front: 127.0.0.1 when it runs on the same
                           machine), e.g. ``127.0.0.1,::1`` or ``10.0.0.0/8``. A request from
                           one of them is from the client its X-Forwarded-For names (the
                           rightmost address there that is not a trusted proxy); from any
                           other, X-Forwarded-For is ignored. Default: none (each request is
                           from the address that connected). The login throttle, the
                           protected items' password forms and the audit log key on it.
``NEWSDESK_STAFF_IDLE_HOURS`` a staff session unused this many hours ends (default 12)
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from newsdesk import config, private_files
from newsdesk.accounts.site_name import site_name

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.path("NEWSDESK_DATA_DIR", "./newsdesk-data")


def _secret_key() -> str:
    key = config.text("NEWSDESK_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / private_files.SECRET_KEY_FILE
    if not key_file.exists():
        private_files.folder(DATA_DIR, private_files.DATA_FOLDER)
        private_files.create_private(key_file, secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = config.boolean("NEWSDESK_DEBUG", False)
ALLOWED_HOSTS = config.csv("NEWSDESK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
BASE_URL = config.text("NEWSDESK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "newsdesk.content",
    "newsdesk.accounts",
    "newsdesk.media",
    "newsdesk.site",
    "newsdesk.syndication",
    "newsdesk.demo",
    "newsdesk.wordpress",
    "newsdesk.pagecache",
    "newsdesk.search",
    "newsdesk.export",
]

MIDDLEWARE = [
    "newsdesk.site.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsdesk.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsdesk.site.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsdesk.site.middleware.OldAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Staff accounts (newsdesk.accounts): which second factor the session passed, its
    # idle end, and the gate that opens nothing to a login not finished.
    "django_otp.middleware.OTPMiddleware",
    "newsdesk.accounts.sessions.StaffSessionMiddleware",
    "newsdesk.accounts.signin.SignInGateMiddleware",
    # Last: turns a login the throttle refused into the "login paused" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "newsdesk.site.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Django's SQLite, creating the database file readable by its owner only.
SQLITE = "newsdesk.sqlite3"


def _databases() -> dict:
    url = config.text("DATABASE_URL")
    if url:
        database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database["ENGINE"] = SQLITE
        return {"default": database}
    return {
        "default": {
            "ENGINE": SQLITE,
            "NAME": str(DATA_DIR / "newsdesk.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run while a writer commits; NORMAL is durable in WAL
                # mode except for the last transactions on power loss.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA mmap_size=268435456;"
                    "PRAGMA cache_size=-32000;"
                    "PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A connection kept between requests: opening one (and SQLite reading the
            # schema on its first statement) costs more than rendering a page.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _caches() -> dict:
    url = config.text("NEWSDESK_CACHE_URL")
    if url.startswith(("redis://", "rediss://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url.startswith("memcached://"):
        backend = {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.removeprefix("memcached://"),
        }
    elif url:
        raise config.ConfigError(f"NEWSDESK_CACHE_URL={url!r}: expected redis://… or memcached://…")
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    return {"default": backend}


CACHES = _caches()

# Full pages for anonymous readers: "disk" (files under the data folder, shared by all
# workers, servable by nginx), "shared" (the Django cache above: Redis/memcached for
# several app servers) or "off".
PAGE_CACHE = config.text(
    "NEWSDESK_PAGE_CACHE", "shared" if config.text("NEWSDESK_CACHE_URL") else "disk"
)
if PAGE_CACHE not in ("disk", "shared", "off"):
    raise config.ConfigError(f"NEWSDESK_PAGE_CACHE={PAGE_CACHE!r}: expected disk, shared or off")
PAGE_CACHE_DIR = config.path("NEWSDESK_PAGE_CACHE_DIR", str(DATA_DIR / "pages"))

# Static exports (mirrors) are signed with this key when one is given.
EXPORT_SIGNING_KEY = (
    config.path("NEWSDESK_EXPORT_SIGNING_KEY", "")
    if config.text("NEWSDESK_EXPORT_SIGNING_KEY")
    else None
)

# The login throttle (newsdesk.accounts.throttling): django-axes' backend comes first and
# refuses a paused login before any password is checked, whichever view authenticates.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Who is asking: the proxies whose X-Forwarded-For is believed (newsdesk.accounts.clients).
TRUSTED_PROXIES = config.networks("NEWSDESK_TRUSTED_PROXIES")
AXES_HANDLER = "newsdesk.accounts.throttling.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "newsdesk.accounts.throttling.throttled_address"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_CALLABLE = "newsdesk.accounts.lockout.lockout_response"
AXES_COOLOFF_TIME = "newsdesk.accounts.throttling.remembered"
AXES_FAILURE_LIMIT = "newsdesk.accounts.throttling.failure_limit"
# The pause is decided by LoginThrottle (two limits, growing waits), not by axes' count.
AXES_LOCK_OUT_AT_FAILURE = False
# A paused login is refused unchecked and neither counts nor lengthens the pause.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# LoginThrottle forgets the account's own failures on success, not the address's.
AXES_RESET_ON_SUCCESS = False
# Logins and failures go to the audit log; axes keeps only the running counts.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "فارسی")]
TIME_ZONE = config.text("NEWSDESK_TIME_ZONE", "UTC")
USE_I18N = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads are for the web server to read, whatever the umask (see newsdesk.private_files).
FILE_UPLOAD_PERMISSIONS = private_files.PUBLIC_FILE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = private_files.PUBLIC_FOLDER
# Static files are served by WhiteNoise straight from the installed package, so a
# fresh install needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

# Security. The public site loads nothing from other hosts and runs no inline script.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Checks that do not apply here, each with its reason where it is added.
SILENCED_SYSTEM_CHECKS: list[str] = []
if config.boolean("NEWSDESK_HTTPS", False):
    # HTTPS only: plain HTTP answers 301 with its HTTPS address (the nginx front too),
    # cookies never travel in the clear, and browsers keep to HTTPS for a year,
    # subdomains included. The proxy in front says which scheme the reader used.
    if not BASE_URL.startswith("https://"):
        raise config.ConfigError(
            f"NEWSDESK_BASE_URL={BASE_URL!r}: with NEWSDESK_HTTPS on it starts with https://"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = config.boolean("NEWSDESK_HSTS_PRELOAD", False)
    CSRF_TRUSTED_ORIGINS = [BASE_URL]
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a promise to every browser that takes months to take back: the
        # operator's choice to make, not something the deploy check should nag about.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
elif config.boolean("NEWSDESK_HSTS_PRELOAD", False):
    raise config.ConfigError("NEWSDESK_HSTS_PRELOAD=true needs NEWSDESK_HTTPS=true")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Pictures larger than this are refused at upload (see newsdesk.media.validation).
MAX_UPLOAD_MB = config.integer("NEWSDESK_MAX_UPLOAD_MB", 10)

# Staff accounts (newsdesk.accounts): a second factor at login (django-otp: authenticator
# apps and backup codes; django-otp-webauthn: passkeys and security keys), required of
# whom the site settings say, and staff sessions that end when idle, when the password
# changes and when a second factor is added or removed (apps and middleware above).
# Not a rule: its password_changed() ends the account's other sessions.
AUTH_PASSWORD_VALIDATORS += [{"NAME": "newsdesk.accounts.sessions.EndOtherSessions"}]
STAFF_IDLE_HOURS = config.integer("NEWSDESK_STAFF_IDLE_HOURS", 12)
if STAFF_IDLE_HOURS < 1:
    raise config.ConfigError(
        f"NEWSDESK_STAFF_IDLE_HOURS={STAFF_IDLE_HOURS}: expected a whole number of hours, 1 or more"
    )
OTP_TOTP_ISSUER = site_name  # what authenticator apps show beside the code
OTP_WEBAUTHN_RP_ID_CALLABLE = "newsdesk.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "newsdesk.accounts.passkeys.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "newsdesk.accounts.passkeys.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a key is the second step, after the password
# The allowed origin is the host the admin is reached at (PasskeyHelper), not a list.
SILENCED_SYSTEM_CHECKS.append("otp_webauthn.E030")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Every failed login is in the audit log already (newsdesk.accounts.throttling).
    "loggers": {"axes": {"level": "ERROR"}},
}
