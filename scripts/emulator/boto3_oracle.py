#!/usr/bin/env python3
"""Drives a running `quarry emulator` with unmodified boto3 and checks every supported operation.

Environment:
  QUARRY_EMULATOR_ENDPOINT   e.g. http://127.0.0.1:4599 (required)
  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   the credentials the server was started with
  QUARRY_ORACLE_MIN_RECORDS  records per batch job input (default 120; the server's --min-records-per-job or more)

Exits 0 when everything matched, 1 with one line per mismatch otherwise.
"""
import concurrent.futures
import hashlib
import io
import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["QUARRY_EMULATOR_ENDPOINT"]
KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "AKIDORACLE")
SECRET = os.environ.get("AWS_SECRET_ACCESS_KEY", "oracle-secret")
REGION = "us-east-1"
RECORDS = int(os.environ.get("QUARRY_ORACLE_MIN_RECORDS", "120"))
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
ROLE = "arn:aws:iam::123456789012:role/BedrockBatch"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("MISMATCH: " + message, file=sys.stderr)


def client(service, key_id=KEY_ID, secret=SECRET, attempts=3):
    config = Config(retries={"max_attempts": attempts, "mode": "standard"}, max_pool_connections=32)
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id=key_id, aws_secret_access_key=secret, config=config)


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def md5(data):
    return hashlib.md5(data).hexdigest()


s3 = client("s3")
bedrock = client("bedrock")
runtime = client("bedrock-runtime")
run = uuid.uuid4().hex[:8]


def step(name):
    print("- " + name, file=sys.stderr, flush=True)


# ---- S3 -------------------------------------------------------------------------------------
step("s3 buckets")
bucket = "oracle-" + run
s3.create_bucket(Bucket=bucket)
s3.head_bucket(Bucket=bucket)
check(bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]], "list_buckets lacks the new bucket")
check(error_code(lambda: s3.head_bucket(Bucket="no-such-" + run)) == "404", "head_bucket on a missing bucket is not 404")

step("s3 put/get/head/range")
body = b"hello quarry emulator\n" * 500
put = s3.put_object(Bucket=bucket, Key="dir/hello world.txt", Body=body, ContentType="text/plain",
                    Metadata={"owner": "oracle"})
check(put["ETag"] == '"%s"' % md5(body), "put_object ETag is not the MD5: %r" % put["ETag"])
got = s3.get_object(Bucket=bucket, Key="dir/hello world.txt")
check(got["Body"].read() == body, "get_object body differs")
check(got["ContentType"] == "text/plain", "get_object ContentType: %r" % got["ContentType"])
check(got["Metadata"] == {"owner": "oracle"}, "get_object Metadata: %r" % got["Metadata"])
check(got["ContentLength"] == len(body), "get_object ContentLength")
ranged = s3.get_object(Bucket=bucket, Key="dir/hello world.txt", Range="bytes=6-11")
check(ranged["ResponseMetadata"]["HTTPStatusCode"] == 206, "Range get is not 206")
check(ranged["Body"].read() == b"quarry", "Range get body differs")
check(ranged["ContentRange"] == "bytes 6-11/%d" % len(body), "ContentRange: %r" % ranged.get("ContentRange"))
head = s3.head_object(Bucket=bucket, Key="dir/hello world.txt")
check(head["ContentLength"] == len(body) and head["ETag"] == put["ETag"], "head_object differs")
check(error_code(lambda: s3.get_object(Bucket=bucket, Key="nope")) == "NoSuchKey", "missing key is not NoSuchKey")
check(error_code(lambda: s3.head_object(Bucket=bucket, Key="nope")) == "404", "head of missing key is not 404")
check(error_code(lambda: s3.get_object(Bucket="no-such-" + run, Key="k")) == "NoSuchBucket", "missing bucket is not NoSuchBucket")
check(error_code(lambda: s3.get_object(Bucket=bucket, Key="dir/hello world.txt", IfMatch='"0"')) == "PreconditionFailed",
      "IfMatch mismatch is not PreconditionFailed")
special = "odd keys/a+b=c&d é.txt"
s3.put_object(Bucket=bucket, Key=special, Body=b"odd")
check(s3.get_object(Bucket=bucket, Key=special)["Body"].read() == b"odd", "key with special characters")
copied = s3.copy_object(Bucket=bucket, Key="dir/copy.txt", CopySource={"Bucket": bucket, "Key": "dir/hello world.txt"})
check(copied["CopyObjectResult"]["ETag"] == put["ETag"], "copy_object ETag")

step("s3 presigned url")
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/hello world.txt"}, ExpiresIn=300)
with urllib.request.urlopen(url) as response:
    check(response.read() == body, "presigned GET body differs")

step("s3 list_objects_v2 over 1100 keys")
keys = ["many/%05d.txt" % i for i in range(1100)]
with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
    list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()), keys))
paginator = s3.get_paginator("list_objects_v2")
listed, pages = [], 0
for page in paginator.paginate(Bucket=bucket, Prefix="many/"):
    pages += 1
    listed += [o["Key"] for o in page.get("Contents", [])]
