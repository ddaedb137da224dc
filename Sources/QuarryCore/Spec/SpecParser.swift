import Foundation
import Yams

/// One problem found in a spec: where it is and what to do.
public struct SpecProblem: Sendable, CustomStringConvertible {
    /// The key path (`limits.max_records_per_job`), or empty for the document.
    public var keyPath: String
    /// 1-based line in the spec file, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String
    /// The fix, when there is one to suggest.
    public var hint: String?

    public var description: String {
        var s = ""
        if let line { s += "line \(line): " }
        if !keyPath.isEmpty { s += "`\(keyPath)`: " }
        s += message
        if let hint { s += " (\(hint))" }
        return s
    }
}

/// Reads a job spec (YAML or JSON, also the AWS sample's Step Functions input document) into a ``RunSpec``.
///
/// Every problem is collected and reported at once, each with its key path, line and a suggestion.
public struct SpecParser: SpecNodeReading {
    /// Values given on the command line that override or complete the file (e.g. `--templates`), so
    /// that a document without provider settings (the AWS sample's Step Functions input) can run as is.
    public struct Overrides: Sendable {
        /// A templates file to use (the sample's `prompt_id_to_template` convention).
        public var templatesFile: String?
        /// `provider:`, replacing the file's.
        public var provider: String?
        /// Keys of the `bedrock:` block (`bucket`, `role_arn`, `region`, ...), replacing the file's.
        public var bedrock: [String: String] = [:]
        /// `output:` (an absolute path), replacing the file's.
        public var output: String?
        /// `provider:` when the file names none (from the environment).
        public var defaultProvider: String?
        /// `bedrock:` keys the file does not set (from the environment).
        public var defaultBedrock: [String: String] = [:]

        /// Creates overrides.
        public init(templatesFile: String? = nil, provider: String? = nil, bedrock: [String: String] = [:], output: String? = nil) {
            self.templatesFile = templatesFile
            self.provider = provider
            self.bedrock = bedrock
            self.output = output
        }

        /// Adds the defaults the environment gives: `QUARRY_PROVIDER`, `QUARRY_BEDROCK_BUCKET`,
        /// `QUARRY_BEDROCK_ROLE_ARN`, `QUARRY_BEDROCK_PREFIX`. (Region, profile and endpoints come from the
        /// standard `AWS_*` variables when the run connects.)
        public mutating func addEnvironmentDefaults(_ environment: [String: String]) {
            if let p = environment["QUARRY_PROVIDER"], !p.isEmpty { defaultProvider = p }
            for (variable, key) in [("QUARRY_BEDROCK_BUCKET", "bucket"), ("QUARRY_BEDROCK_ROLE_ARN", "role_arn"), ("QUARRY_BEDROCK_PREFIX", "prefix")] {
                if let v = environment[variable], !v.isEmpty { defaultBedrock[key] = v }
            }
        }

        /// The document with these values applied.
        func apply(to root: Node.Mapping) -> Node.Mapping {
            var pairs = root.map { ($0.key, $0.value) }
            func find(_ key: String) -> Int? { pairs.firstIndex { $0.0.string == key } }
            func set(_ key: String, _ value: Node, replacing: Bool) {
                if let i = find(key) {
                    if replacing { pairs[i].1 = value }
                } else {
                    pairs.append((Node(key), value))
                }
            }
            if let provider { set("provider", Node(provider), replacing: true) }
            if let defaultProvider { set("provider", Node(defaultProvider), replacing: false) }
            if let output { set("output", Node(output), replacing: true) }
            let provider = find("provider").flatMap { pairs[$0].1.string }
            let wantsBedrock = !bedrock.isEmpty || (provider == "bedrock" && !defaultBedrock.isEmpty)
            if wantsBedrock {
                var block: [(Node, Node)] = []
                if let i = find("bedrock"), case .mapping(let m) = pairs[i].1 { block = m.map { ($0.key, $0.value) } }
                for (key, value) in defaultBedrock.sorted(by: { $0.key < $1.key }) where !block.contains(where: { $0.0.string == key }) {
                    block.append((Node(key), Node(value)))
                }
                for (key, value) in bedrock.sorted(by: { $0.key < $1.key }) {
                    if let j = block.firstIndex(where: { $0.0.string == key }) { block[j].1 = Node(value) } else { block.append((Node(key), Node(value))) }
                }
                set("bedrock", .mapping(Node.Mapping(block)), replacing: true)
            }
            return Node.Mapping(pairs)
        }
    }

