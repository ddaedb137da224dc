#!/usr/bin/env python3
"""List the AWS SigV4 vector cases where botocore's own signers disagree with the expected signatures.

Usage: python3 scripts/sigv4/botocore_vs_vectors.py [path/to/sigv4-test-suite]
(default: ../shared/reference/sigv4-test-suite relative to the repository root).

This documents why our signer follows the vectors, not botocore, in those cases; see docs/aws-signing.md.
It uses SigV4Auth / SigV4QueryAuth (botocore has no switch to turn normalization off for them,
and no way to leave the session token unsigned).
"""
import datetime
import hashlib
import json
import os
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
suite = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "reference", "sigv4-test-suite")


def parse(raw):
    head, _, body = raw.partition("\n\n")
    lines = [line for line in head.split("\n") if line]
    method, rest = lines[0].split(" ", 1)
    target = rest.rsplit(" HTTP/", 1)[0]
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t"):
            headers[-1][1] += "\n" + line
            continue
        name, _, value = line.partition(":")
        headers.append([name, value])
    return method, target, headers, body


differences = 0
for case in sorted(os.listdir(suite)):
    folder = os.path.join(suite, case)
    if not os.path.isdir(folder):
        continue
    with open(os.path.join(folder, "context.json")) as f:
        context = json.load(f)
    with open(os.path.join(folder, "request.txt"), encoding="utf-8") as f:
        method, target, headers, body = parse(f.read())
    stamp = datetime.datetime.strptime(context["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: stamp
    c = context["credentials"]
    credentials = Credentials(c["access_key_id"], c["secret_access_key"], c.get("token"))
    for style in ("header", "query"):
        # botocore's query signer moves a body into the query string, so presign without one.
        data = (body.encode() or None) if style == "header" else None
        request = AWSRequest(method=method, url="https://example.amazonaws.com" + target, data=data)
        for name, value in headers:
            request.headers[name] = value
        if style == "header":
            if context["sign_body"]:
                request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body.encode()).hexdigest()
            botocore.auth.SigV4Auth(credentials, context["service"], context["region"]).add_auth(request)
            signature = request.headers["Authorization"].rsplit("=", 1)[1]
        else:
            botocore.auth.SigV4QueryAuth(credentials, context["service"], context["region"],
                                         expires=context["expiration_in_seconds"]).add_auth(request)
            signature = request.url.rsplit("=", 1)[1]
        with open(os.path.join(folder, style + "-signature.txt")) as f:
            expected = f.read().strip()
        if signature != expected:
            differences += 1
            print(f"{style:6} {case}: normalize={context['normalize']} omit_session_token={context.get('omit_session_token', False)} sign_body={context['sign_body']}")
print(f"{differences} differences")
