import Crypto

/// Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0...\r\n`
/// then optional trailing headers and `\r\n`), checking each chunk's signature against the chain
/// when the mode signs chunks, and the trailer signature when it signs the trailer. Fed in pieces
/// as they arrive; the decoded data is handed on as it is found.
struct AWSChunkedDecoder {
    enum State {
        case header
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    let mode: StreamingSignature.Mode
    var chain: StreamingSignature.Chain?
    private var state = State.header
    private var line: [UInt8] = []
    private var chunkSignature: String?
    private var chunkHash = SHA256()
    private var expectCR = true
    private(set) var decodedLength = 0
    /// Trailing headers, lowercase names.
    private(set) var trailers: [(name: String, value: String)] = []
    private var trailerText = ""

    init(mode: StreamingSignature.Mode, chain: StreamingSignature.Chain?) {
        self.mode = mode
        self.chain = chain
    }

    static func incomplete() -> S3Error {
        S3Error("IncompleteBody", status: 400, "The request body is not a well-formed aws-chunked stream.")
    }

    static func badSignature() -> S3Error {
        S3Error("SignatureDoesNotMatch", status: 403, SigV4Verifier.mismatchMessage)
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes `bytes`, calling `output` with each run of decoded data.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws(S3Error) -> Void) throws(S3Error) {
        var i = 0
        while i < bytes.count {
            switch state {
            case .header, .trailer:
                let b = bytes[i]
                i += 1
                if b == 0x0A {
                    if line.last == 0x0D { line.removeLast() }
                    let text = String(decoding: line, as: UTF8.self)
                    line.removeAll(keepingCapacity: true)
                    if case .header = state { try headerLine(text) } else { try trailerLine(text) }
                } else {
                    line.append(b)
                    if line.count > 8192 { throw Self.incomplete() }
                }
            case .data(let remaining):
                let n = min(remaining, bytes.count - i)
                let slice = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + n)])
                chunkHash.update(bufferPointer: slice)
                try output(slice)
                decodedLength += n
                i += n
                state = remaining - n == 0 ? .dataEnd : .data(remaining: remaining - n)
            case .dataEnd:
                let b = bytes[i]
                i += 1
                if expectCR {
                    guard b == 0x0D else { throw Self.incomplete() }
                    expectCR = false
                } else {
                    guard b == 0x0A else { throw Self.incomplete() }
                    expectCR = true
                    try endChunk()
                    state = .header
                }
            case .done:
                // Anything after the end is ignored (S3 does the same with trailing whitespace).
                return
            }
        }
    }

    /// Checks that the stream ended properly.
    func finish() throws(S3Error) {
        guard case .done = state else { throw Self.incomplete() }
    }

    private mutating func headerLine(_ text: String) throws(S3Error) {
        let parts = text.split(separator: ";", maxSplits: 1)
        guard let sizeText = parts.first, let size = Int(sizeText.trimmingSpaces, radix: 16), size >= 0 else {
            throw Self.incomplete()
        }
        chunkSignature = nil
        if parts.count == 2 {
            let extensionText = parts[1].trimmingSpaces
            if extensionText.hasPrefix("chunk-signature=") {
                chunkSignature = String(extensionText.dropFirst("chunk-signature=".count))
            }
        }
        if mode.signsChunks, chunkSignature == nil { throw Self.incomplete() }
        chunkHash = SHA256()
        if size == 0 {
            try endChunk()
            state = .trailer
            return
        }
        state = .data(remaining: size)
    }

    private mutating func endChunk() throws(S3Error) {
        guard mode.signsChunks, chain != nil, let claimed = chunkSignature else { return }
        let digest = hex(chunkHash.finalize())
        guard chain!.verifyChunk(dataSHA256: digest, claimed: claimed) else { throw Self.badSignature() }
    }

    private mutating func trailerLine(_ text: String) throws(S3Error) {
        if text.isEmpty {
            state = .done
            return
        }
        guard let colon = text.firstIndex(of: ":") else { throw Self.incomplete() }
        let name = text[..<colon].lowercased()
        let value = String(text[text.index(after: colon)...]).trimmingSpaces
        if name == "x-amz-trailer-signature" {
            if mode == .signedChunksWithTrailer, chain != nil {
                guard chain!.verifyTrailer(canonicalTrailer: trailerText, claimed: value) else { throw Self.badSignature() }
            }
            return
        }
        trailers.append((name, value))
        trailerText += name + ":" + value + "\n"
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
