"""Bulk inserts without Django's per-value compiling: what `bulk_create` writes, cheaper.

`bulk_create` sends every value of every row through the insert compiler (expression
checks, `pre_save`, `get_db_prep_save`, placeholders): at the 6,400 rows of a 1,000-row
import that is two thirds of the import. Here each column's conversion is chosen once and
plain values (text, whole numbers, booleans, None) go through as they are and dates and
aware datetimes straight to the backend's adapter, which is what their fields would have
made of them; anything else (decimals, JSON, naive times) still goes through its field. Rows are sent in as few statements as the database takes.
"""

import datetime
import operator
import sqlite3
from itertools import chain
from types import NoneType

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field

# Internal types whose prepared value is the Python value itself when it has this type.
PLAIN = {"CharField": str, "TextField": str, "BooleanField": bool}
INTEGERS = {
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}


def bulk_insert(objects: list) -> None:
    """`type(objects[0]).objects.bulk_create(objects)` for new rows of one model with an
    automatic primary key: the same values written, the same ids and state set on them."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    if meta.pk.get_internal_type() not in AUTO or any(obj.pk is not None for obj in objects):
        model.objects.bulk_create(objects)  # not the shape this shortcut knows
        return
    _prepare_related_fields(objects, meta)
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    # Fields with their own pre_save (auto_now and the like) give what it returns.
    own = [(i, f) for i, f in enumerate(fields) if type(f).pre_save is not Field.pre_save]
    values = attributes([f.attname for f in fields])
    rows = []
    for obj in objects:
        row = list(values(obj))
        for index, field in own:
            row[index] = field.pre_save(obj, True)
        rows.append(row)
    alias = router.db_for_write(model)
    ids = insert_rows(model, fields, rows, returning=True, using=alias)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias


def attributes(names: list[str]):
    """A function giving the tuple of an object's attributes `names`, read in C
    (operator.attrgetter) rather than by a getattr per value."""
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return operator.attrgetter(*names) if names else (lambda obj: ())


def _prepare_related_fields(objects: list, meta) -> None:
    """What bulk_create asks `obj._prepare_related_fields_for_save` for each row: a related
    row saved after it was assigned lends its new id; an unsaved one is refused. The same
    steps over the model's relations only, not over all its fields for every row."""
    if meta.private_fields:  # a GenericForeignKey: Django's own checks
        for obj in objects:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
        return
    relations = [field for field in meta.concrete_fields if field.is_relation]
    for obj in objects:
        for field in relations:
            if not field.is_cached(obj):
                continue
            related = getattr(obj, field.name, None)
            if not related:
                continue
            if not related._is_pk_set():
                if not field.remote_field.multiple:
                    field.remote_field.delete_cached_value(related)
                raise ValueError(
                    "bulk_create() prohibited to prevent data loss due to unsaved "
                    f"related object '{field.name}'."
                )
            if getattr(obj, field.attname) in field.empty_values:
                setattr(obj, field.name, related)
            if getattr(related, field.target_field.attname) != getattr(obj, field.attname):
                field.delete_cached_value(obj)


def insert_rows(model, fields, rows, returning=False, using=None) -> list | None:
    """INSERT `rows` (lists of Python values in the order of `fields`) into `model`'s table;
    with `returning`, the new primary keys in the order of the rows."""
    if not rows:
        return [] if returning else None
    using = using or router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    # Column by column: a column of plain values (most of them) is taken as it is, checked
    # with one pass over its types instead of a function call per value.
    values = [
        _convert_column(field, column, connection)
        for field, column in zip(fields, zip(*rows, strict=True), strict=True)
    ]
    rows = list(zip(*values, strict=True))
    columns = ", ".join(quote(field.column) for field in fields)
    table = quote(model._meta.db_table)
    returned = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, _max_parameters(connection) // max(1, len(fields)))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            parameters = list(chain.from_iterable(batch))
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}"
            cursor.execute(sql + returned, parameters)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids if returning else None


def _convert_column(field, column: tuple, connection) -> tuple | list:
    """The column's values as `field.get_db_prep_save` gives them."""
    types = set(map(type, column))
    types.discard(NoneType)
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if (
        (kind in PLAIN and types <= {PLAIN[kind]})
        or (kind in AUTO and types <= {int})  # a foreign key: the id as it is
        # Whole numbers as they are where the backend does not wrap them (PostgreSQL does).
        or (kind in INTEGERS and types <= {int} and _adapts_nothing(connection))
    ):
        return column
    convert = _converter(field, connection)
    return [convert(value) for value in column]


def _converter(field, connection):
    """The function turning a Python value into what `field.get_db_prep_save` gives."""
    prepare = field.get_db_prep_save
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind in PLAIN:
        plain = PLAIN[kind]
        return lambda v: v if v is None or type(v) is plain else prepare(v, connection)
    if kind in AUTO:  # a foreign key: the id as it is (validate_autopk_value)
        return lambda v: v if v is None or type(v) is int else prepare(v, connection)
    if kind in INTEGERS:
        adapt = connection.ops.adapt_integerfield_value  # PostgreSQL wraps the type
        return lambda v: (
            v if v is None else adapt(v, kind) if type(v) is int else prepare(v, connection)
        )
    if kind == "DateField":
        adapt_date = connection.ops.adapt_datefield_value  # SQLite: the ISO text
        return lambda v: adapt_date(v) if type(v) is datetime.date else prepare(v, connection)
    if kind == "DateTimeField" and connection.vendor == "sqlite" and settings.USE_TZ:
        # SQLite's adapter makes an aware time naive in the connection's zone and writes it
        # as text; a time already in that zone (timezone.now() in UTC) only drops its zone.
        zone = connection.timezone
        adapt_time = connection.ops.adapt_datetimefield_value
        return lambda v: (
            str(v.replace(tzinfo=None))
            if type(v) is datetime.datetime and v.tzinfo is zone
            else adapt_time(v)
            if type(v) is datetime.datetime and v.utcoffset() is not None
            else prepare(v, connection)
        )
    if kind == "DateTimeField":
        # An aware datetime is what the field's own preparing leaves as it is.
        adapt_time = connection.ops.adapt_datetimefield_value
        return lambda v: (
            adapt_time(v)
            if type(v) is datetime.datetime and v.utcoffset() is not None
            else prepare(v, connection)
        )
    return lambda v: prepare(v, connection)


def _adapts_nothing(connection) -> bool:
    method = type(connection.ops).adapt_integerfield_value
    return method is BaseDatabaseOperations.adapt_integerfield_value


def _max_parameters(connection) -> int:
    """Parameters one statement may carry: SQLite's own limit (32,766 since 3.32, where
    Django assumes 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535
