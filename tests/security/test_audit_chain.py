"""The audit log is a hash chain only ever appended to: verify_audit_log finds an edited or removed row and names
where, Python and (on PostgreSQL) the database refuse to change or delete rows, pruning keeps the chain verifiable,
and appends from two connections at once never fork it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from security import audit
from security.audit import retention
from security.audit.chain import GENESIS, compute_hash
from security.audit.models import AppendOnlyError, AuditAnchor, AuditRecord

pytestmark = pytest.mark.django_db
PG = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


def verify_output() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def tamper(sql: str, params) -> None:
    """What someone with database access does: on PostgreSQL past the triggers (as a superuser could)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def five() -> list[AuditRecord]:
    return [audit.record("auth.login_failed", outcome="failure", detail={"username": f"u{n}"}) for n in range(5)]


def test_entries_are_chained_in_sequence_with_each_hash_covering_the_previous():
    first, second = audit.record("auth.login"), audit.record("auth.logout", detail={"password": "x", "n": 1})
    assert (first.sequence, second.sequence) == (second.sequence - 1, second.sequence)
    assert first.prev_hash == GENESIS or AuditRecord.objects.filter(sequence=first.sequence - 1).exists()
    assert second.prev_hash == first.hash and second.hash == compute_hash(second)
    assert second.label == "退出登录"
    assert second.detail == {"password": "[已隐去]", "n": 1}, "a secret never enters the log"
    assert "链路校验通过" in verify_output()


def test_verify_names_a_row_edited_by_sql():
    entries = five()
    assert verify_output().startswith("审计日志完整：")
    tamper("UPDATE security_auditrecord SET outcome = 'success' WHERE sequence = %s", [entries[2].sequence])
    with pytest.raises(CommandError) as broken:
        call_command("verify_audit_log")
    assert f"第 {entries[2].sequence} 条" in str(broken.value) and "被修改" in str(broken.value)


def test_verify_names_a_row_deleted_in_the_middle():
    entries = five()
    tamper("DELETE FROM security_auditrecord WHERE sequence = %s", [entries[2].sequence])
    result = audit.verify()
    assert not result.ok and result.broken.sequence == entries[3].sequence
    assert f"之前的第 {entries[2].sequence} 条记录缺失" in result.describe()


def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link():
    entries = five()
    forged = AuditRecord.objects.get(pk=entries[1].pk)
    forged.outcome = "success"
    tamper(
        "UPDATE security_auditrecord SET outcome = 'success', hash = %s WHERE sequence = %s",
        [compute_hash(forged), forged.sequence],
    )
    result = audit.verify()
    assert result.broken.sequence == entries[2].sequence and "上一条被修改" in result.describe()


def test_python_refuses_to_change_or_delete_entries():
    entry = audit.record("auth.login")
    entry.outcome = "failure"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).update(outcome="failure")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=entry.pk).outcome == "success"


@PG
def test_postgresql_refuses_update_and_delete_by_sql():
    entry = audit.record("auth.login")
    for sql in (
        "UPDATE security_auditrecord SET outcome = 'failure' WHERE id = %s",
        "DELETE FROM security_auditrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditRecord.objects.get(pk=entry.pk).outcome == "success"


def test_an_entry_of_a_rolled_back_transaction_goes_with_it_and_the_chain_continues():
    before = audit.record("auth.login")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("page.publish")
        raise RuntimeError("the publish failed")
    after = audit.record("auth.logout")
    assert after.sequence == before.sequence + 1 and after.prev_hash == before.hash
    assert audit.verify().ok


def test_retention_prunes_old_entries_behind_an_anchor_and_the_chain_still_verifies(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    entries = five()
    later = timezone.now() + timedelta(days=181)
    fresh = [audit.record("auth.login") for _ in range(2)]
    # The five are older than 180 days on the day `later`; the two fresh ones are made to be newer.
    tamper("UPDATE security_auditrecord SET time = %s WHERE sequence >= %s", [later, fresh[0].sequence])
    for entry in fresh:  # their hashes covered the old time: rewrite them as if written then
        row = AuditRecord.objects.get(pk=entry.pk)
        tamper("UPDATE security_auditrecord SET hash = %s WHERE id = %s", [compute_hash(row), row.pk])
    tamper(
        "UPDATE security_auditrecord SET prev_hash = %s WHERE id = %s",
        [AuditRecord.objects.get(pk=fresh[0].pk).hash, fresh[1].pk],
    )
    row = AuditRecord.objects.get(pk=fresh[1].pk)
    tamper("UPDATE security_auditrecord SET hash = %s WHERE id = %s", [compute_hash(row), row.pk])
    assert audit.verify().ok

    assert retention.prune(now=later + timedelta(hours=1)) == fresh[0].sequence - 1
    anchor = AuditAnchor.objects.get()
    assert anchor.sequence == entries[-1].sequence
    assert not AuditRecord.objects.filter(sequence__lte=anchor.sequence).exists()
    pruning = AuditRecord.objects.order_by("-sequence").first()
    assert pruning.action == "audit.prune" and pruning.detail["count"] == anchor.count
    result = audit.verify()
    assert result.ok and result.count == 3, result.describe()


def test_retention_never_goes_below_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    audit.record("auth.login")
    assert retention.prune(now=timezone.now() + timedelta(days=100)) == 0


@PG
@pytest.mark.django_db(transaction=True)
def test_two_connections_appending_at_once_never_fork_the_chain():
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def append(name: str) -> None:
        try:
            barrier.wait()
            for n in range(25):
                with transaction.atomic():  # an outer transaction, as a request's would be
                    audit.record("auth.login_failed", detail={"thread": name, "n": n})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sequences = list(AuditRecord.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences))), "no gap, no duplicate"
    assert AuditRecord.objects.filter(detail__thread__in=["a", "b"]).count() == 50
    result = audit.verify()
    assert result.ok and result.count == len(sequences), result.describe()
