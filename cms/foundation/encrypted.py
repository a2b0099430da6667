"""Model fields whose column holds vault ciphertext while the instance holds the clear value (personal data such as
an applicant's id number): forms, validators and templates see plain text, a database dump or backup does not.

The column is `text` whatever `max_length` says (max_length bounds the clear value, for forms and validation).
A ciphertext differs on every write, so such a field can only be asked whether it is empty (`=""`, `isnull`);
finding rows by the value needs a keyed digest column beside it (vault.keyed_digest). A model lists these columns
in ENCRYPTED_FIELDS so that `manage.py rotate_secrets` re-encrypts them under a new key.
"""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from cms.foundation import vault


class EmptyOnlyExact(Exact):
    """`field=""` works (retention checks, excludes); `field="value"` would silently match nothing, so it fails."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.output_field.name} is stored encrypted and cannot be searched; use its keyed digest"
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name):
        return {"exact": EmptyOnlyExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def from_db_value(self, value, expression, connection):
        """Clear text; UndecryptableSecret when no key opens it (the key changed without rotate_secrets)."""
        return vault.decrypt(value) if value else value

    def get_db_prep_save(self, value, connection):
        value = super().get_db_prep_save(value, connection)
        if hasattr(value, "as_sql"):  # an expression (a raw Value from rotate_secrets or a migration): as it is
            return value
        return vault.encrypt(str(value)) if value else value


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField kept encrypted at rest."""


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    """An EmailField kept encrypted at rest."""
