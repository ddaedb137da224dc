"""Writes Parquet files with pyarrow covering every option Quarry's reader supports, plus
the expected values of each as canonical JSON (see canonical.py).

Usage: gen_fixtures.py OUTDIR
Creates OUTDIR/<name>.parquet and OUTDIR/<name>.json for each case and OUTDIR/index.json
(the list of case names).
"""
import datetime
import decimal
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from canonical import table_canonical  # noqa: E402


def maybe(rng, p, v):
    return None if rng.random() < p else v


def base_table(n=60, seed=7):
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "δέλτα", "", "emoji 🎉", "a\"quote", "new\nline", "repeat", "repeat"]
    cols = {}
    cols["id"] = pa.array(list(range(n)), pa.int64())
    cols["flag"] = pa.array([maybe(rng, 0.2, rng.random() < 0.5) for _ in range(n)], pa.bool_())
    cols["i8"] = pa.array([maybe(rng, 0.1, rng.randint(-128, 127)) for _ in range(n)], pa.int8())
    cols["i16"] = pa.array([maybe(rng, 0.1, rng.randint(-32768, 32767)) for _ in range(n)], pa.int16())
    cols["i32"] = pa.array([maybe(rng, 0.1, rng.randint(-2**31, 2**31 - 1)) for _ in range(n)], pa.int32())
    cols["i64"] = pa.array([maybe(rng, 0.1, rng.randint(-2**63, 2**63 - 1)) for _ in range(n)], pa.int64())
    cols["u8"] = pa.array([maybe(rng, 0.1, rng.randint(0, 255)) for _ in range(n)], pa.uint8())
    cols["u16"] = pa.array([maybe(rng, 0.1, rng.randint(0, 65535)) for _ in range(n)], pa.uint16())
    cols["u32"] = pa.array([maybe(rng, 0.1, rng.randint(0, 2**32 - 1)) for _ in range(n)], pa.uint32())
    cols["u64"] = pa.array([maybe(rng, 0.1, rng.randint(0, 2**64 - 1)) for _ in range(n)], pa.uint64())
    specials = [float("inf"), float("-inf"), -0.0, 1e-300, float("nan")]
    cols["f32"] = pa.array([maybe(rng, 0.1, rng.choice(specials) if rng.random() < 0.1 else rng.uniform(-1e6, 1e6)) for _ in range(n)], pa.float32())
    cols["f64"] = pa.array([maybe(rng, 0.1, rng.choice(specials) if rng.random() < 0.1 else rng.uniform(-1e12, 1e12)) for _ in range(n)], pa.float64())
    cols["s"] = pa.array([maybe(rng, 0.15, rng.choice(words) + (str(rng.randint(0, 5)) if rng.random() < 0.5 else "")) for _ in range(n)], pa.string())
    cols["bin"] = pa.array([maybe(rng, 0.15, bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 9)))) for _ in range(n)], pa.binary())
    cols["fixed"] = pa.array([maybe(rng, 0.15, bytes(rng.randint(0, 255) for _ in range(4))) for _ in range(n)], pa.binary(4))
    cols["d"] = pa.array([maybe(rng, 0.1, datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randint(-30000, 30000))) for _ in range(n)], pa.date32())
    cols["t_ms"] = pa.array([maybe(rng, 0.1, rng.randint(0, 86400000 - 1)) for _ in range(n)], pa.int32()).cast(pa.time32("ms"))
    cols["t_us"] = pa.array([maybe(rng, 0.1, rng.randint(0, 86400000000 - 1)) for _ in range(n)], pa.int64()).cast(pa.time64("us"))
    cols["t_ns"] = pa.array([maybe(rng, 0.1, rng.randint(0, 86400000000000 - 1)) for _ in range(n)], pa.int64()).cast(pa.time64("ns"))
    cols["ts_ms"] = pa.array([maybe(rng, 0.1, rng.randint(-2**40, 2**40)) for _ in range(n)], pa.int64()).cast(pa.timestamp("ms"))
    cols["ts_us"] = pa.array([maybe(rng, 0.1, rng.randint(-2**50, 2**50)) for _ in range(n)], pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    cols["ts_ns"] = pa.array([maybe(rng, 0.1, rng.randint(-2**62, 2**62)) for _ in range(n)], pa.int64()).cast(pa.timestamp("ns"))
    cols["dec9"] = pa.array([maybe(rng, 0.1, decimal.Decimal(rng.randint(-10**9 + 1, 10**9 - 1)).scaleb(-2)) for _ in range(n)], pa.decimal128(9, 2))
    cols["dec38"] = pa.array([maybe(rng, 0.1, decimal.Decimal(rng.randint(-10**38 + 1, 10**38 - 1)).scaleb(-10)) for _ in range(n)], pa.decimal128(38, 10))
    cols["lst"] = pa.array([maybe(rng, 0.15, [maybe(rng, 0.2, rng.randint(-5, 5)) for _ in range(rng.randint(0, 4))]) for _ in range(n)], pa.list_(pa.int32()))
    cols["vec"] = pa.array([[rng.uniform(-1, 1) for _ in range(8)] for _ in range(n)], pa.list_(pa.float32()))
    cols["nested"] = pa.array([maybe(rng, 0.1, [maybe(rng, 0.2, [maybe(rng, 0.2, rng.choice(words)) for _ in range(rng.randint(0, 3))]) for _ in range(rng.randint(0, 3))]) for _ in range(n)], pa.list_(pa.list_(pa.string())))
    st_type = pa.struct([("a", pa.int32()), ("b", pa.string()), ("c", pa.list_(pa.int64())), ("inner", pa.struct([("x", pa.float64())]))])
    cols["st"] = pa.array([maybe(rng, 0.15, {"a": maybe(rng, 0.2, rng.randint(0, 100)), "b": maybe(rng, 0.2, rng.choice(words)),
                                            "c": maybe(rng, 0.2, [rng.randint(0, 9) for _ in range(rng.randint(0, 3))]),
                                            "inner": maybe(rng, 0.3, {"x": maybe(rng, 0.3, rng.random())})}) for _ in range(n)], st_type)
    cols["mp"] = pa.array([maybe(rng, 0.15, [(rng.choice(words) + str(k), maybe(rng, 0.2, rng.randint(0, 1000))) for k in range(rng.randint(0, 3))]) for _ in range(n)], pa.map_(pa.string(), pa.int32()))
    cols["lst_st"] = pa.array([maybe(rng, 0.1, [maybe(rng, 0.1, {"x": rng.random(), "y": maybe(rng, 0.3, rng.choice(words))}) for _ in range(rng.randint(0, 3))]) for _ in range(n)],
                              pa.list_(pa.struct([("x", pa.float64()), ("y", pa.string())])))
    cols["req_s"] = pa.array([rng.choice(words) for _ in range(n)], pa.string())
    schema = pa.schema([pa.field(k, v.type, nullable=(k not in ("id", "req_s"))) for k, v in cols.items()])
    return pa.table(list(cols.values()), schema=schema)


def extra_types_table(n=40, seed=11):
    rng = random.Random(seed)
    cols = {}
    try:
        import uuid
        cols["uid"] = pa.array([maybe(rng, 0.2, uuid.UUID(int=rng.getrandbits(128)).bytes) for _ in range(n)], pa.binary(16)).cast(pa.uuid())
    except Exception:
        pass
    # float16 without numpy: pack halves with struct's "e" format; include subnormals and infinities.
    halves = [rng.uniform(-100, 100) for _ in range(n - 4)] + [6.0e-08, -1.0e-05, float("inf"), 0.0]
    cols["half"] = pa.Array.from_buffers(pa.float16(), n, [None, pa.py_buffer(struct.pack("<%de" % n, *halves))])
    cols["dict_s"] = pa.array([maybe(rng, 0.2, rng.choice(["x", "y", "z"])) for _ in range(n)]).dictionary_encode()
    cols["large_s"] = pa.array([maybe(rng, 0.2, "L" * rng.randint(0, 5)) for _ in range(n)], pa.large_string())
    return pa.table(cols)


def cases():
    t = base_table()
    out = []
    for comp in ["none", "snappy", "gzip", "zstd", "lz4"]:
        for dic in [True, False]:
            for ver in ["1.0", "2.0"]:
                out.append((f"base_{comp}_{'dict' if dic else 'plain'}_v{ver[0]}", t,
                            dict(compression=comp, use_dictionary=dic, data_page_version=ver)))
    out.append(("many_row_groups", t, dict(row_group_size=7)))
    out.append(("many_pages", t, dict(data_page_size=64, write_batch_size=5, dictionary_pagesize_limit=64)))
    out.append(("many_pages_v2", t, dict(data_page_size=64, write_batch_size=5, data_page_version="2.0", compression="zstd")))
    out.append(("int96", t.select(["id", "ts_ns", "ts_us"]), dict(use_deprecated_int96_timestamps=True)))
    out.append(("decimal_as_int", t.select(["id", "dec9"]).append_column("dec18", pa.array([None] * 59 + [decimal.Decimal("1.5")], pa.decimal128(18, 3))),
                dict(store_decimal_as_integer=True)))
    flat = t.select(["id", "i8", "i16", "i32", "i64", "u32", "u64", "d", "t_us", "ts_ms", "s", "req_s", "bin", "f32", "f64", "fixed"])
    for ver in ["1.0", "2.0"]:
        out.append((f"delta_v{ver[0]}", flat, dict(use_dictionary=False, data_page_version=ver, column_encoding={
            "id": "DELTA_BINARY_PACKED", "i8": "DELTA_BINARY_PACKED", "i16": "DELTA_BINARY_PACKED", "i32": "DELTA_BINARY_PACKED",
            "i64": "DELTA_BINARY_PACKED", "u32": "DELTA_BINARY_PACKED", "u64": "DELTA_BINARY_PACKED", "d": "DELTA_BINARY_PACKED",
            "t_us": "DELTA_BINARY_PACKED", "ts_ms": "DELTA_BINARY_PACKED",
            "s": "DELTA_LENGTH_BYTE_ARRAY", "req_s": "DELTA_BYTE_ARRAY", "bin": "DELTA_BYTE_ARRAY", "fixed": "DELTA_BYTE_ARRAY",
            "f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT"})))
        out.append((f"bss_v{ver[0]}", flat.select(["id", "i32", "i64", "f32", "f64", "fixed"]), dict(use_dictionary=False, data_page_version=ver, column_encoding={
            "id": "BYTE_STREAM_SPLIT", "i32": "BYTE_STREAM_SPLIT", "i64": "BYTE_STREAM_SPLIT", "f32": "BYTE_STREAM_SPLIT",
            "f64": "BYTE_STREAM_SPLIT", "fixed": "BYTE_STREAM_SPLIT"})))
    big = base_table(n=5000, seed=3)
    out.append(("big_snappy", big, dict(row_group_size=2000)))
    out.append(("big_plain_v2", big, dict(use_dictionary=False, data_page_version="2.0", data_page_size=4096)))
    out.append(("legacy_list_names", t.select(["id", "lst", "nested", "mp"]), dict(use_compliant_nested_type=False)))
    out.append(("extra_types", extra_types_table(), dict()))
    out.append(("empty", t.slice(0, 0), dict()))
    out.append(("all_null", pa.table({"x": pa.array([None] * 100, pa.string()), "y": pa.array([None] * 100, pa.list_(pa.int32()))}), dict()))
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    names = []
    for name, table, opts in cases():
        path = os.path.join(outdir, name + ".parquet")
        try:
            pq.write_table(table, path, **opts)
        except Exception as e:  # an option this pyarrow cannot write
            print(f"skip {name}: {e}", file=sys.stderr)
            continue
        expected = table_canonical(pq.read_table(path))
        expected["num_rows"] = table.num_rows
        with open(os.path.join(outdir, name + ".json"), "w") as f:
            json.dump(expected, f, ensure_ascii=False)
        names.append(name)
    with open(os.path.join(outdir, "index.json"), "w") as f:
        json.dump(names, f)
    print(f"wrote {len(names)} cases to {outdir}")


if __name__ == "__main__":
    main()
