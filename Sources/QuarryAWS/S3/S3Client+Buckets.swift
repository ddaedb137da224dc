import NIOCore

extension S3Client {
    /// Creates a bucket in the client's region (with a `LocationConstraint` outside us-east-1).
    /// A bucket you already own throws ``AWSError/Kind/conflict`` (`BucketAlreadyOwnedByYou`).
    public func createBucket(_ bucket: String) async throws {
        var body: ByteBuffer?
        if region != "us-east-1" {
            var writer = XMLWriter()
            writer.open("CreateBucketConfiguration", namespace: XMLWriter.s3Namespace)
            writer.element("LocationConstraint", region)
            writer.close("CreateBucketConfiguration")
            body = ByteBuffer(bytes: writer.bytes)
        }
        _ = try await send(try request("CreateBucket", "PUT", bucket: bucket,
                                       headers: body == nil ? [] : [("Content-Type", "application/xml")], body: body))
    }

    /// Checks that a bucket exists and is reachable (HeadBucket); returns its region when S3 reports it.
    /// A missing bucket throws ``AWSError/Kind/notFound``; one owned by someone else ``AWSError/Kind/accessDenied``.
    @discardableResult
    public func headBucket(_ bucket: String) async throws -> String? {
        let response = try await send(try request("HeadBucket", "HEAD", bucket: bucket))
        return response.header("x-amz-bucket-region")
    }

    /// Deletes an empty bucket.
    public func deleteBucket(_ bucket: String) async throws {
        _ = try await send(try request("DeleteBucket", "DELETE", bucket: bucket))
    }
}
