"""Indexes for a county platform's scale: the admin's visibility rule (the few withheld policies, the few pages
not live) and the library's facet counts."""

from django.db import migrations, models

TITLE_INDEX = "interpretation_page_title_trgm"


def index_titles(apps, schema_editor):
    """PostgreSQL: a trigram index for search's title tiers (title LIKE '%营商环境%' over every page), when the
    pg_trgm extension is installed or may be created; without it the search works the same, scanning titles."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SAVEPOINT trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no right to create extensions: an operator may add it later and re-run
            cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON wagtailcore_page USING gin (UPPER(title) gin_trgm_ops)"
        )


def drop_title_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("interpretation", "0006_policy_date_published_index"),
    ]

    operations = [
        migrations.RunPython(index_titles, drop_title_index),
        # Wagtail's page table: the few pages that are not live (drafts, unpublished), for the visibility rule.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS interpretation_page_not_live ON wagtailcore_page (id) WHERE NOT live",
            "DROP INDEX IF EXISTS interpretation_page_not_live",
        ),
        migrations.AddIndex(
            model_name="policydocumentpage",
            index=models.Index(
                condition=models.Q(("disclosure_attribute", "proactive"), _negated=True),
                fields=["page_ptr"],
                name="policy_not_proactive",
            ),
        ),
        migrations.AddIndex(
            model_name="policydocumentpage",
            index=models.Index(
                condition=models.Q(("disclosure_attribute", "proactive")),
                fields=["disclosing_body", "date_published", "issuing_organ", "topic", "document_type", "validity"],
                include=("page_ptr",),
                name="policy_facets",
            ),
        ),
    ]