check(listed == keys, "paginated listing differs (%d keys in %d pages)" % (len(listed), pages))
check(pages == 2, "expected 2 pages of up to 1000, got %d" % pages)
small = []
for page in paginator.paginate(Bucket=bucket, Prefix="many/", PaginationConfig={"PageSize": 300}):
    small += [o["Key"] for o in page.get("Contents", [])]
check(small == keys, "listing in pages of 300 differs")
top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
check(sorted(p["Prefix"] for p in top.get("CommonPrefixes", [])) == ["dir/", "many/", "odd keys/"],
      "CommonPrefixes: %r" % top.get("CommonPrefixes"))
check(top.get("KeyCount") == 3, "KeyCount with delimiter: %r" % top.get("KeyCount"))
odd = s3.list_objects_v2(Bucket=bucket, Prefix="odd keys/")
check([o["Key"] for o in odd.get("Contents", [])] == [special], "url-encoded listing of special key: %r" % odd.get("Contents"))

step("s3 delete_objects")
for chunk in (keys[:1000], keys[1000:]):
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk]})
    check(len(result.get("Deleted", [])) == len(chunk) and not result.get("Errors"), "delete_objects result")
check(s3.list_objects_v2(Bucket=bucket, Prefix="many/")["KeyCount"] == 0, "keys left after delete_objects")
s3.delete_object(Bucket=bucket, Key="dir/copy.txt")

step("s3 multipart upload_fileobj (20 MB) and download_file")
blob = os.urandom(20 * 1024 * 1024)
transfer = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4)
s3.upload_fileobj(io.BytesIO(blob), bucket, "big/blob.bin", Config=transfer)
big = s3.head_object(Bucket=bucket, Key="big/blob.bin")
check(big["ContentLength"] == len(blob), "multipart object size")
check(big["ETag"].endswith('-3"'), "multipart ETag is not md5-of-md5s-3: %r" % big["ETag"])
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "blob.bin")
    s3.download_file(bucket, "big/blob.bin", path, Config=transfer)
    with open(path, "rb") as f:
        check(hashlib.sha256(f.read()).digest() == hashlib.sha256(blob).digest(), "download_file content differs")
