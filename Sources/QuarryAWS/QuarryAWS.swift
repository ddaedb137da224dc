// The AWS wire layer (credentials, S3, Bedrock); see docs/aws.md.
