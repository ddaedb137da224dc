"""Writes a benchmark Parquet file like a Hugging Face text dataset (pyarrow defaults: snappy,
dictionary with fallback, V1 pages).

Usage: make_bench_file.py OUT [ROWS]
"""
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
    rng = random.Random(1)
    vocab = [("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))) for _ in range(5000)]
    text = [" ".join(rng.choice(vocab) for _ in range(rng.randint(10, 60))) for _ in range(n)]
    t = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "source": pa.array(text),
        "target": pa.array([s[: rng.randint(5, 40)] for s in text]),
        "task": pa.array([rng.choice(["qa", "math", "summarize", "translate"]) for _ in range(n)]),
        "score": pa.array([rng.random() for _ in range(n)], pa.float64()),
    })
    pq.write_table(t, out, row_group_size=100_000)


if __name__ == "__main__":
    main()
