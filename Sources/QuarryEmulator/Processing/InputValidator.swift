import Foundation
import QuarryCore

/// The Validating phase: every line of every input file must be a JSON object with a `modelInput`
/// object, and the record count must be within the configured bounds. Streams the files.
struct InputValidator {
    let paths: ObjectStorePaths
    let processor: RecordProcessor
    let minRecords: Int
    let maxRecords: Int
    let maxFileBytes: Int
    let maxJobBytes: Int

    func validate(_ job: StoredJob) -> StoredJob.ValidationResult {
        let inputUri = job.request.inputDataConfig.s3InputDataConfig.s3Uri
        let bucket = S3URI(inputUri)?.bucket ?? ""
        var perFile: [Int] = []
        var total = 0
        var errors = 0
        var jobBytes = 0
        func fail(_ message: String) -> StoredJob.ValidationResult {
            StoredJob.ValidationResult(recordsPerFile: perFile, totalRecords: total, errorShare: 0, failureMessage: message)
        }
        for file in job.inputFiles {
            let uri = S3URI(bucket: bucket, key: file.key)
            guard let path = paths.path(uri), var reader = try? LineReader(path: path) else {
                return fail("Unable to read the input file \(uri). Check that it exists and that the service role can read it.")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size > maxFileBytes {
                return fail("The input file \(uri) is \(size) bytes, more than the \(maxFileBytes)-byte limit per input "
                    + "file for model \(job.request.modelId). Split it into smaller files.")
            }
            jobBytes += size
            if jobBytes > maxJobBytes {
                return fail("The input of the job is more than \(maxJobBytes) bytes, the limit per batch inference job "
                    + "for model \(job.request.modelId). Split the input into several jobs.")
            }
            var count = 0
            var badLine: Int?
            do {
                while let ok = try reader.next({ line, _ -> Bool in
                    if RecordProcessor.isBlank(line) { return true }
                    let bytes = Array(line)
                    guard let record = RecordProcessor.InputRecord(line: bytes) else { return false }
                    count += 1
                    let id = record.recordId ?? "#\(count)"
                    if processor.fault(recordId: id, modelInput: record.modelInput).0 != nil { errors += 1 }
                    return true
                }) {
                    if !ok { badLine = reader.lineNumber; break }
                    if total + count > maxRecords { break }
                }
            } catch {
                return fail("Unable to read the input file \(uri). Check that it exists and that the service role can read it.")
            }
            if let badLine {
                return fail("Line \(badLine) of the input file \(uri) is not valid: each line must be a JSON object "
                    + "with a \"modelInput\" object (and optionally a \"recordId\").")
            }
            perFile.append(count)
            total += count
            if total > maxRecords {
                return fail("The input holds more than \(maxRecords) records, the maximum number of records per "
                    + "batch inference job for model \(job.request.modelId). Split the input into several jobs.")
            }
        }
        if total < minRecords {
            return fail("The input holds \(total) records, fewer than the minimum of \(minRecords) records per "
                + "batch inference job for model \(job.request.modelId). Add records or use on-demand inference.")
        }
        return StoredJob.ValidationResult(recordsPerFile: perFile, totalRecords: total,
                                          errorShare: total > 0 ? Double(errors) / Double(total) : 0, failureMessage: nil)
    }
}
