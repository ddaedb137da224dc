/// An S3 error answer: code, HTTP status, message, and the extra elements S3 puts in its
/// `<Error>` document (`Key`, `BucketName`, `UploadId`...).
struct S3Error: Error, Sendable {
    var code: String
    var status: Int
    var message: String
    var details: [(String, String)] = []

    init(_ code: String, status: Int, _ message: String, _ details: [(String, String)] = []) {
        self.code = code
        self.status = status
        self.message = message
        self.details = details
    }

    static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error("NoSuchBucket", status: 404, "The specified bucket does not exist", [("BucketName", bucket)])
    }
    static func noSuchKey(_ key: String) -> S3Error {
        S3Error("NoSuchKey", status: 404, "The specified key does not exist.", [("Key", key)])
    }
    static func noSuchUpload(_ uploadId: String) -> S3Error {
        S3Error("NoSuchUpload", status: 404,
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                [("UploadId", uploadId)])
    }
    static func invalidArgument(_ message: String) -> S3Error { S3Error("InvalidArgument", status: 400, message) }
    static func malformedXML() -> S3Error {
        S3Error("MalformedXML", status: 400,
                "The XML you provided was not well-formed or did not validate against our published schema")
    }
    static func internalError() -> S3Error {
        S3Error("InternalError", status: 500, "We encountered an internal error. Please try again.")
    }
    static func notImplemented(_ what: String) -> S3Error {
        S3Error("NotImplemented", status: 501, "A header or query you provided implies functionality that is not implemented: \(what).")
    }
}
