#!/usr/bin/env python3
"""Prints how botocore serializes one operation, as JSON: the reference the Swift Bedrock
client's wire format is compared with (Tests/QuarryAWSTests/BedrockClientTests.swift).

Usage: botocore_request.py SERVICE OPERATION 'PARAMS_JSON'
Output: {"method": ..., "path": ..., "query": {...}, "body": <parsed JSON or null>}

No network: only botocore's serializer runs. Timestamps in PARAMS_JSON may be given as ISO 8601
strings (botocore accepts them).
"""
import json
import sys

import botocore.serialize
import botocore.session
import botocore.validate


def main() -> None:
    service, operation, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    model = botocore.session.get_session().get_service_model(service)
    op = model.operation_model(operation)
    report = botocore.validate.ParamValidator().validate(params, op.input_shape)
    if report.has_errors():
        print(json.dumps({"error": report.generate_report()}))
        sys.exit(2)
    request = botocore.serialize.create_serializer(model.metadata["protocol"]).serialize_to_request(params, op)
    body = request["body"]
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    query = {k: (v if isinstance(v, str) else str(v)) for k, v in request["query_string"].items()}
    print(json.dumps({
        "method": request["method"],
        "path": request["url_path"],
        "query": query,
        "body": json.loads(body) if body else None,
    }))


if __name__ == "__main__":
    main()
