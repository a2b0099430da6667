"""Security baseline for a 等保 2.0 assessment: login lockout, password rules, sessions, the three administrator
roles (三员分立), the tamper-evident audit log and HTTP hardening. Every path passes through here, not a form."""
