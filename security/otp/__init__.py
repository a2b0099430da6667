"""Second factor for the admin (TOTP on django-otp, 等保 2.0 双因素): enrolment from the account page, a code screen
after the password, removal by the user or a 安全管理员, and SECURITY_OTP_REQUIRED to make it compulsory for
administrators. The middleware (security.otp.middleware) is the one gate; views only enrol and verify."""
