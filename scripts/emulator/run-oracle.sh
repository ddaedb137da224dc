#!/usr/bin/env bash
# Starts the built `quarry emulator` on a free port over a fresh state folder, drives it with
# unmodified boto3 (boto3_oracle.py, boto3_chunked_oracle.py) and, when installed, the AWS CLI;
# then starts a second one with injected faults for boto3_faults_oracle.py. Stops the servers it
# started; exits non-zero on any mismatch.
#
#   scripts/emulator/run-oracle.sh [path/to/quarry]     (default: .build-emuhttp/debug/quarry)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
quarry="${1:-.build-emuhttp/debug/quarry}"
data="$(mktemp -d)"
export AWS_ACCESS_KEY_ID="AKIDORACLE"
export AWS_SECRET_ACCESS_KEY="oracle/secret+key"
export AWS_DEFAULT_REGION="us-east-1"
unset AWS_SESSION_TOKEN AWS_PROFILE || true
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$data"
}
trap cleanup EXIT

# start_server NAME ARGS...: starts the emulator, sets $endpoint from its first stdout line.
start_server() {
    local name="$1"; shift
    mkfifo "$data/$name.out"
    "$quarry" emulator --port 0 --data "$data/$name" "$@" >"$data/$name.out" 2>"$data/$name.log" &
    pids+=($!)
    exec 3<"$data/$name.out"
    read -r -t 60 line <&3 || { echo "the emulator did not start:"; cat "$data/$name.log"; exit 1; }
    endpoint="${line#listening on }"
    echo "$name emulator at $endpoint"
}

start_server plain --job-seconds 2
export QUARRY_EMULATOR_ENDPOINT="$endpoint"
python3 "$here/boto3_oracle.py"
python3 "$here/boto3_chunked_oracle.py"

if command -v aws >/dev/null 2>&1; then
    echo "- aws cli smoke test"
    printf 'from the aws cli\n' > "$data/cli.txt"
    aws --endpoint-url "$endpoint" s3 mb s3://cli-smoke >/dev/null
    aws --endpoint-url "$endpoint" s3 cp "$data/cli.txt" s3://cli-smoke/dir/cli.txt >/dev/null
    listing="$(aws --endpoint-url "$endpoint" s3 ls s3://cli-smoke/dir/)"
    [[ "$listing" == *"cli.txt"* ]] || { echo "aws s3 ls did not list the object: $listing"; exit 1; }
    buckets="$(aws --endpoint-url "$endpoint" s3 ls)"
    [[ "$buckets" == *"cli-smoke"* ]] || { echo "aws s3 ls did not list the bucket: $buckets"; exit 1; }
    got="$(aws --endpoint-url "$endpoint" s3 cp s3://cli-smoke/dir/cli.txt -)"
    [ "$got" = "from the aws cli" ] || { echo "aws s3 cp download differs: $got"; exit 1; }
    aws --endpoint-url "$endpoint" bedrock list-model-invocation-jobs --max-results 5 >/dev/null
    echo "aws cli: all checks passed"
fi

start_server faulty --s3-error-rate 0.1 --drop-rate 0.05 --throttle-rate 0.1 --seed 7
QUARRY_EMULATOR_ENDPOINT="$endpoint" python3 "$here/boto3_faults_oracle.py"
