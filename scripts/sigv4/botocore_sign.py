#!/usr/bin/env python3
"""Sign requests with botocore's SigV4 signers, for comparison with Quarry's AWSSigning.

Reads a JSON list of requests on stdin and prints a JSON list of results, one per request, in order.

Request fields:
  id          any value, echoed back
  style       "header" (SigV4Auth / S3SigV4Auth) or "query" (SigV4QueryAuth / S3SigV4QueryAuth)
  s3          true for the S3 signers (no path normalization, single encoding, x-amz-content-sha256)
  method      HTTP method
  url         URL as sent (path already encoded as botocore's serializers would); no query
  params      [[key, value], ...] raw (unencoded) query parameters; botocore encodes them
  headers     [[name, value], ...] in order; repeated names allowed
  body        request body as text (UTF-8); header style only
  unsigned    true to sign UNSIGNED-PAYLOAD (payload signing disabled)
  access_key, secret_key, token (or null), region, service
  timestamp   "YYYYMMDDTHHMMSSZ", the signing time (UTC)
  expires     seconds, query style only

Result fields: id, canonical_request, and either headers ({lowercase name: value} of
Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256) or url (the presigned URL).

Time is injected by replacing botocore.auth.get_current_datetime, which SigV4Auth.add_auth calls
to stamp the request (botocore >= 1.31; older releases used datetime.datetime.utcnow there).
"""
import datetime
import json
import sys
import types

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(req):
    fixed = datetime.datetime.strptime(req["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    credentials = Credentials(req["access_key"], req["secret_key"], req.get("token"))
    style, s3 = req["style"], req["s3"]
    if style == "header":
        cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
        signer = cls(credentials, req["service"], req["region"])
    else:
        cls = botocore.auth.S3SigV4QueryAuth if s3 else botocore.auth.SigV4QueryAuth
        signer = cls(credentials, req["service"], req["region"], expires=req["expires"])

    params = [tuple(p) for p in req.get("params", [])]
    if style == "query":
        params = dict(params)  # SigV4QueryAuth merges params into a dict
    body = req.get("body", "").encode("utf-8") if style == "header" else None
    request = AWSRequest(method=req["method"], url=req["url"], data=body or None, params=params)
    for name, value in req.get("headers", []):
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay repeated
    if req.get("unsigned"):
        if s3:
            request.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
        else:
            request.context["payload_signing_enabled"] = False

    recorded = {}
    original = signer.canonical_request

    def record(r):
        recorded["cr"] = original(r)
        return recorded["cr"]

    signer.canonical_request = record
    signer.add_auth(request)

    result = {"id": req.get("id"), "canonical_request": recorded.get("cr")}
    if style == "header":
        wanted = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]
        result["headers"] = {k.lower(): v for k, v in request.headers.items() if k.lower() in wanted}
        if result["headers"].get("x-amz-date") != req["timestamp"]:
            raise SystemExit("botocore did not use the injected time; see get_current_datetime in botocore/auth.py")
    else:
        result["url"] = request.url
    return result


def main():
    requests = json.load(sys.stdin)
    json.dump([sign(r) for r in requests], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
