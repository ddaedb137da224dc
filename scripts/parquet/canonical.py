"""Canonical JSON form of Arrow values, shared by the Quarry Parquet cross-check scripts.

Every scalar becomes a tagged string so Swift can compare exactly without float formatting
issues: ints "i:<n>", floats "f:<16 hex digits of the IEEE double>" (or "f:nan"), strings
"s:<text>", bytes "b:<hex>", dates "date:<days>", times "time:<unit>:<n>", timestamps
"ts:<unit>:<n>", decimals "dec:<plain text>", UUIDs "uuid:<hex>". Booleans and null stay JSON.
Lists are arrays, structs objects, maps arrays of [key, value].
"""
import datetime
import decimal
import math
import struct
import uuid

import pyarrow as pa

EPOCH = datetime.date(1970, 1, 1)


def _float(v):
    if math.isnan(v):
        return "f:nan"
    return "f:%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


def _unit(t):
    return t.unit


def canon(v, t):
    if v is None:
        return None
    if pa.types.is_boolean(t):
        return bool(v)
    if pa.types.is_integer(t):
        return "i:%d" % v
    if pa.types.is_floating(t):
        return _float(float(v))
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "s:" + v
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return "b:" + bytes(v).hex()
    if pa.types.is_date32(t):
        return "date:%d" % v
    if pa.types.is_time(t):
        return "time:%s:%d" % (t.unit, v)
    if pa.types.is_timestamp(t):
        return "ts:%s:%d" % (t.unit, v)
    if pa.types.is_decimal(t):
        return "dec:" + format(v, "f")
    if pa.types.is_dictionary(t):
        return canon(v, t.value_type)
    if pa.types.is_map(t):
        return [[canon(k, t.key_type), canon(x, t.item_type)] for (k, x) in v]
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return [canon(x, t.value_type) for x in v]
    if pa.types.is_struct(t):
        return {t.field(i).name: canon(v[t.field(i).name], t.field(i).type) for i in range(t.num_fields)}
    if isinstance(t, pa.BaseExtensionType) or isinstance(v, uuid.UUID):
        if isinstance(v, uuid.UUID):
            return "uuid:" + v.bytes.hex()
        return canon(v, t.storage_type)
    raise TypeError("unhandled type %s" % t)


def _raw_type(t):
    """Temporal types become plain integers so to_pylist yields raw values."""
    if pa.types.is_timestamp(t) or pa.types.is_time64(t):
        return pa.int64()
    if pa.types.is_time32(t) or pa.types.is_date32(t):
        return pa.int32()
    if pa.types.is_list(t):
        return pa.list_(pa.field(t.value_field.name, _raw_type(t.value_type), t.value_field.nullable))
    if pa.types.is_large_list(t):
        return pa.large_list(pa.field(t.value_field.name, _raw_type(t.value_type), t.value_field.nullable))
    if pa.types.is_map(t):
        return pa.map_(_raw_type(t.key_type), pa.field(t.item_field.name, _raw_type(t.item_type), t.item_field.nullable))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _raw_type(f.type), f.nullable) for f in t])
    return t


def column_values(col):
    """Canonical values of a ChunkedArray."""
    t = col.type
    raw = _raw_type(t)
    if raw != t:
        col = col.cast(raw)
    return [canon(v, t) for v in col.to_pylist()]


def table_canonical(table):
    return {
        "columns": table.column_names,
        "values": [column_values(table.column(i)) for i in range(table.num_columns)],
    }
