#!/bin/sh
# Builds the libFuzzer harness for the Parquet reader.
# Usage: scripts/parquet/fuzz/build.sh [OUT [HARNESS]]
#   OUT defaults to .build-fuzz/parquet-fuzz; HARNESS to FuzzReader.swift (whole files);
#   FuzzDecoders.swift fuzzes value/level decoders and codecs directly.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=${1:-$ROOT/.build-fuzz/parquet-fuzz}
HARNESS=${2:-FuzzReader.swift}
mkdir -p "$(dirname "$OUT")"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name ParquetFuzz \
  "$ROOT"/Sources/Parquet/*.swift "$ROOT"/Sources/Parquet/*/*.swift \
  "$ROOT"/scripts/parquet/fuzz/"$HARNESS" \
  -o "$OUT"
echo "built $OUT"
