#!/bin/sh
# Builds the libFuzzer harness for the Parquet reader.
# Usage: scripts/parquet/fuzz/build.sh [OUT]   (default OUT=.build-fuzz/parquet-fuzz)
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=${1:-$ROOT/.build-fuzz/parquet-fuzz}
mkdir -p "$(dirname "$OUT")"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name ParquetFuzz \
  "$ROOT"/Sources/Parquet/*.swift "$ROOT"/Sources/Parquet/*/*.swift \
  "$ROOT"/scripts/parquet/fuzz/FuzzReader.swift \
  -o "$OUT"
echo "built $OUT"
