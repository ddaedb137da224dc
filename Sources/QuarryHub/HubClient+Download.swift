import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import QuarryCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HubClient {
    /// Brings one file into the cache: skipped when its blob is there with the right size, resumed from
    /// `blobs/<etag>.incomplete` with a Range request, checked (size, announced ETag, sha256 or git
    /// sha1), then renamed into `blobs/` and linked from the snapshot. Returns the bytes downloaded.
    func download(_ file: HubFile, repo: String, sha: String, cache: HubCache) async throws(HubError) -> Int {
        let blob = cache.blob(file.etag)
        if cache.size(of: blob) == file.size {
            try cache.link(sha: sha, path: file.path, etag: file.etag)
            return 0
        }
        try cache.makeFolder((blob as NSString).deletingLastPathComponent)
        try cache.makeFolder((cache.lock(file.etag) as NSString).deletingLastPathComponent)
        let lock = try await FileLock.acquire(cache.lock(file.etag), clock: clock)
        defer { lock.release() }
        if cache.size(of: blob) == file.size {  // another process finished it meanwhile
            try cache.link(sha: sha, path: file.path, etag: file.etag)
            return 0
        }
        let ref = HubDatasetRef(repo: repo)
        let url = HubAPI.resolveURL(endpoint: configuration.endpoint, repo: repo, revision: sha, path: file.path)
        let incomplete = blob + ".incomplete"
        logger.info("downloading from the Hub", metadata: ["hub.repo": "\(repo)", "hub.file": "\(file.path)", "hub.bytes": "\(file.size)"])
        var downloaded = 0
        while true {
            let before = downloaded
            do {
                try await withRetries { _ in
                    try await self.downloadAttempt(file, url: url, incomplete: incomplete, ref: ref, sha: sha, received: &downloaded)
                }
                break
            } catch where error.code == .network && downloaded > before {
                // The attempts ran out but bytes kept arriving: a slow, flaky line, not a dead one. Go on.
                logger.debug("hub download continues after progress", metadata: ["hub.file": "\(file.path)", "hub.bytes": "\(downloaded)"])
            }
        }
        try verify(file, at: incomplete, repo: repo)
        guard rename(incomplete, blob) == 0 else {
            throw HubError(.cache, "cannot move the finished download to \(blob): \(String(cString: strerror(errno)))")
        }
        try cache.link(sha: sha, path: file.path, etag: file.etag)
        return downloaded
    }

    /// One request for the rest of the file, appended to `incomplete` (`received` counts the bytes).
    /// Throws retryable errors when the connection drops (what arrived is kept for the next attempt).
    private func downloadAttempt(_ file: HubFile, url: String, incomplete: String, ref: HubDatasetRef, sha: String,
                                 received: inout Int) async throws {
        var offset = sizeOfFile(incomplete) ?? 0
        if offset > file.size { truncate(incomplete, 0); offset = 0 }
        if offset == file.size { return }
        var headers: [(String, String)] = []
        if offset > 0 { headers.append(("Range", "bytes=\(offset)-")) }
        let r = try await transport.send(url, headers: headers)
        switch r.status {
        case 200:
            if offset > 0 { truncate(incomplete, 0); offset = 0 }  // the server sent the whole file
        case 206:
            guard contentRangeStart(r.headers.first(name: "Content-Range")) == offset else {
                _ = try? await r.body.collect(upTo: 1 << 16)
                truncate(incomplete, 0)
                throw HubError(.network, "the download of \(file.path) resumed at the wrong position; starting over")
            }
        case 416:
            _ = try? await r.body.collect(upTo: 1 << 16)
            truncate(incomplete, 0)
            throw HubError(.network, "the Hub refused to resume \(file.path); starting over")
        default:
            let body = try? await r.body.collect(upTo: 1 << 16)
            throw failure(status: r.status, headers: r.headers, body: body, ref: ref, revision: sha)
        }
        try checkAnnounced(file, headers: r.hubHeaders, repo: ref.repo)

        let fd = open(incomplete, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw HubError(.cache, "cannot write \(incomplete): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        do {
            for try await chunk in r.body {
                if offset + written + chunk.readableBytes > file.size {
                    truncate(incomplete, 0)
                    throw HubError(.integrity, "the Hub sent more than the \(file.size) bytes listed for \(file.path) of \(ref.repo)",
                                   hint: "run again; if it keeps happening, the Hub's listing and file disagree")
                }
                try writeAll(fd, chunk, path: incomplete)
                written += chunk.readableBytes
                received += chunk.readableBytes
            }
        } catch let e as HubError {
            throw e
        } catch {
            logger.debug("hub download interrupted", metadata: ["hub.file": "\(file.path)", "hub.bytes": "\(offset + written)"])
            throw HubTransport.networkError(error, url: url)
        }
        guard offset + written == file.size else {
            throw HubError(.network, "the download of \(file.path) stopped at \(offset + written) of \(file.size) bytes")
        }
        guard fsync(fd) == 0 else { throw HubError(.cache, "cannot sync \(incomplete): \(String(cString: strerror(errno)))") }
    }

    /// The Hub's announced ETag and size (on the resolve answer) must match the listing.
    private func checkAnnounced(_ file: HubFile, headers: HTTPHeaders, repo: String) throws(HubError) {
        let etag = headers.first(name: "X-Linked-Etag") ?? headers.first(name: "ETag")
        if let etag {
            let normalized = etag.replacingOccurrences(of: "W/", with: "").replacingOccurrences(of: "\"", with: "").lowercased()
            if normalized.count == file.etag.count, normalized != file.etag {
                throw HubError(.integrity, "the Hub announced another checksum for \(file.path) of \(repo) than its listing",
                               hint: "run again; if it keeps happening, report it to the dataset's owner")
            }
        }
        if let size = headers.first(name: "X-Linked-Size").flatMap({ Int($0) }), size != file.size {
            throw HubError(.integrity, "the Hub announced \(size) bytes for \(file.path) of \(repo) but listed \(file.size)")
        }
    }

    /// Size, then sha256 (LFS) or git blob sha1, of the finished download; a mismatch removes it.
    private func verify(_ file: HubFile, at path: String, repo: String) throws(HubError) {
        guard sizeOfFile(path) == file.size else {
            throw HubError(.integrity, "the download of \(file.path) of \(repo) has the wrong size")
        }
        let digest = try hash(path, gitBlobSize: file.isLFS ? nil : file.size)
        guard digest == file.etag else {
            unlink(path)
            throw HubError(.integrity, "the download of \(file.path) of \(repo) does not match its \(file.isLFS ? "sha256" : "git sha1") checksum",
                           hint: "run again to download it afresh")
        }
    }

    /// Hex sha256 of the file, or its git blob sha1 when `gitBlobSize` is given.
    private func hash(_ path: String, gitBlobSize: Int?) throws(HubError) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HubError(.cache, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var sha256 = SHA256()
        var sha1 = Insecure.SHA1()
        if let size = gitBlobSize { sha1.update(data: Array("blob \(size)\u{0}".utf8)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 { throw HubError(.cache, "cannot read \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            if gitBlobSize == nil { sha256.update(bufferPointer: chunk) } else { sha1.update(bufferPointer: chunk) }
        }
        let bytes: [UInt8] = gitBlobSize == nil ? Array(sha256.finalize()) : Array(sha1.finalize())
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func writeAll(_ fd: Int32, _ chunk: ByteBuffer, path: String) throws(HubError) {
        var failed: Int32 = 0
        chunk.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                done += n
            }
        }
        if failed != 0 { throw HubError(.cache, "cannot write \(path): \(String(cString: strerror(failed)))", hint: "check the free space in the cache folder") }
    }

    private func sizeOfFile(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// The start of `bytes START-END/TOTAL`.
    private func contentRangeStart(_ header: String?) -> Int? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return Int(header.dropFirst(6).prefix { $0 != "-" })
    }
}

/// An exclusive `flock` on a lock file, so two processes never download the same blob at once.
struct FileLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    static func acquire(_ path: String, clock: any Clock<Duration>) async throws(HubError) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw HubError(.cache, "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw HubError(.cache, "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            do { try await clock.sleep(for: .milliseconds(200), tolerance: nil) } catch {
                close(fd)
                throw HubError(.cancelled, "interrupted while waiting for another download of the same file")
            }
        }
        return FileLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
