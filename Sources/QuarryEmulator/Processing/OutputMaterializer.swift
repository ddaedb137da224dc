import Foundation
import QuarryCore

/// Writes a finished job's outputs in Bedrock's layout, once:
/// `<outputS3Uri>/<jobId>/<input name>.jsonl.out` per input file and `manifest.json.out`.
///
/// Each file is scanned once for line offsets; the processed records are the first `fraction` of a
/// deterministic shuffle and are written in that shuffled order, reading each line back with a
/// positioned read. Everything is written under temporary names and renamed into place, the
/// manifest last, so a reader never sees a half-written output.
struct OutputMaterializer {
    let paths: ObjectStorePaths
    let processor: RecordProcessor
    let seed: UInt64

    func materialize(_ job: StoredJob, fraction: Double) throws(EmulatorError) -> StoredJob.JobResult {
        let outputUri = job.request.outputDataConfig.s3OutputDataConfig.s3Uri
        guard let outDir = paths.outputDirectory(outputS3Uri: outputUri, jobId: job.jobId),
              let bucket = S3URI(job.request.inputDataConfig.s3InputDataConfig.s3Uri)?.bucket else {
            throw .internalError("resolve the output location of job \(job.jobId)")
        }
        var result = StoredJob.JobResult.none
        result.ran = true
        var renames: [(String, String)] = []
        let pid = ProcessInfo.processInfo.processIdentifier
        do {
            try FileSystem.createDirectory(outDir)
            removeLeftovers(in: outDir)
            for file in job.inputFiles {
                guard let inPath = paths.path(S3URI(bucket: bucket, key: file.key)) else { continue }
                let finalPath = outDir + "/" + file.outputName
                let dir = (finalPath as NSString).deletingLastPathComponent
                try FileSystem.createDirectory(dir)
                let temp = dir + "/." + (finalPath as NSString).lastPathComponent + ".partial-\(pid)"
                let counts = try writeFile(job: job, fileKey: file.key, inputPath: inPath, tempPath: temp, fraction: fraction)
                result.totalRecordCount += counts.total
                result.processedRecordCount += counts.processed
                result.successRecordCount += counts.success
                result.errorRecordCount += counts.processed - counts.success
                result.inputTokenCount += counts.inputTokens
                result.outputTokenCount += counts.outputTokens
                renames.append((temp, finalPath))
            }
            var w = JSONWriter(capacity: 256)
            w.beginObject()
            w.key("totalRecordCount"); w.int(result.totalRecordCount)
            w.key("processedRecordCount"); w.int(result.processedRecordCount)
            w.key("successRecordCount"); w.int(result.successRecordCount)
            w.key("errorRecordCount"); w.int(result.errorRecordCount)
            w.key("inputTokenCount"); w.int(result.inputTokenCount)
            w.key("outputTokenCount"); w.int(result.outputTokenCount)
            w.endObject()
            w.newline()
            let manifestTemp = outDir + "/.manifest.json.out.partial-\(pid)"
            var manifest = try BufferedFileWriter(tempPath: manifestTemp)
            try manifest.write(w.bytes)
            try manifest.finish()
            renames.append((manifestTemp, outDir + "/manifest.json.out"))
            for (from, to) in renames { try FileSystem.rename(from, to: to) }
        } catch {
            for (from, _) in renames { unlink(from) }
            throw .internalError("write the outputs of job \(job.jobId)")
        }
        return result
    }

    /// Deletes temporary files an interrupted earlier attempt left behind (`.<name>.partial-<pid>`, the local object store's convention).
    private func removeLeftovers(in directory: String) {
        guard let entries = FileManager.default.enumerator(atPath: directory) else { return }
        while let entry = entries.nextObject() as? String {
            let name = (entry as NSString).lastPathComponent
            if name.hasPrefix("."), name.contains(".partial-") { unlink(directory + "/" + entry) }
        }
    }

    struct FileCounts {
        var total = 0
        var processed = 0
        var success = 0
        var inputTokens = 0
        var outputTokens = 0
    }

    private func writeFile(job: StoredJob, fileKey: String, inputPath: String, tempPath: String,
                           fraction: Double) throws -> FileCounts {
        // Pass 1: where each record's line is.
        var offsets: [Int] = []
        var lengths: [Int32] = []
        var reader = try LineReader(path: inputPath)
        while try reader.next({ line, offset -> Bool in
            if !RecordProcessor.isBlank(line) {
                offsets.append(offset)
                lengths.append(Int32(line.count))
            }
            return true
        }) != nil {}

        // The processing order: a deterministic shuffle of the records.
        let n = offsets.count
        var keys = [UInt64](repeating: 0, count: n)
        var base = StableHash(seed: seed)
        base.combine("order")
        base.combine(job.jobId)
        base.combine(fileKey)
        for i in 0..<n {
            var h = base
            h.combine(i)
            keys[i] = h.value
        }
        let order = (0..<n).sorted { keys[$0] < keys[$1] }
        let take = fraction >= 1 ? n : min(n, Int((fraction * Double(n)).rounded(.down)))

        var counts = FileCounts(total: n)
        let input = try RandomAccessFile(path: inputPath)
        var output = try BufferedFileWriter(tempPath: tempPath)
        var w = JSONWriter(capacity: 64 * 1024)
        for index in order.prefix(take) {
            let line = try input.read(offset: offsets[index], length: Int(lengths[index]))
            w.reset()
            let outcome = processor.writeOutputLine(
                for: line, assignedId: RecordProcessor.assignedRecordId(jobId: job.jobId, fileKey: fileKey, index: index),
                into: &w)
            try output.write(w.bytes)
            counts.processed += 1
            if outcome.succeeded { counts.success += 1 }
            counts.inputTokens += outcome.inputTokens
            counts.outputTokens += outcome.outputTokens
        }
        try output.finish()
        return counts
    }
}
