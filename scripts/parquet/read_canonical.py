"""Reads a Parquet file with pyarrow and prints its values as canonical JSON (see canonical.py).

Usage: read_canonical.py FILE [--metadata]
With --metadata also prints row group count, num_rows and key/value metadata.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyarrow.parquet as pq  # noqa: E402

from canonical import table_canonical  # noqa: E402


def main():
    path = sys.argv[1]
    pf = pq.ParquetFile(path)
    table = pf.read()
    out = table_canonical(table)
    if "--metadata" in sys.argv:
        md = pf.metadata
        out["num_rows"] = md.num_rows
        out["num_row_groups"] = md.num_row_groups
        kv = md.metadata or {}
        out["key_value"] = {k.decode(): v.decode() for k, v in kv.items() if k != b"ARROW:schema"}
        stats = []
        for g in range(md.num_row_groups):
            rg = md.row_group(g)
            for c in range(rg.num_columns):
                col = rg.column(c)
                s = col.statistics
                stats.append({
                    "path": col.path_in_schema,
                    "compression": col.compression,
                    "has_min_max": bool(s is not None and s.has_min_max),
                    "null_count": (s.null_count if s is not None and s.has_null_count else None),
                    "min": (str(s.min) if s is not None and s.has_min_max else None),
                    "max": (str(s.max) if s is not None and s.has_min_max else None),
                })
        out["stats"] = stats
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