mpu = s3.create_multipart_upload(Bucket=bucket, Key="big/aborted.bin")
part = s3.upload_part(Bucket=bucket, Key="big/aborted.bin", UploadId=mpu["UploadId"], PartNumber=1, Body=b"first part")
parts = s3.list_parts(Bucket=bucket, Key="big/aborted.bin", UploadId=mpu["UploadId"]).get("Parts", [])
check([(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [(1, part["ETag"], 10)], "list_parts: %r" % parts)
uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
check([(u["Key"], u["UploadId"]) for u in uploads] == [("big/aborted.bin", mpu["UploadId"])], "list_multipart_uploads: %r" % uploads)
s3.abort_multipart_upload(Bucket=bucket, Key="big/aborted.bin", UploadId=mpu["UploadId"])
check(not s3.list_multipart_uploads(Bucket=bucket).get("Uploads"), "upload listed after abort")
check(error_code(lambda: s3.upload_part(Bucket=bucket, Key="big/aborted.bin", UploadId=mpu["UploadId"], PartNumber=1, Body=b"x"))
      == "NoSuchUpload", "upload_part after abort is not NoSuchUpload")
# Paged one upload at a time, with two uploads of one key: every upload once, in order.
started = [s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"] for k in ["pages/a", "pages/b", "pages/b", "pages/c"]]
paged = [(u["Key"], u["UploadId"]) for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, Prefix="pages/", MaxUploads=1)
         for u in page.get("Uploads", [])]
check(sorted(paged) == sorted(zip(["pages/a", "pages/b", "pages/b", "pages/c"], started)) and len(paged) == 4,
      "list_multipart_uploads pages: %r" % paged)
for key, upload_id in paged:
    s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)

# ---- Bedrock control plane -----------------------------------------------------------------------
step("bedrock create/get/list/stop")
lines = []
for i in range(RECORDS):
    lines.append(json.dumps({"recordId": "r%05d" % i, "modelInput": {
        "anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
        "messages": [{"role": "user", "content": "Question number %d" % i}]}}))
in_bucket, out_bucket = "oracle-in-" + run, "oracle-out-" + run
s3.create_bucket(Bucket=in_bucket)
s3.create_bucket(Bucket=out_bucket)
s3.put_object(Bucket=in_bucket, Key="jobs/0001/records.jsonl", Body=("\n".join(lines) + "\n").encode())


def create(name, token):
    return bedrock.create_model_invocation_job(
        jobName=name, roleArn=ROLE, clientRequestToken=token, modelId=MODEL,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://%s/jobs/0001/" % in_bucket}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://%s/results/" % out_bucket}})["jobArn"]


token = str(uuid.uuid4())
arn = create("oracle-%s-a" % run, token)
check(create("oracle-%s-a" % run, token) == arn, "same clientRequestToken gave a different jobArn")
arn_b = create("oracle-%s-b" % run, str(uuid.uuid4()))
check(arn_b != arn, "a new token gave the same jobArn")
job = bedrock.get_model_invocation_job(jobIdentifier=arn)
check(job["jobArn"] == arn and job["modelId"] == MODEL, "get_model_invocation_job by ARN")
job_id = arn.split("/")[-1]
check(bedrock.get_model_invocation_job(jobIdentifier=job_id)["jobArn"] == arn, "get by bare id")

deadline = time.time() + 120
while time.time() < deadline:
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    if job["status"] in ("Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"):
        break
    time.sleep(0.5)
check(job["status"] == "Completed", "job ended %s: %s" % (job["status"], job.get("message")))
check(job.get("totalRecordCount") == RECORDS, "totalRecordCount %r" % job.get("totalRecordCount"))

outputs = s3.list_objects_v2(Bucket=out_bucket, Prefix="results/%s/" % job_id)
out_keys = sorted(o["Key"] for o in outputs.get("Contents", []))
check(out_keys == ["results/%s/manifest.json.out" % job_id, "results/%s/records.jsonl.out" % job_id],
      "job outputs: %r" % out_keys)
out_lines = s3.get_object(Bucket=out_bucket, Key="results/%s/records.jsonl.out" % job_id)["Body"].read().splitlines()
check(len(out_lines) == RECORDS, "output lines %d" % len(out_lines))
manifest = json.loads(s3.get_object(Bucket=out_bucket, Key="results/%s/manifest.json.out" % job_id)["Body"].read())
check(manifest.get("totalRecordCount") == RECORDS, "manifest %r" % manifest)

names = []
pages = 0
for page in bedrock.get_paginator("list_model_invocation_jobs").paginate(
        nameContains="oracle-%s" % run, PaginationConfig={"PageSize": 1}):
    pages += 1
    names += [s["jobName"] for s in page["invocationJobSummaries"]]
check(sorted(names) == ["oracle-%s-a" % run, "oracle-%s-b" % run], "list paginator names %r" % names)
check(pages >= 2, "list paginator made %d pages" % pages)

arn_c = create("oracle-%s-c" % run, str(uuid.uuid4()))
bedrock.stop_model_invocation_job(jobIdentifier=arn_c)
stopped = bedrock.get_model_invocation_job(jobIdentifier=arn_c)["status"]
check(stopped in ("Stopping", "Stopped", "Completed"), "status after stop: %s" % stopped)
check(error_code(lambda: bedrock.stop_model_invocation_job(jobIdentifier=arn)) == "ConflictException",
      "stopping a finished job is not ConflictException")
check(error_code(lambda: bedrock.get_model_invocation_job(jobIdentifier="aaaaaaaaaaaa")) == "ResourceNotFoundException",
      "unknown job is not ResourceNotFoundException")
check(error_code(lambda: create("bad_name", str(uuid.uuid4()))) == "ValidationException", "bad name is not ValidationException")

# ---- Bedrock Runtime ------------------------------------------------------------------------------
step("bedrock-runtime invoke_model")
answer = runtime.invoke_model(modelId=MODEL, contentType="application/json", accept="application/json", body=json.dumps({
    "anthropic_version": "bedrock-2023-05-31", "max_tokens": 40,
    "messages": [{"role": "user", "content": "Say hello"}]}))
payload = json.loads(answer["body"].read())
check(payload.get("type") == "message" and payload.get("content"), "invoke_model answer %r" % payload)
check(error_code(lambda: runtime.invoke_model(modelId="no.such-model-v1:0", body=b"{}")) == "ValidationException",
      "unknown model is not ValidationException")

# ---- Refused signatures ---------------------------------------------------------------------------
step("refused signatures")
bad_s3 = client("s3", secret="not-the-secret", attempts=1)
check(error_code(lambda: bad_s3.list_buckets()) == "SignatureDoesNotMatch", "wrong secret on S3 is not SignatureDoesNotMatch")
check(error_code(lambda: bad_s3.put_object(Bucket=bucket, Key="x", Body=b"x")) == "SignatureDoesNotMatch",
      "wrong secret on put_object")
bad_bedrock = client("bedrock", secret="not-the-secret", attempts=1)
check(error_code(lambda: bad_bedrock.list_model_invocation_jobs()) == "InvalidSignatureException",
      "wrong secret on Bedrock is not InvalidSignatureException")
unknown = client("bedrock-runtime", key_id="AKIDUNKNOWN", attempts=1)
check(error_code(lambda: unknown.invoke_model(modelId=MODEL, body=b"{}")) == "UnrecognizedClientException",
      "unknown key on Bedrock Runtime is not UnrecognizedClientException")
check(error_code(lambda: client("s3", key_id="AKIDUNKNOWN", attempts=1).list_buckets()) == "InvalidAccessKeyId",
      "unknown key on S3 is not InvalidAccessKeyId")

if failures:
    print("%d mismatch(es)" % len(failures), file=sys.stderr)
    sys.exit(1)
print("boto3 oracle: all checks passed")
