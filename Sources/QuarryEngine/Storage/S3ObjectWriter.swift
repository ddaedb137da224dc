import NIOCore
import QuarryAWS
import QuarryCore

/// Writes one S3 object as it is produced: bytes gather in a part-sized buffer; the first full part
/// starts a multipart upload and each full part is uploaded by its own task, at most
/// `maxConcurrentParts` at once (``write(_:)`` waits for the oldest when all are busy). ``commit()``
/// sends the last part and completes the upload; an object smaller than a part is one PutObject.
/// Nothing is visible under the key before that. ``abort()`` cancels the parts and aborts the upload.
///
/// The part tasks are owned by the writer: each is awaited by ``write(_:)`` or ``commit()``, or
/// cancelled by ``abort()``. Memory: part size × (parts in flight + 1).
final class S3ObjectWriter: ObjectWriter {
    let s3: S3Client
    let uri: S3URI
    let partSize: Int
    let maxInFlight: Int
    private var buffer: ByteBuffer
    private var uploadId: String?
    private var inFlight: [Task<S3CompletedPart, any Error>] = []
    private var parts: [S3CompletedPart] = []
    private var partNumber = 0
    private(set) var bytesWritten = 0
    private var finished = false

    init(s3: S3Client, uri: S3URI) {
        self.s3 = s3
        self.uri = uri
        self.partSize = s3.configuration.partSize
        self.maxInFlight = max(1, s3.configuration.maxConcurrentParts)
        self.buffer = ByteBufferAllocator().buffer(capacity: partSize)
    }

    func write(_ bytes: [UInt8]) async throws(QuarryError) {
        var start = 0
        bytesWritten += bytes.count
        while start < bytes.count {
            let n = min(partSize - buffer.readableBytes, bytes.count - start)
            buffer.writeBytes(bytes[start..<(start + n)])
            start += n
            if buffer.readableBytes == partSize {
                let part = buffer
                buffer = ByteBufferAllocator().buffer(capacity: partSize)
                try await send(part)
            }
        }
    }

    /// Starts uploading one part (after the multipart upload exists), first waiting for a free slot.
    private func send(_ part: ByteBuffer) async throws(QuarryError) {
        do {
            if uploadId == nil {
                await abortStaleUploads()
                uploadId = try await s3.createMultipartUpload(bucket: uri.bucket, key: uri.key, contentType: "application/jsonl")
            }
            if inFlight.count >= maxInFlight {
                let oldest = inFlight.removeFirst()
                parts.append(try await oldest.value)
            }
        } catch {
            await abort()
            throw S3ObjectStore.error(error, doing: "upload", uri)
        }
        partNumber += 1
        let number = partNumber
        let (s3, bucket, key, id) = (s3, uri.bucket, uri.key, uploadId!)
        inFlight.append(Task {
            try await s3.uploadPart(bucket: bucket, key: key, uploadId: id, partNumber: number, body: part)
        })
    }

    func commit() async throws(QuarryError) {
        precondition(!finished, "an object writer commits once")
        do {
            if uploadId == nil {
                try await s3.putObject(bucket: uri.bucket, key: uri.key, body: buffer, contentType: "application/jsonl")
            } else {
                if buffer.readableBytes > 0 {
                    let last = buffer
                    buffer = ByteBuffer()
                    try await send(last)
                }
                for task in inFlight { parts.append(try await task.value) }
                inFlight.removeAll()
                try await s3.completeMultipartUpload(bucket: uri.bucket, key: uri.key, uploadId: uploadId!, parts: parts)
            }
            finished = true
        } catch {
            await abort()
            throw S3ObjectStore.error(error, doing: "upload", uri)
        }
    }

    /// Aborts the uploads of this key that an earlier writer started and never finished: a process
    /// killed mid-upload leaves its parts stored (and billed) until something aborts them. Keys are
    /// the run's own and one writer writes a key at a time, so any such upload is stale. Best
    /// effort: the bucket's AbortIncompleteMultipartUpload lifecycle rule is the backstop.
    private func abortStaleUploads() async {
        guard let stale = try? await s3.listMultipartUploads(bucket: uri.bucket, prefix: uri.key) else { return }
        for upload in stale where upload.key == uri.key {
            try? await s3.abortMultipartUpload(bucket: uri.bucket, key: uri.key, uploadId: upload.uploadId)
        }
    }

    func abort() async {
        guard !finished else { return }
        finished = true
        for task in inFlight { task.cancel() }
        for task in inFlight { _ = try? await task.value }
        inFlight.removeAll()
        if let uploadId {
            // Run even when the caller is being cancelled, so no parts are left behind.
            let (s3, bucket, key) = (s3, uri.bucket, uri.key)
            await Task { try? await s3.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId) }.value
        }
    }

    deinit {
        // Dropped without commit or abort (only after a programming error): stop the parts. The
        // upload itself is left to the bucket's AbortIncompleteMultipartUpload lifecycle rule.
        for task in inFlight { task.cancel() }
    }
}
