"""On MySQL and MariaDB, the columns that key our rows compare case-sensitively, as Python and the other databases do.

A block's usage key (``block_key``) and an author's statement id (``statement_id``)
are strings that Python tells apart by case: two url_names that differ only in
case are two blocks, and a new statement ``s1`` may stand beside an existing
``S1``. On MySQL and MariaDB a column takes the database's default collation,
which in Open edX is case- (and accent-) insensitive (``utf8mb3_general_ci``,
``utf8mb4_unicode_ci``, …). There two such blocks shared one block row (the
unique index), so a write got the row back under the other spelling and failed;
and the answers to ``S1`` and ``s1`` met on one counter, so a write that moved
both found fewer rows than it moved and failed every time. SQLite and
PostgreSQL already compare these columns byte for byte.

This migration gives those columns the binary collation of their own character
set (``<charset>_bin``), read with their type and nullability from
``information_schema.COLUMNS``, so that ``MODIFY`` changes nothing else; MySQL
keeps a column's indexes across ``MODIFY``. Making a comparison stricter never
makes two existing rows collide. It runs on MySQL and MariaDB only (Django's
``vendor`` is ``mysql`` for both); elsewhere it does nothing. It is not a
field's ``db_collation``: the name of a binary collation differs per vendor
(``utf8mb4_bin``, ``utf8mb3_bin``, PostgreSQL's ``"C"``), and the character set
is the site's, not ours. The keyed-hash primary keys (``key``, ``leader_key``)
are lower-case hex and the session codes are normalised to upper case, so they
stay as they are.

The ``_bin`` collations ignore trailing spaces; no key has any (usage keys and
statement ids contain none). A later ``AlterField`` of one of these columns
would let Django write a ``MODIFY`` without a collation, which returns the
column to the table's default: such a migration must run ``binary_key_columns``
again. Going back leaves the columns binary: the earlier schema works with
them, and a case-insensitive collation could no longer hold rows that differ
only in case.
"""
from django.db import migrations

#: The key columns, per model: compared case-sensitively by the code that reads them (``sexmot_xblocks.storage.answers``).
KEY_COLUMNS = {
    "ParticipantTally": ("block_key",),
    "StatementTally": ("block_key", "statement_id"),
    "Contribution": ("block_key",),
    "SharedText": ("block_key",),
    "GroupSession": ("block_key",),
}


def binary_key_columns(apps, schema_editor):
    """``ALTER TABLE … MODIFY`` each key column to ``<its charset>_bin``, keeping its type and nullability."""
    connection = schema_editor.connection
    if connection.vendor != "mysql":
        return
    quote = schema_editor.quote_name
    for model_name, fields in KEY_COLUMNS.items():
        meta = apps.get_model("sexmot_xblocks", model_name)._meta
        changes = []
        for field in fields:
            column = meta.get_field(field).column
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME "
                    "FROM information_schema.COLUMNS "
                    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s AND COLUMN_NAME = %s",
                    [meta.db_table, column],
                )
                column_type, nullable, charset, collation = cursor.fetchone()
            binary = f"{charset}_bin"
            if collation == binary:
                continue
            changes.append(f"MODIFY {quote(column)} {column_type} CHARACTER SET {charset} COLLATE {binary} "
                           f"{'NULL' if nullable == 'YES' else 'NOT NULL'}")
        if changes:
            schema_editor.execute(f"ALTER TABLE {quote(meta.db_table)} {', '.join(changes)}")


class Migration(migrations.Migration):

    dependencies = [
        ("sexmot_xblocks", "0005_group_sessions"),
    ]

    operations = [
        # Outside a transaction: MySQL cannot roll DDL back, so Django refuses it inside one (each ALTER commits).
        migrations.RunPython(binary_key_columns, migrations.RunPython.noop, atomic=False),
    ]
