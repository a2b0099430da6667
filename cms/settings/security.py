"""Security settings (issue 15, 等保 2.0 baseline): read by base.py. Each value an operator may change comes from
an environment variable; the README's 安全配置 section lists them. Sections are kept apart by concern."""

from datetime import timedelta

from cms.foundation import config

# --- Client addresses -------------------------------------------------------------------------------------------
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). Empty: REMOTE_ADDR is
# the client. cms.foundation.client is the one reader, for rate limits, lockouts and the audit log alike.
TRUSTED_PROXIES = config.env_list("TRUSTED_PROXIES", [])

# --- Login lockout (django-axes; security.lockout) ----------------------------------------------------------------
LOGIN_FAILURE_LIMIT = config.env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = config.env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_LOCKOUT_MINUTES = config.env_int("LOGIN_LOCKOUT_MINUTES", 30)
# Failed logins from one address (over every account) within the window before the address is refused too.
LOGIN_ADDRESS_FAILURE_LIMIT = config.env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_ENABLED = True
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = "security.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_HANDLER = "security.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token"]
# A try during the lockout neither counts nor restarts it: the lock ends LOGIN_LOCKOUT_MINUTES after the last
# counted failure, as the message says (and an address refusal is shown as a lockout, not a wrong password).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# --- Passwords (security.passwords) ---------------------------------------------------------------------------------
PASSWORD_MIN_LENGTH = config.env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MAX_AGE_DAYS = config.env_int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_HISTORY = config.env_int("PASSWORD_HISTORY", 5)
# Passwords change only on security's own screen (the rules, the history, logout afterwards); no reset by e-mail:
# a 系统管理员 sets a new initial password, which the owner must change at the next login.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "security.passwords.CharacterClassesValidator", "OPTIONS": {"required": 3}},
    {"NAME": "security.passwords.UsernameNotContainedValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.passwords.HistoryValidator"},
]

# --- Sessions (security.sessions) -----------------------------------------------------------------------------------
SESSION_IDLE_MINUTES = config.env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = config.env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_AGE = int(timedelta(hours=SESSION_ABSOLUTE_HOURS).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Second factor (security.otp) -----------------------------------------------------------------------------------
# "none": optional for everyone; "admins": required of superusers and the three administrator groups.
SECURITY_OTP_REQUIRED = config.env_choice("SECURITY_OTP_REQUIRED", ("none", "admins"), "none")
# Each wrong code doubles the wait before the next is checked (1, 2, 4 … seconds; 0 would turn this off).
OTP_TOTP_THROTTLE_FACTOR = 1


def _otp_issuer(device) -> str:
    """The name the authenticator app shows above the code: the site's own name."""
    from django.conf import settings

    return settings.WAGTAIL_SITE_NAME


OTP_TOTP_ISSUER = _otp_issuer

# --- Audit log (security.audit) -------------------------------------------------------------------------------------
AUDIT_RETENTION_DAYS = max(180, config.env_int("AUDIT_RETENTION_DAYS", 180))
# Copies of each entry off this host, one JSON line each, after commit: syslog over UDP ("host:port") or a local
# socket ("/dev/log"), and/or a file (reopened after logrotate). Empty: the database chain only.
AUDIT_SYSLOG_ADDRESS = config.env("AUDIT_SYSLOG_ADDRESS", "")
AUDIT_LOG_FILE = config.env("AUDIT_LOG_FILE", "")

# --- HTTP hardening (security.headers; production.py adds HSTS and the SSL redirect) ----------------------------------
X_FRAME_OPTIONS = "DENY"  # the editor's preview panel alone may be framed by this origin (security.headers)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every response, every mode. Public pages: no inline script and no nonce (they are also written out as static
# files); the admin's narrow additions (a nonce for Wagtail's own inline scripts, inline styles, the preview
# iframe) are in security.headers. data: images: the WeChat preview's inlined pictures and Wagtail's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin calls no outside service from the browser: no Gravatar (an editor's e-mail hash, and unreachable from
# many government networks) and no check for a newer Wagtail release; both would also break the policy above.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# security.lockout.LockoutHandler throttles the address itself (LOGIN_ADDRESS_FAILURE_LIMIT), across accounts.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Public question form (网民提问; interpretation.events.throttle) ------------------------------------------------
# Counted per client address (cms.foundation.client, so TRUSTED_PROXIES matters) and per session, within the window.
QUESTION_WINDOW_SECONDS = config.env_int("QUESTION_WINDOW_SECONDS", 600)
QUESTION_ADDRESS_LIMIT = config.env_int("QUESTION_ADDRESS_LIMIT", 10)
QUESTION_SESSION_LIMIT = config.env_int("QUESTION_SESSION_LIMIT", 5)
# Submissions that go through without the captcha (django-simple-captcha, served from /captcha/); later ones need it.
QUESTION_CHALLENGE_AFTER = config.env_int("QUESTION_CHALLENGE_AFTER", 2)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes a captcha may be answered in
CAPTCHA_IMAGE_SIZE = (140, 48)
CAPTCHA_FONT_SIZE = 28  # the library's own Vera.ttf; large enough for older readers
CAPTCHA_2X_IMAGE = False
