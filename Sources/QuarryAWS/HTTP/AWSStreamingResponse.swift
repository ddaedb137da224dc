import AsyncHTTPClient
public import NIOCore

/// A successful (2xx) response whose body is still arriving.
///
/// Read ``body`` to the end (or drop it) promptly: the connection stays busy until then.
public struct AWSStreamingResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers, in order.
    public var headers: [(String, String)]
    /// The body, as chunks in arrival order.
    public var body: AWSResponseBody

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }
}

/// A response body as an `AsyncSequence` of byte chunks. Iterate it once. A connection failure while
/// reading throws an ``AWSError`` of kind ``AWSError/Kind/network``.
public struct AWSResponseBody: AsyncSequence, Sendable {
    /// A chunk of the body.
    public typealias Element = ByteBuffer

    let base: HTTPClientResponse.Body
    let operation: String

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let operation: String

        /// The next chunk, or `nil` at the end.
        public mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch let error as AWSError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw AWSError(kind: .network, code: "ConnectionFailed",
                               message: "The connection failed while reading the response body",
                               operation: operation, underlying: error)
            }
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), operation: operation)
    }

    /// Reads the whole body into one buffer; throws ``AWSError/Kind/invalidResponse`` past `maxBytes`.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var chunk in self {
            guard result.readableBytes + chunk.readableBytes <= maxBytes else {
                throw AWSError(kind: .invalidResponse, code: "ResponseTooLarge",
                               message: "The response body exceeds \(maxBytes) bytes", operation: operation)
            }
            result.writeBuffer(&chunk)
        }
        return result
    }
}
