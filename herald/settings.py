"""Django settings for Herald. Deploy-specific values come from the environment
through ``herald.config``; docs/settings.md lists every one of them."""

from __future__ import annotations

import dj_database_url

from herald import config

BASE_DIR = config.BASE_DIR
VAR_DIR = config.VAR_DIR

DEBUG = config.env_bool("HERALD_DEBUG", default=False)
SECRET_KEY = config.secret_key(DEBUG)
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS")
HERALD_BASE_URL = config.base_url()
WAGTAILADMIN_BASE_URL = HERALD_BASE_URL

INSTALLED_APPS = [
    "herald.core",
    "herald.newsroom",
    "herald.articles",
    "herald.discovery",
    "herald.syndication",
    "herald.memberships",
    "herald.letters",
    "herald.newsletters",
    "herald.validation",
    "herald.access",
    "herald.site",
    "herald.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "herald.newsroom.staff_users.HeraldUsersConfig",  # wagtail.users, staff-only list
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # pg_trgm lookups for search suggestions (PostgreSQL only)
]

MIDDLEWARE = [
    "herald.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "herald.syndication.middleware.ConditionalGetMiddleware",  # 304s for cached feeds too
    "herald.access.middleware.AccessMiddleware",  # decides before the page cache looks
    "herald.site.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "herald.core.signin_throttle.SignInThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "herald.core.middleware.PageSiteMiddleware",  # a page's site from the cache
]

ROOT_URLCONF = "herald.urls"
WSGI_APPLICATION = "herald.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "herald.site.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = config.database_url()
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while the writer commits; the demo serves and
    # writes page views at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = config.env_str("REDIS_URL", "") or None
