"""Re-encrypt every stored secret under the first ACCOUNT_ENCRYPTION_KEY, so the keys after it can be dropped.

Rotation: put the new key first and keep the old ones after it, restart, run this command, then remove the old
keys. Each model lists its encrypted columns in ENCRYPTED_FIELDS. A value no key opens is reported (by model and
id, never its content) and makes the command fail: dropping a key then would lose it.

Columns are read and written raw (the ciphertext, past the decrypting fields of cms.foundation.encrypted). A model
with `lookup_digests()` (keyed digests derived from the first key) has them recomputed in the same update.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from cms.foundation import vault


def encrypted_models() -> list:
    return [model for model in apps.get_models() if getattr(model, "ENCRYPTED_FIELDS", None)]


class Command(BaseCommand):
    help = "Re-encrypt every stored secret under the first ACCOUNT_ENCRYPTION_KEY (run after adding a new key first)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only count what is not yet under the first key")

    def handle(self, *args, check: bool = False, **options):
        vault.encrypt("probe")  # a malformed key fails here, with the variable's name, before anything changes
        stale_total = failed_total = 0
        verb = "stale" if check else "re-encrypted"
        for model in encrypted_models():
            fields = list(model.ENCRYPTED_FIELDS)
            rows = model._default_manager.order_by("pk")
            total, done, failed = rows.count(), 0, []
            label = f"{model._meta.app_label}.{model.__name__}"
            raw = rows.annotate(**{f"raw_{name}": Cast(name, TextField()) for name in fields})
            for index, (pk, *stored) in enumerate(raw.values_list("pk", *(f"raw_{n}" for n in fields)).iterator(), 1):
                stale = [
                    (name, value)
                    for name, value in zip(fields, stored, strict=True)
                    if not vault.under_first_key(value)
                ]
                if stale:
                    try:
                        values = {name: Value(vault.reencrypt(value), TextField()) for name, value in stale}
                    except vault.UndecryptableSecret:
                        failed.append(pk)
                    else:
                        if not check:
                            self._write(model, pk, values)
                        done += 1
                if index % 100 == 0 or index == total:
                    self.stdout.write(f"{label}: {index}/{total} checked, {done} {verb}")
            if not total:
                self.stdout.write(f"{label}: nothing stored")
            if failed:
                self.stderr.write(f"{label}: no key decrypts the secrets of id {', '.join(map(str, failed))}")
            stale_total += done
            failed_total += len(failed)
        if failed_total:
            raise CommandError(
                f"{failed_total} row(s) cannot be decrypted with any key in {vault.VARIABLE}; keep the old keys "
                "until they are re-entered or rotated in the admin"
            )
        if not check:
            from security import audit

            audit.record("security.secrets_rotated", detail={"rows": stale_total})
        if check:
            self.stdout.write(f"{stale_total} row(s) not yet under the first key")
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {stale_total} row(s) re-encrypted; the older keys may go"))

    @staticmethod
    def _write(model, pk, values: dict) -> None:
        manager = model._default_manager
        manager.filter(pk=pk).update(**values)
        if hasattr(model, "lookup_digests"):  # after the ciphertext: the clear value decrypts under any key
            manager.filter(pk=pk).update(**manager.get(pk=pk).lookup_digests())