    static let topKeys = ["name", "input", "model", "provider", "prompt", "template", "templates", "params", "limits",
                          "output", "emulator", "retry", "record_id_column", "poll_seconds", "bedrock",
                          // The AWS sample's Step Functions input keys.
                          "model_id", "prompt_id", "job_name_prefix", "max_num_jobs", "max_records_per_job",
                          "max_records_total", "s3_uri", "dataset_id", "split", "input_column", "output_layout"]
    static let paramKeys = ["max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "system", "dimensions", "normalize"]
    static let limitKeys = ["min_records_per_job", "max_records_per_job", "max_bytes_per_job", "max_concurrent_jobs", "max_jobs", "max_records"]
    static let emulatorKeys = ["record_error_rate", "permanent_error_rate", "job_failure_rate", "throttle_rate", "expiry_rate",
                               "partial_rate", "job_seconds", "max_concurrent_jobs", "min_records_per_job", "max_records_per_job", "seed"]
    static let retryKeys = ["max_attempts", "realtime", "realtime_concurrency"]

    var problems: [SpecProblem] = []
    private let file: String

    private init(file: String) { self.file = file }

    /// Parses the spec file at `path`.
    public static func parse(path: String, overrides: Overrides = Overrides()) throws(QuarryError) -> RunSpec {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw QuarryError(.invalidSpec, "cannot read the spec file \(path)", hint: "check the path; it is read relative to the current folder")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuarryError(.invalidSpec, "\(path) is not UTF-8 text")
        }
        return try parse(text: text, file: path, directory: url.deletingLastPathComponent().path, overrides: overrides)
    }