if REDIS_URL:
    CACHES = config.redis_caches(
        REDIS_URL,
        prefix=config.env_str("HERALD_CACHE_PREFIX", "herald"),
        timeout_ms=config.env_int("HERALD_REDIS_TIMEOUT_MS", 1000),
    )
    # Sessions are written to the database and read from Redis first: a reader stays
    # signed in while Redis is down (docs/reliability.md).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Meter records (herald.access), one per anonymous reader: kept apart so
        # they never push pages out of the page cache. Redis holds both. Django's
        # file cache lists its directory on every write to decide whether to
        # cull: fine for the demo and small sites; production runs Redis.
        "meter": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "meter"),
            "OPTIONS": {"MAX_ENTRIES": config.env_int("HERALD_METER_MAX_RECORDS", 20000)},
        },
    }
    # Trending's de-duplication state without Redis (herald/discovery/backends/database.py).
    CACHES["trending"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "herald-trending",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
HERALD_METER_CACHE = "meter" if "meter" in CACHES else "default"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # a cache outage is logged, not raised

TASKS = {
    "default": {
        "BACKEND": config.env_str(
            "HERALD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = config.env_str("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = config.env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
# With debug, and for the demo (served without debug, so that a reader sees the
# publication's own 404 and 500 pages) and the other commands in a demo checkout
# (config.demo_checkout), static files come straight from the apps through WhiteNoise's
# finders, with no collectstatic; production serves the hashed, compressed copies.
STATIC_FROM_APPS = DEBUG or config.demo_checkout()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_APPS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = STATIC_FROM_APPS
WHITENOISE_MAX_AGE = 0 if STATIC_FROM_APPS else 31536000

globals().update(config.email_settings(config.env_str("EMAIL_URL", "") or None))
DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "newsroom@herald.invalid")
# django-anymail (an e-mail service provider): its bounce webhook's basic-auth "user:password".
ANYMAIL = {**globals().get("ANYMAIL", {}),
           "WEBHOOK_SECRET": config.env_str("ANYMAIL_WEBHOOK_SECRET", "") or None}

# Security: safe by default; HERALD_HTTPS=false for plain-HTTP local serving.
# Proxies whose X-Forwarded-For is believed (addresses or networks, "*" for any); none
# by default. The same variable tells gunicorn (`herald serve`) whom to trust.
HERALD_FORWARDED_ALLOW_IPS = config.forwarded_allow_ips()
HTTPS = config.env_bool("HERALD_HTTPS", default=not DEBUG and not config.env_bool("HERALD_DEMO"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and config.env_bool("HERALD_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
HERALD_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src https://www.youtube-nocookie.com; media-src 'self'; "
    "form-action 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
)

WAGTAIL_SITE_NAME = "Herald"
# Search: the database (PostgreSQL full-text search, SQLite FTS5) unless HERALD_SEARCH_URL
# names an Elasticsearch/OpenSearch cluster (docs/search.md).
WAGTAILSEARCH_BACKENDS = config.search_backends(config.env_str("HERALD_SEARCH_URL", ""))
WAGTAIL_WORKFLOW_ENABLED = True
# No avatar service: a newsroom's network may block it, and it tells a third
# party who uses the admin. Wagtail shows its local default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for a newer Wagtail: the same reasons, and
# upgrades are the operator's, through the lock file.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# herald.site.redirects makes them, only for changes readers can see (published ones).
WAGTAILREDIRECTS_AUTO_CREATE = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Editorial limits (deploy-level; editorial policy lives in the admin's settings).
HERALD_LETTER_MAX_CHARS = config.env_int("HERALD_LETTER_MAX_CHARS", 3000)
HERALD_LETTERS_PER_HOUR = config.env_int("HERALD_LETTERS_PER_HOUR", 3)
HERALD_PAGE_CACHE_SECONDS = config.env_int("HERALD_PAGE_CACHE_SECONDS", 60)
# Files of gated stories (herald.access.media): how long a signed address works at least,
# and nginx's internal location for X-Accel-Redirect ("" streams the file from Herald).
HERALD_SIGNED_MEDIA_SECONDS = config.env_int("HERALD_SIGNED_MEDIA_SECONDS", 3600)
HERALD_MEDIA_ACCEL_REDIRECT = config.env_str("HERALD_MEDIA_ACCEL_REDIRECT", "")
# Trending (herald.discovery.trending): hours of reads looked at, the half-life of a
# read's weight, the store ("database" or "redis"; empty: redis when REDIS_URL is set),
# views one address may add to one story per half hour, beacons per address a minute.
HERALD_TRENDING_HOURS = config.env_int("HERALD_TRENDING_HOURS", 48)
HERALD_TRENDING_HALF_LIFE_HOURS = config.env_int("HERALD_TRENDING_HALF_LIFE_HOURS", 6)
HERALD_TRENDING_BACKEND = config.env_str("HERALD_TRENDING_BACKEND", "")
HERALD_TRENDING_ADDRESS_CAP = config.env_int("HERALD_TRENDING_ADDRESS_CAP", 5)
HERALD_VIEW_BEACON_RATE = config.env_int("HERALD_VIEW_BEACON_RATE", 60)
# The HTTP cache in front of Herald (deploy/varnish/herald.vcl), purged on publish,
# unpublish and correction through Wagtail's front-end cache; empty: nothing to purge.
HERALD_FRONTEND_CACHE_URL = config.env_str("HERALD_FRONTEND_CACHE_URL", "")
WAGTAILFRONTENDCACHE = config.frontend_cache(HERALD_FRONTEND_CACHE_URL)

# Reader revenue (herald.memberships reads these at call time; docs/memberships.md).
# The development provider grants memberships without payment: never in production.
HERALD_PAYMENT_PROVIDER = config.env_str(
    "HERALD_PAYMENT_PROVIDER",
    "development" if DEBUG or config.demo_checkout() else "stripe",
)
STRIPE_SECRET_KEY = config.env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = config.env_str("STRIPE_WEBHOOK_SECRET", "")
HERALD_MAGIC_LINK_MINUTES = config.env_int("HERALD_MAGIC_LINK_MINUTES", 15)

# Newsletters (herald.newsletters reads these at call time; herald/newsletters/README.md).
# Seconds between tries after a temporary SMTP failure (4xx); then the delivery fails.
HERALD_NEWSLETTER_RETRY_DELAYS = tuple(
    float(s) for s in config.env_list("HERALD_NEWSLETTER_RETRY_DELAYS", "1,4,15"))
# SMTP connections a send uses at once (each its own thread; at most one message in
# doubt per connection after a crash). 1 sends from the caller's thread.
HERALD_NEWSLETTER_CONNECTIONS = config.env_int("HERALD_NEWSLETTER_CONNECTIONS", 4)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config.env_str("LOG_LEVEL", "WARNING")},
}
WAGTAIL_FINISH_WORKFLOW_ACTION = "herald.newsroom.workflows.publish_validated_story"
