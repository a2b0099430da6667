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

# --- Passwords (security.passwords) ---------------------------------------------------------------------------------
PASSWORD_MIN_LENGTH = config.env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MAX_AGE_DAYS = config.env_int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_HISTORY = config.env_int("PASSWORD_HISTORY", 5)

# --- Sessions (security.sessions) -----------------------------------------------------------------------------------
SESSION_IDLE_MINUTES = config.env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = config.env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_AGE = int(timedelta(hours=SESSION_ABSOLUTE_HOURS).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Second factor (security.otp) -----------------------------------------------------------------------------------
# "none": optional for everyone; "admins": required of superusers and the three administrator groups.
SECURITY_OTP_REQUIRED = config.env_choice("SECURITY_OTP_REQUIRED", ("none", "admins"), "none")

# --- Audit log (security.audit) -------------------------------------------------------------------------------------
AUDIT_RETENTION_DAYS = max(180, config.env_int("AUDIT_RETENTION_DAYS", 180))
# Copies of each entry off this host, one JSON line each, after commit: syslog over UDP ("host:port") or a local
# socket ("/dev/log"), and/or a file (reopened after logrotate). Empty: the database chain only.
AUDIT_SYSLOG_ADDRESS = config.env("AUDIT_SYSLOG_ADDRESS", "")
AUDIT_LOG_FILE = config.env("AUDIT_LOG_FILE", "")

# --- HTTP hardening (security.headers; production.py adds HSTS and the SSL redirect) ----------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# security.lockout.LockoutHandler throttles the address itself (LOGIN_ADDRESS_FAILURE_LIMIT), across accounts.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

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
# A try during the lockout neither counts nor restarts it: the lock ends LOGIN_LOCKOUT_MINUTES after the last
# counted failure, as the message says (and an address refusal is shown as a lockout, not a wrong password).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
