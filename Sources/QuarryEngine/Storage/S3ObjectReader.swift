import NIOCore
import QuarryAWS
import QuarryCore

/// Reads one S3 object as a stream. A body that breaks off (a dropped connection, a short body) is
/// resumed with a ranged GetObject from the first byte not yet read, pinned to the object's ETag,
/// up to ``maxResumes`` times.
final class S3ObjectReader: ObjectReader {
    let s3: S3Client
    let uri: S3URI
    static let maxResumes = 5
    private var iterator: S3ObjectBody.AsyncIterator?
    private var offset: Int64 = 0
    private var eTag: String?
    private var resumes = 0
    private var ended = false

    init(s3: S3Client, uri: S3URI) {
        self.s3 = s3
        self.uri = uri
    }

    /// Sends the first GetObject (a missing object is reported here).
    func open() async throws(QuarryError) {
        do {
            let output = try await s3.getObject(bucket: uri.bucket, key: uri.key)
            eTag = output.info.eTag
            iterator = output.body.makeAsyncIterator()
        } catch let e as AWSError where e.kind == .notFound && e.code != "NoSuchBucket" {
            throw QuarryError(.notFound, "object \(uri) does not exist")
        } catch {
            throw S3ObjectStore.error(error, doing: "read", uri)
        }
    }

    func read(maxBytes: Int) async throws(QuarryError) -> [UInt8]? {
        guard !ended else { return nil }
        var out: [UInt8] = []
        let target = max(1, min(maxBytes, 1 << 20))
        while out.count < target, let chunk = try await nextChunk() {
            if out.isEmpty && chunk.readableBytes >= target { return Array(chunk.readableBytesView) }
            out.append(contentsOf: chunk.readableBytesView)
        }
        return out.isEmpty ? nil : out
    }

    private func nextChunk() async throws(QuarryError) -> ByteBuffer? {
        while true {
            do {
                if iterator == nil {
                    let output = try await s3.getObject(bucket: uri.bucket, key: uri.key, range: .from(offset), ifMatch: eTag)
                    iterator = output.body.makeAsyncIterator()
                }
                guard let chunk = try await iterator!.next() else {
                    ended = true
                    return nil
                }
                offset += Int64(chunk.readableBytes)
                return chunk
            } catch let e as AWSError where e.kind.isRetryable && resumes < Self.maxResumes {
                resumes += 1
                iterator = nil
                try? await Task.sleep(for: .milliseconds(50 << resumes))
            } catch {
                throw S3ObjectStore.error(error, doing: "read", uri)
            }
        }
    }

    func close() async {
        iterator = nil
        ended = true
    }
}
