public import NIOCore

/// A successful (2xx) response with its whole body in memory.
public struct AWSResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers, in order.
    public var headers: [(String, String)]
    /// The body.
    public var body: ByteBuffer

    /// Creates a response.
    public init(status: Int, headers: [(String, String)], body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// The body's bytes.
    public var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The AWS request id, if the service sent one.
    public var requestId: String? { header("x-amzn-requestid") ?? header("x-amz-request-id") }
}
