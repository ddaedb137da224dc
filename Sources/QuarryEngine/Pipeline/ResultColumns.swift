import Foundation
import QuarryCore
import QuarryStore
import QuarryTable

/// Builds the result columns of consecutive rows (answer, status, error, tokens, ...) on a thread
/// of its own, a chunk ahead of the assembler, which meanwhile reads the input and formats the
/// output: reading and parsing every answer is the other half of assembling, and this machine has
/// two cores.
///
/// Chunks hold at most ``maxRows`` rows (the input's batch size, so the two line up) and about
/// ``maxBytes`` of cells. At most ``depth`` chunks and ``maxQueuedBytes`` wait: enough for the
/// assembler to go on while the thread reads the next span of results (``ResultStore/gather(_:into:)``),
/// few enough that memory stays bounded.
final class ResultColumns: @unchecked Sendable {
    /// The result columns of rows `firstRow ..< firstRow + rows`.
    struct Chunk {
        var firstRow: Int
        var rows: Int
        var columns: [ColumnData]
        var counts: Assembler.Counts
    }

    static let maxRows = Table.defaultBatchRows
    static let maxBytes = 8 << 20
    static let depth = 6
    static let maxQueuedBytes = 24 << 20

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [Result<Chunk, QuarryError>] = []
    private var queuedBytes = 0
    private var finished = false
    private var stopping = false
    private var running = true

    /// Starts producing the result columns of rows `0 ..< rows`, `chunkRows` at most in a chunk,
    /// reading `gatherBytes` of results at most at once.
    init(results: ResultStore, baseShards: [ShardRecord], rows: Int, adapter: any ModelAdapter, columns: Int,
         chunkRows: Int = maxRows, gatherBytes: Int = defaultGatherBytes) {
        let producer = Producer(results: results, baseShards: baseShards, rows: rows, adapter: adapter, columns: columns,
                                chunkRows: max(1, chunkRows), gatherBytes: gatherBytes)
        let thread = Thread { [self] in self.produce(producer) }
        thread.name = "quarry-results"
        thread.start()
    }

    /// The next chunk, waiting for it; nil after the last.
    func next() throws(QuarryError) -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let item = queue.removeFirst()
        queuedBytes -= Self.size(item)
        condition.broadcast()
        return try item.get()
    }

    /// Stops the thread (after the chunk it is building) and waits for it.
    func stop() {
        condition.broadcastAndWait(after: { stopping = true }, until: { !running })
    }

    private func produce(_ producer: Producer) {
        var producer = producer
        while true {
            let item: Result<Chunk, QuarryError>?
            do { item = try producer.nextChunk().map { .success($0) } } catch { item = .failure(error) }
            condition.lock()
            while (queue.count >= Self.depth || queuedBytes >= Self.maxQueuedBytes) && !stopping { condition.wait() }
            if let item, !stopping {
                queue.append(item)
                queuedBytes += Self.size(item)
            }
            let last: Bool = switch item {
            case .success: false
            case .failure, nil: true
            }
            if last || stopping {
                finished = true
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.broadcast()
            condition.unlock()
        }
    }

    private static func size(_ item: Result<Chunk, QuarryError>) -> Int {
        guard case .success(let chunk) = item else { return 0 }
        return chunk.columns.first?.bytes.count ?? 0
    }

    /// Walks the rows in order, a base shard's index at a time, reading the results of up to
    /// ``gatherBytes`` of consecutive rows at once (``ResultStore/gather(_:into:)``).
    private struct Producer {
        let results: ResultStore
        let baseShards: [ShardRecord]
        let rows: Int
        let adapter: any ModelAdapter
        let columns: Int
        let chunkRows: Int
        let gatherBytes: Int
        let embedding: Bool
        var row = 0
        var shardIndex = -1
        var index: [ResultStore.Entry] = []
        var shardStart = 0
        var shardEnd = 0
        /// The results of rows `gatheredStart ..< gatheredStart + gathered.entries.count`.
        var gathered: ResultStore.Gathered
        var gatheredStart = 0
        /// The current shard's span budget.
        var spanBytes = 0

        init(results: ResultStore, baseShards: [ShardRecord], rows: Int, adapter: any ModelAdapter, columns: Int, chunkRows: Int, gatherBytes: Int) {
            self.chunkRows = chunkRows
            self.gatherBytes = gatherBytes
            self.results = results
            self.baseShards = baseShards
            self.rows = rows
            self.adapter = adapter
            self.columns = columns
            embedding = adapter.kind == .embedding
            gathered = ResultStore.Gathered(store: results)
        }

        mutating func nextChunk() throws(QuarryError) -> Chunk? {
            guard row < rows else { return nil }
            var chunk = Chunk(firstRow: row, rows: 0, columns: [ColumnData](repeating: ColumnData(), count: columns), counts: Assembler.Counts())
            while row < rows && chunk.rows < chunkRows && chunk.columns[0].bytes.count < ResultColumns.maxBytes {
                if row >= gatheredStart + gathered.entries.count { try gatherNext() }
                let result = try gathered.result(row - gatheredStart, adapter: adapter)
                Assembler.appendResult(result, embedding: embedding, into: &chunk.columns, counts: &chunk.counts)
                chunk.rows += 1
                row += 1
            }
            return chunk
        }

        /// Reads the results of the rows from `row` on, up to ``gatherBytes`` (at least one row)
        /// and the end of its base shard.
        mutating func gatherNext() throws(QuarryError) {
            while row >= shardEnd {
                shardIndex += 1
                guard shardIndex < baseShards.count else {
                    throw QuarryError(.state, "row \(row) belongs to no staged shard", hint: "the state folder is incomplete; rerun `quarry run` to finish staging")
                }
                let s = baseShards[shardIndex]
                shardStart = s.firstRow
                shardEnd = s.firstRow + s.rowCount
                index = results.loadIndex(baseShard: s.seq, rows: s.rowCount)
                // The last shard's files are done with: keep the open files few.
                results.closeReaders()
                // Large results (embeddings) are read one by one whatever the span, so a long span
                // would only cost memory.
                let stored = index.reduce(0) { $0 + $1.storedLength }
                let count = index.reduce(0) { $0 + ($1.segment == 0 ? 0 : 1) }
                spanBytes = count > 0 && stored / count > ResultColumns.largeResultBytes ? gatherBytes / 4 : gatherBytes
            }
            let first = row - shardStart
            var end = first
            var bytes = 0
            while end < index.count && (end == first || bytes + index[end].storedLength <= spanBytes) {
                bytes += index[end].storedLength
                end += 1
            }
            try results.gather(index[first..<end], into: &gathered)
            gatheredStart = row
        }
    }

    /// The most result bytes read ahead at once: a shard of 50,000 text answers fits.
    static let defaultGatherBytes = 64 << 20
    /// Results longer than this on average get a quarter of the span.
    static let largeResultBytes = 4 << 10
}
