#!/bin/sh
# Builds the release-mode Parquet throughput benchmark.
# Usage: scripts/parquet/bench/build.sh [OUT]   (default OUT=.build-fuzz/parquet-bench)
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=${1:-$ROOT/.build-fuzz/parquet-bench}
mkdir -p "$(dirname "$OUT")"
swiftc -O -wmo -parse-as-library -module-name ParquetBench \
  "$ROOT"/Sources/Parquet/*.swift "$ROOT"/Sources/Parquet/*/*.swift \
  "$ROOT"/scripts/parquet/bench/Bench.swift -o "$OUT"
echo "built $OUT"
