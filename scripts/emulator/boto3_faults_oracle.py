#!/usr/bin/env python3
"""boto3's own retry logic against an emulator started with injected faults
(--s3-error-rate, --drop-rate, --throttle-rate): every call must still succeed within botocore's
standard retries, and the faults must have happened. Same environment as boto3_oracle.py."""
import os
import sys
import uuid

import boto3
from botocore.config import Config

ENDPOINT = os.environ["QUARRY_EMULATOR_ENDPOINT"]
retries = {"n": 0}


def client(service):
    c = boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1",
                     aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "AKIDORACLE"),
                     aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "oracle-secret"),
                     config=Config(retries={"max_attempts": 12, "mode": "standard"}, connect_timeout=5, read_timeout=10))

    def count(attempts, **_):
        if attempts and attempts > 1:
            retries["n"] += 1
    c.meta.events.register("needs-retry", lambda attempts=None, **kw: count(attempts))
    return c


s3 = client("s3")
bedrock = client("bedrock")
COUNT = int(os.environ.get("QUARRY_ORACLE_FAULT_CALLS", "30"))
bucket = "faults-" + uuid.uuid4().hex[:8]
s3.create_bucket(Bucket=bucket)
for i in range(COUNT):
    key = "k/%03d" % i
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    if s3.get_object(Bucket=bucket, Key=key)["Body"].read() != key.encode():
        print("MISMATCH: object %s differs" % key, file=sys.stderr)
        sys.exit(1)
    bedrock.list_model_invocation_jobs(maxResults=5)
listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="k/")["Contents"]]
if len(listed) != COUNT:
    print("MISMATCH: listed %d keys" % len(listed), file=sys.stderr)
    sys.exit(1)
if retries["n"] == 0:
    print("MISMATCH: no call was retried; were faults injected?", file=sys.stderr)
    sys.exit(1)
print("boto3 faults oracle: all checks passed (%d retries)" % retries["n"])