    /// Parses spec text; `directory` resolves relative paths.
    public static func parse(text: String, file: String, directory: String, overrides: Overrides = Overrides()) throws(QuarryError) -> RunSpec {
        var parser = SpecParser(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw QuarryError(.invalidSpec, "\(file) is empty", hint: "see the spec reference in the README")
            }
            root = node
        } catch let error as QuarryError {
            throw error
        } catch {
            throw QuarryError(.invalidSpec, "\(file) is not valid YAML or JSON: \(Self.yamlErrorSummary(error))")
        }
        guard case .mapping(let mapping) = root else {
            throw QuarryError(.invalidSpec, "\(file): the spec must be a mapping of keys (name, input, model, prompt, ...)")
        }
        let spec = parser.build(overrides.apply(to: mapping), directory: directory, overrides: overrides)
        if !parser.problems.isEmpty || spec == nil {
            let list = parser.problems.map { "  - " + $0.description }.joined(separator: "\n")
            throw QuarryError(.invalidSpec, "\(file) has \(parser.problems.count) problem\(parser.problems.count == 1 ? "" : "s"):\n\(list)")
        }
        return spec!
    }

    static func yamlErrorSummary(_ error: any Error) -> String {
        // YamlError descriptions quote the offending line; keep only the position and reason.
        let text = String(describing: error)
        return text.split(separator: "\n").first.map(String.init) ?? "syntax error"
    }

    // MARK: - Building

    private mutating func string(_ mapping: Node.Mapping, _ key: String, path: String) -> String? {
        guard let node = value(mapping, key), !isNull(node) else { return nil }
        guard case .scalar(let s) = node else { problem(path, node, "expected text"); return nil }
        return s.string
    }

    private mutating func int(_ mapping: Node.Mapping, _ key: String, path: String, min: Int? = nil) -> Int?? {
        guard let node = value(mapping, key) else { return .none }
        if isNull(node) { return .some(nil) }
        guard let v = node.int else { problem(path, node, "expected a whole number"); return .none }
        if let min, v < min { problem(path, node, "must be at least \(min)"); return .none }
        return .some(v)
    }

    private mutating func double(_ mapping: Node.Mapping, _ key: String, path: String, range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = value(mapping, key), !isNull(node) else { return nil }
        guard let v = node.float ?? node.int.map(Double.init) else { problem(path, node, "expected a number"); return nil }
        if let range, !range.contains(v) { problem(path, node, "must be between \(range.lowerBound) and \(range.upperBound)"); return nil }
        return v
    }

    private mutating func bytes(_ mapping: Node.Mapping, _ key: String, path: String) -> Int? {
        guard let node = value(mapping, key), !isNull(node) else { return nil }
        if let v = node.int, v > 0 { return v }
        guard let text = node.string, let v = ByteSize.parse(text) else {
            problem(path, node, "expected a size such as 1GB, 512MB or a number of bytes")
            return nil
        }
        return v
    }

    private mutating func block(_ mapping: Node.Mapping, _ key: String, allowed: [String]) -> Node.Mapping? {
        guard let node = value(mapping, key), !isNull(node) else { return nil }
        guard case .mapping(let m) = node else { problem(key, node, "expected a mapping of keys"); return nil }
        checkKeys(m, allowed: allowed, path: key)
        return m
    }

    private func resolvePath(_ path: String, directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    private mutating func build(_ root: Node.Mapping, directory: String, overrides: Overrides) -> RunSpec? {
        checkKeys(root, allowed: Self.topKeys, path: "")

        let name = string(root, "name", path: "name") ?? string(root, "job_name_prefix", path: "job_name_prefix")
        if name == nil { problem("name", nil, "is required", hint: "add `name: my-run` (letters, digits and hyphens)") }
        if let name, !JobNaming.isValidRunName(name) {
            problem("name", value(root, "name") ?? value(root, "job_name_prefix"),
                    "must start with a letter or digit and contain only letters, digits and hyphens (at most \(JobNaming.maxRunNameLength) characters)",
                    hint: "Bedrock job names allow no underscores or spaces; try `\(JobNaming.sanitize(name))`")
        }

        let inputNode = value(root, "input")
        var input: String?
        var huggingface: HubDatasetRef?
        var s3: S3InputRef?
        if let inputNode, !isNull(inputNode) {
            if case .scalar(let s) = inputNode {
                if s.string.hasPrefix("s3://") {
                    s3 = s3Input(s.string, path: "input", node: inputNode)
                    input = s3?.uri
                } else {
                    input = resolvePath(s.string, directory: directory)
                }
            } else if case .mapping(let m) = inputNode {
                huggingface = hubInput(m, node: inputNode)
                input = huggingface?.displayName
            } else {
                problem("input", inputNode, "expected a file path or a mapping such as {huggingface: owner/name, split: train}")
            }
            if value(root, "dataset_id") != nil {
                problem("dataset_id", value(root, "dataset_id"), "give either `input:` or `dataset_id:`, not both")
            }
            if value(root, "s3_uri") != nil {
                problem("s3_uri", value(root, "s3_uri"), "give either `input:` or `s3_uri:`, not both")
            }
        } else if value(root, "dataset_id") != nil {
            huggingface = sampleHubInput(root)
            input = huggingface?.displayName
            if value(root, "s3_uri") != nil {
                problem("s3_uri", value(root, "s3_uri"), "give either `dataset_id:` or `s3_uri:`, not both")
            }
        } else if let node = value(root, "s3_uri"), !isNull(node) {
            // The AWS sample's S3 input.
            if let text = string(root, "s3_uri", path: "s3_uri") {
                s3 = s3Input(text, path: "s3_uri", node: node)
                input = s3?.uri
            }
        } else {
            problem("input", nil, "is required", hint: "add `input: data/rows.csv` (a .csv or .jsonl file, relative to the spec)")
        }

        if value(root, "split") != nil && value(root, "dataset_id") == nil {
            problem("split", value(root, "split"), "is only read together with `dataset_id:`",
                    hint: "for a Hugging Face input write `input: {huggingface: owner/name, split: train}`")
        }

        let modelId = string(root, "model", path: "model") ?? string(root, "model_id", path: "model_id")
        var resolved: ResolvedModel?
        if let modelId {
            do { resolved = try ModelCatalog.resolve(modelId) } catch {
                problem(value(root, "model") != nil ? "model" : "model_id", value(root, "model") ?? value(root, "model_id"), error.description)
            }
        } else {
            problem("model", nil, "is required", hint: "for example `model: anthropic.claude-3-5-haiku-20241022-v1:0`")
        }

        let provider = string(root, "provider", path: "provider") ?? "emulator"
        if provider != "emulator" && provider != "bedrock" {
            problem("provider", value(root, "provider"), "unknown provider `\(provider)`", hint: "use `emulator` or `bedrock`")
        }

        // Template: inline `template:`, or `prompt:` id looked up in the templates file.
        let promptId = string(root, "prompt", path: "prompt") ?? string(root, "prompt_id", path: "prompt_id")
        let inlineTemplate = string(root, "template", path: "template")
        let templatesPath = overrides.templatesFile ?? string(root, "templates", path: "templates").map { resolvePath($0, directory: directory) }
        var templateText: String?
        if let inlineTemplate {
            templateText = inlineTemplate
            if promptId != nil { problem("template", value(root, "template"), "give either `template:` or `prompt:`, not both") }
        } else if let promptId {
            if let templatesPath {
                templateText = lookUpTemplate(id: promptId, file: templatesPath, node: value(root, "prompt") ?? value(root, "prompt_id"))
            } else {
                problem("prompt", value(root, "prompt") ?? value(root, "prompt_id"), "names a template but no templates file is given",
                        hint: "add `templates: prompt_templates.yaml` (a mapping of id to template text) or give `template:` inline")
            }
        } else if resolved?.adapter.kind == .embedding {
            let column = string(root, "input_column", path: "input_column") ?? "input_text"
            templateText = "{\(column)}"
        } else if resolved != nil {
            problem("prompt", nil, "is required for a text model", hint: "add `prompt: <template id>` with `templates:`, or `template: \"... {column} ...\"`")
        }
        var templateIsValid = true
        if let templateText {
            do { _ = try PromptTemplate(templateText) } catch {
                templateIsValid = false
                problem(inlineTemplate != nil ? "template" : "prompt", value(root, "template") ?? value(root, "prompt") ?? value(root, "prompt_id"), error.message)
            }
        }

        var params = ModelParams()
        if let p = block(root, "params", allowed: Self.paramKeys) {
            if case .some(.some(let v)) = int(p, "max_tokens", path: "params.max_tokens", min: 1) { params.maxTokens = v }
            params.temperature = double(p, "temperature", path: "params.temperature", range: 0...2)
            params.topP = double(p, "top_p", path: "params.top_p", range: 0...1)
            if case .some(.some(let v)) = int(p, "top_k", path: "params.top_k", min: 0) { params.topK = v }
            params.system = string(p, "system", path: "params.system")
            if let n = value(p, "stop_sequences"), !isNull(n) {
                if case .sequence(let seq) = n { params.stopSequences = seq.compactMap { $0.string } } else {
                    problem("params.stop_sequences", n, "expected a list of strings")
                }
            }
            if case .some(.some(let v)) = int(p, "dimensions", path: "params.dimensions", min: 1) {
                params.dimensions = v
                if resolved?.adapter is TitanEmbedV2Adapter, !TitanEmbedV2Adapter.allowedDimensions.contains(v) {
                    problem("params.dimensions", value(p, "dimensions"), "Titan Text Embeddings V2 accepts 256, 512 or 1024")
                }
            }
            params.normalize = bool(p, "normalize", path: "params.normalize")
        }

        var limits = Limits()
        if let l = block(root, "limits", allowed: Self.limitKeys) {
            if case .some(.some(let v)) = int(l, "min_records_per_job", path: "limits.min_records_per_job", min: 1) { limits.minRecordsPerJob = v }
            if case .some(.some(let v)) = int(l, "max_records_per_job", path: "limits.max_records_per_job", min: 1) { limits.maxRecordsPerJob = v }
            if let v = bytes(l, "max_bytes_per_job", path: "limits.max_bytes_per_job") { limits.maxBytesPerJob = v }
            if case .some(.some(let v)) = int(l, "max_concurrent_jobs", path: "limits.max_concurrent_jobs", min: 1) { limits.maxConcurrentJobs = v }
            if case .some(let v) = int(l, "max_jobs", path: "limits.max_jobs", min: 1) { limits.maxJobs = v }
            if case .some(let v) = int(l, "max_records", path: "limits.max_records", min: 1) { limits.maxRecords = v }
        }
        // The sample's flat keys.
        if case .some(.some(let v)) = int(root, "max_num_jobs", path: "max_num_jobs", min: 1) { limits.maxJobs = v }
        if case .some(.some(let v)) = int(root, "max_records_per_job", path: "max_records_per_job", min: 1) { limits.maxRecordsPerJob = v }
        if case .some(.some(let v)) = int(root, "max_records_total", path: "max_records_total", min: 1) { limits.maxRecords = v }
        if limits.minRecordsPerJob > limits.maxRecordsPerJob {
            problem("limits.min_records_per_job", value(root, "limits"),
                    "min_records_per_job (\(limits.minRecordsPerJob)) is larger than max_records_per_job (\(limits.maxRecordsPerJob))",
                    hint: "the minimum must not exceed the maximum")
        }

        var retry = RetryPolicy()
        if let r = block(root, "retry", allowed: Self.retryKeys) {
            if case .some(.some(let v)) = int(r, "max_attempts", path: "retry.max_attempts", min: 1) { retry.maxAttempts = v }
            if let v = bool(r, "realtime", path: "retry.realtime") { retry.realtime = v }
            if case .some(.some(let v)) = int(r, "realtime_concurrency", path: "retry.realtime_concurrency", min: 1) { retry.realtimeConcurrency = v }
        }

        var emulator = EmulatorOptions()
        // The emulated quotas follow the run's limits unless set explicitly.
        emulator.minRecordsPerJob = limits.minRecordsPerJob
        emulator.maxRecordsPerJob = limits.maxRecordsPerJob
        if let e = block(root, "emulator", allowed: Self.emulatorKeys) {
            let unit: ClosedRange<Double> = 0...1
            emulator.recordErrorRate = double(e, "record_error_rate", path: "emulator.record_error_rate", range: unit) ?? 0
            emulator.permanentErrorRate = double(e, "permanent_error_rate", path: "emulator.permanent_error_rate", range: unit) ?? 0
            emulator.jobFailureRate = double(e, "job_failure_rate", path: "emulator.job_failure_rate", range: unit) ?? 0
            emulator.throttleRate = double(e, "throttle_rate", path: "emulator.throttle_rate", range: 0...0.99) ?? 0
            emulator.expiryRate = double(e, "expiry_rate", path: "emulator.expiry_rate", range: unit) ?? 0
            emulator.partialRate = double(e, "partial_rate", path: "emulator.partial_rate", range: unit) ?? 0
            emulator.jobSeconds = double(e, "job_seconds", path: "emulator.job_seconds", range: 0...86_400) ?? emulator.jobSeconds
            if case .some(.some(let v)) = int(e, "max_concurrent_jobs", path: "emulator.max_concurrent_jobs", min: 1) { emulator.maxConcurrentJobs = v }
            if case .some(.some(let v)) = int(e, "min_records_per_job", path: "emulator.min_records_per_job", min: 1) { emulator.minRecordsPerJob = v }
            if case .some(.some(let v)) = int(e, "max_records_per_job", path: "emulator.max_records_per_job", min: 1) { emulator.maxRecordsPerJob = v }
            if case .some(.some(let v)) = int(e, "seed", path: "emulator.seed", min: 0) { emulator.seed = v }
        }

        let recordIdColumn = string(root, "record_id_column", path: "record_id_column") ?? "record_id"
        let pollSeconds = double(root, "poll_seconds", path: "poll_seconds", range: 0.01...3600) ?? min(1, max(0.05, emulator.jobSeconds / 10))

        var layout = OutputLayout.single
        if let l = string(root, "output_layout", path: "output_layout") {
            if let v = OutputLayout(rawValue: l) { layout = v } else {
                problem("output_layout", value(root, "output_layout"), "unknown layout `\(l)`",
                        hint: "use `single` (one output dataset, the default) or `per_job` (one Parquet file per job, as the AWS sample writes)")
            }
        }
        var output: String?
        if let o = string(root, "output", path: "output") {
            output = resolvePath(o, directory: directory)
            let ext = (o as NSString).pathExtension.lowercased()
            if layout == .perJob {
                if ["csv", "jsonl", "ndjson", "parquet"].contains(ext) {
                    problem("output", value(root, "output"), "with `output_layout: per_job` the output is a folder, not a .\(ext) file",
                            hint: "give a folder such as out/\(name ?? "run")/; it receives 0000.snappy.parquet, 0001.snappy.parquet, ... and outputs.json")
                }
            } else if !["csv", "jsonl", "ndjson", "parquet"].contains(ext) {
                problem("output", value(root, "output"), ext.isEmpty ? "has no file extension to tell its format" : "unsupported output format `.\(ext)`",
                        hint: "use a .parquet, .csv or .jsonl path (or `output_layout: per_job` with a folder)")
            }
        } else if let name {
            output = resolvePath(layout == .perJob ? "out/\(name)" : "out/\(name).parquet", directory: directory)
        }

        var bedrockBlock = BedrockSpecBlock()
        let bedrock = bedrockBlock.parse(value(root, "bedrock"), provider: provider, providerNode: value(root, "provider"), model: modelId,
                                         baseModel: resolved?.baseModelId, limits: &limits, limitsNode: value(root, "limits"))
        problems += bedrockBlock.problems
        if bedrock?.realtime == false { retry.realtime = false }

        guard let name, let input, let modelId, let templateText, templateIsValid, let output, resolved != nil else { return nil }
        var spec = RunSpec(name: name, input: input, model: modelId, template: templateText, output: output, specDirectory: directory)
        spec.huggingface = huggingface
        spec.s3 = s3
        spec.templateId = inlineTemplate == nil ? promptId : nil
        spec.provider = provider
        spec.bedrock = bedrock
        spec.outputLayout = layout
        spec.params = params
        spec.limits = limits
        spec.retry = retry
        spec.emulator = emulator
        spec.recordIdColumn = recordIdColumn
        spec.pollSeconds = pollSeconds
        return spec
    }

    /// An S3 input location (`s3://bucket/file.csv`, a prefix ending in `/`, or a glob).
    private mutating func s3Input(_ text: String, path: String, node: Node) -> S3InputRef? {
        switch S3InputRef.parse(text.trimmingWhitespace) {
        case .success(let ref): return ref
        case .failure(let error):
            problem(path, node, error.message, hint: error.hint)
            return nil
        }
    }

    static let hubInputKeys = ["huggingface", "split", "config", "revision"]

    /// `input: {huggingface: owner/name, split: train, config: default, revision: main}`.
    private mutating func hubInput(_ m: Node.Mapping, node: Node) -> HubDatasetRef? {
        checkKeys(m, allowed: Self.hubInputKeys, path: "input")
        guard let repo = string(m, "huggingface", path: "input.huggingface") else {
            problem("input.huggingface", node, "is required in a mapping `input:`",
                    hint: "write `input: {huggingface: owner/name, split: train}`, or give a file path")
            return nil
        }
        guard checkRepoId(repo, path: "input.huggingface", node: value(m, "huggingface")) else { return nil }
        var ref = HubDatasetRef(repo: repo)
        if let v = nonEmpty(m, "split", path: "input.split") { ref.split = v }
        if let v = nonEmpty(m, "config", path: "input.config") { ref.config = v }
        if let v = nonEmpty(m, "revision", path: "input.revision") { ref.revision = v }
        return ref
    }

    /// The AWS sample's `dataset_id` + `split` keys (config `default`, revision `main`).
    private mutating func sampleHubInput(_ root: Node.Mapping) -> HubDatasetRef? {
        guard let repo = string(root, "dataset_id", path: "dataset_id") else {
            problem("dataset_id", value(root, "dataset_id"), "expected a dataset id such as w601sxs/simpleCoT")
            return nil
        }
        guard checkRepoId(repo, path: "dataset_id", node: value(root, "dataset_id")) else { return nil }
        var ref = HubDatasetRef(repo: repo)
        if let v = nonEmpty(root, "split", path: "split") { ref.split = v }
        return ref
    }

    private mutating func checkRepoId(_ repo: String, path: String, node: Node?) -> Bool {
        if HubDatasetRef.isValidRepoId(repo) { return true }
        problem(path, node, "`\(repo)` is not a Hugging Face dataset id", hint: "write it as owner/name, e.g. w601sxs/simpleCoT")
        return false
    }

    private mutating func nonEmpty(_ m: Node.Mapping, _ key: String, path: String) -> String? {
        guard let v = string(m, key, path: path) else { return nil }
        let t = v.trimmingWhitespace
        if t.isEmpty || (t.contains("/") && key != "revision") || t.contains("..") {
            problem(path, value(m, key), "`\(v)` is not a valid \(key) name")
            return nil
        }
        return t
    }

    private mutating func lookUpTemplate(id: String, file: String, node: Node?) -> String? {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            problem("templates", node, "cannot read the templates file \(file)", hint: "check the path (relative to the spec file)")
            return nil
        }
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: text) } catch {
            problem("templates", node, "\(file) is not valid YAML or JSON: \(Self.yamlErrorSummary(error))")
            return nil
        }
        guard case .mapping(let map)? = parsed else {
            problem("templates", node, "\(file) must be a mapping of template id to template text")
            return nil
        }
        var ids: [String] = []
        for (k, v) in map {
            guard let key = k.string else { continue }
            ids.append(key)
            if key == id {
                if let s = v.string { return s }
                // The sample's convention also allows {id: {template: "..."}}.
                if case .mapping(let inner) = v, let s = self.value(inner, "template")?.string { return s }
                problem("prompt", node, "template `\(id)` in \(file) is not text")
                return nil
            }
        }
        let hint = Suggest.closest(to: id, in: ids).map { "did you mean `\($0)`?" } ?? "templates there: \(ids.prefix(10).joined(separator: ", "))"
        problem("prompt", node, "no template `\(id)` in \(file)", hint: hint)
        return nil
    }
}

/// Parses sizes such as `1GB`, `512 MB`, `1.5GiB`.
public enum ByteSize {
    /// Bytes for a size text, or nil.
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingWhitespace.uppercased()
        let units: [(String, Double)] = [("GIB", 1_073_741_824), ("MIB", 1_048_576), ("KIB", 1024), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0 else { return nil }
            return Int(n * factor)
        }
        return Int(t).flatMap { $0 > 0 ? $0 : nil }
    }
}

/// "Did you mean" suggestions.
public enum Suggest {
    /// The candidate closest to `word` (edit distance ≤ 2, or a shared prefix of 4+), if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word.lowercased(), c.lowercased())
            if d <= max(2, word.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        if let best { return best.0 }
        // A long shared beginning (`max_concurency` → `max_concurrent_jobs`).
        func shared(_ c: String) -> Int { zip(word.lowercased(), c.lowercased()).prefix { $0 == $1 }.count }
        if let c = candidates.max(by: { shared($0) < shared($1) }), shared(c) >= 6 { return c }
        return nil
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
