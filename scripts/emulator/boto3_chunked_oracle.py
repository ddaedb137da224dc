#!/usr/bin/env python3
"""botocore's own aws-chunked encoder against the emulator.

botocore sends trailing checksums (`Content-Encoding: aws-chunked`,
`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`) only over https, which the emulator
does not serve; this script makes botocore believe the endpoint is https for that one decision, so
its real chunk encoder and signer are exercised over http. Same environment as boto3_oracle.py.
"""
import io
import os
import sys
import uuid
from urllib.parse import urlparse as real_urlparse

import boto3
import botocore.httpchecksum as httpchecksum
from botocore.config import Config
from botocore.exceptions import ClientError


class _HttpsView:
    def __init__(self, parsed):
        self._parsed = parsed

    def __getattr__(self, name):
        return "https" if name == "scheme" else getattr(self._parsed, name)


httpchecksum.urlparse = lambda url: _HttpsView(real_urlparse(url))

ENDPOINT = os.environ["QUARRY_EMULATOR_ENDPOINT"]
s3 = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1",
                  aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "AKIDORACLE"),
                  aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "oracle-secret"),
                  config=Config(retries={"max_attempts": 1}))
failures = []
sent = []
s3.meta.events.register("before-send.s3.*", lambda request, **_: sent.append(dict(request.headers)))

bucket = "chunked-" + uuid.uuid4().hex[:8]
s3.create_bucket(Bucket=bucket)
for algorithm in ("CRC32", "SHA1", "SHA256"):  # CRC32C needs botocore[crt]
    body = os.urandom(3 * 1024 * 1024 + 17)
    sent.clear()
    try:
        s3.put_object(Bucket=bucket, Key="obj-" + algorithm, Body=io.BytesIO(body), ChecksumAlgorithm=algorithm)
    except ClientError as e:
        failures.append("%s put_object failed: %s" % (algorithm, e))
        continue
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in sent[-1].items()}
    if headers.get("x-amz-content-sha256") != "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
        failures.append("%s: botocore did not send aws-chunked (%r)" % (algorithm, headers.get("x-amz-content-sha256")))
    got = s3.get_object(Bucket=bucket, Key="obj-" + algorithm)["Body"].read()
    if got != body:
        failures.append("%s: stored object differs" % algorithm)

# Multipart through s3transfer: upload_part bodies are aws-chunked too.
from boto3.s3.transfer import TransferConfig
blob = os.urandom(12 * 1024 * 1024)
sent.clear()
s3.upload_fileobj(io.BytesIO(blob), bucket, "multipart.bin",
                  Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
chunked_parts = [h for h in sent if (h.get("x-amz-content-sha256") or h.get("X-Amz-Content-SHA256")) in
                 ("STREAMING-UNSIGNED-PAYLOAD-TRAILER", b"STREAMING-UNSIGNED-PAYLOAD-TRAILER")]
if len(chunked_parts) < 3:
    failures.append("expected 3 aws-chunked upload_part calls, saw %d" % len(chunked_parts))
if s3.get_object(Bucket=bucket, Key="multipart.bin")["Body"].read() != blob:
    failures.append("multipart object differs")

for failure in failures:
    print("MISMATCH: " + failure, file=sys.stderr)
if failures:
    sys.exit(1)
print("boto3 chunked oracle: all checks passed")
