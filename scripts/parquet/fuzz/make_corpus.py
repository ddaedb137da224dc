"""Writes a small seed corpus for the Parquet fuzzer (tiny pyarrow files, many options).

Usage: make_corpus.py OUTDIR
"""
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    t = pa.table({
        "id": pa.array([1, 2, 3, None], pa.int64()),
        "s": pa.array(["a", None, "ccc", "a"]),
        "vec": pa.array([[1.0, 2.0], [], None, [3.0]], pa.list_(pa.float32())),
        "st": pa.array([{"x": 1, "y": "p"}, None, {"x": None, "y": "q"}, {"x": 4, "y": None}],
                       pa.struct([("x", pa.int32()), ("y", pa.string())])),
        "m": pa.array([[("k", 1)], None, [], [("a", None)]], pa.map_(pa.string(), pa.int32())),
        "d": pa.array([0, 1, None, 3], pa.int32()).cast(pa.date32()),
        "b": pa.array([True, None, False, True]),
    })
    i = 0
    for comp in ["none", "snappy", "gzip", "zstd", "lz4"]:
        for dic in [True, False]:
            for ver in ["1.0", "2.0"]:
                pq.write_table(t, os.path.join(out, f"seed{i}.parquet"), compression=comp, use_dictionary=dic,
                               data_page_version=ver, store_schema=False)
                i += 1
    flat = t.select(["id", "s", "d"])
    pq.write_table(flat, os.path.join(out, f"seed{i}.parquet"), use_dictionary=False, compression="none", store_schema=False,
                   column_encoding={"id": "DELTA_BINARY_PACKED", "s": "DELTA_BYTE_ARRAY", "d": "BYTE_STREAM_SPLIT"})
    i += 1
    pq.write_table(flat, os.path.join(out, f"seed{i}.parquet"), use_dictionary=False, compression="none", store_schema=False,
                   column_encoding={"s": "DELTA_LENGTH_BYTE_ARRAY"}, data_page_version="2.0")
    print(f"wrote {i + 1} seeds to {out}")


if __name__ == "__main__":
    main()
