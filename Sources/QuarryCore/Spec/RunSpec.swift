/// A run specification: what to read, how to prompt, which model, where to write.
///
/// Built from a YAML or JSON job spec by ``SpecParser``. Paths are absolute (resolved against the
/// spec file's folder) by the time a `RunSpec` exists.
public struct RunSpec: Sendable, Equatable, Codable {
    /// The run name; the prefix of every job name.
    public var name: String
    /// The input dataset: a local path (for a Hugging Face input, the local folder of its Parquet
    /// files once fetched, ``HubDatasetRef/displayName`` before).
    public var input: String
    /// The Hugging Face dataset split the input comes from, when `input:` names one.
    public var huggingface: HubDatasetRef?
    /// The S3 location the input comes from, when `input:` (or `s3_uri`) names one; once resolved,
    /// ``input`` is its local copy.
    public var s3: S3InputRef?
    /// The model id as given (id, inference-profile id or ARN).
    public var model: String
    /// The provider: `emulator` (default).
    public var provider: String = "emulator"
    /// The prompt template text (`{column}` placeholders), resolved from `prompt:`/`template:`.
    public var template: String
    /// The template id, when it came from a templates file.
    public var templateId: String?
    /// Inference parameters.
    public var params: ModelParams = ModelParams()
    /// Job-size limits.
    public var limits: Limits = Limits()
    /// Retry behaviour.
    public var retry: RetryPolicy = RetryPolicy()
    /// The output dataset path (with ``OutputLayout/perJob``: the folder of per-job files).
    public var output: String
    /// One output dataset, or one file per job.
    public var outputLayout: OutputLayout = .single
    /// The emulator's options.
    public var emulator: EmulatorOptions = EmulatorOptions()
    /// The `bedrock:` block (with `provider: bedrock`).
    public var bedrock: BedrockOptions?
    /// The input column holding caller-chosen record ids, used when present.
    public var recordIdColumn: String = "record_id"
    /// Seconds between status polls.
    public var pollSeconds: Double = 1
    /// The folder the spec file lives in.
    public var specDirectory: String

    /// Creates a spec.
    public init(name: String, input: String, model: String, template: String, output: String, specDirectory: String) {
        self.name = name
        self.input = input
        self.model = model
        self.template = template
        self.output = output
        self.specDirectory = specDirectory
    }

    /// The parts of the spec that decide what a run computes. Two specs with the same identity
    /// produce the same requests, shards and record ids, so a run may resume under either.
    public var identity: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("name"); w.string(name)
        if let hub = huggingface {
            // The dataset and the commit its files came from, not the local cache path.
            w.key("huggingface"); w.beginObject()
            w.key("repo"); w.string(hub.repo)
            w.key("config"); w.string(hub.config)
            w.key("split"); w.string(hub.split)
            w.key("revision"); w.string(hub.resolvedRevision ?? hub.revision)
            w.endObject()
        } else if let s3 {
            // The location as written, not the local cache path (the ETags are in the input fingerprint).
            w.key("input"); w.string(s3.uri)
        } else {
            w.key("input"); w.string(input)
        }
        w.key("model"); w.string(model)
        w.key("provider"); w.string(provider)
        if let b = bedrock {
            // Where the run's objects and jobs live; endpoints, role, quotas and tags are operational.
            w.key("bedrock"); w.beginObject()
            if let r = b.region { w.key("region"); w.string(r) }
            w.key("bucket"); w.string(b.bucket)
            w.key("prefix"); w.string(b.prefix)
            w.endObject()
        }
        w.key("template"); w.string(template)
        w.key("record_id_column"); w.string(recordIdColumn)
        w.key("params"); w.beginObject()
        w.key("max_tokens"); w.int(params.maxTokens)
        if let t = params.temperature { w.key("temperature"); w.double(t) }
        if let t = params.topP { w.key("top_p"); w.double(t) }
        if let t = params.topK { w.key("top_k"); w.int(t) }
        w.key("stop"); w.beginArray(); for s in params.stopSequences { w.element(); w.string(s) }; w.endArray()
        if let s = params.system { w.key("system"); w.string(s) }
        if let d = params.dimensions { w.key("dimensions"); w.int(d) }
        if let n = params.normalize { w.key("normalize"); w.bool(n) }
        w.endObject()
        w.key("limits"); w.beginObject()
        w.key("min"); w.int(limits.minRecordsPerJob)
        w.key("max"); w.int(limits.maxRecordsPerJob)
        w.key("bytes"); w.int(limits.maxBytesPerJob)
        if let m = limits.maxJobs { w.key("max_jobs"); w.int(m) }
        if let m = limits.maxRecords { w.key("max_records"); w.int(m) }
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// SHA-256 of ``identity``, hex.
    public var identityHash: String { Hashing.sha256Hex(Array(identity.utf8)) }
}

/// How the output is laid out.
public enum OutputLayout: String, Sendable, Equatable, Codable {
    /// One dataset with every row (the default).
    case single
    /// The AWS sample's layout: one Parquet file per job (`0000.snappy.parquet`, ...) in a folder, plus
    /// `outputs.json` listing them in input order.
    case perJob = "per_job"
}

extension RunSpec {
    /// The file whose presence means the output is complete: the output itself, or the per-job list.
    public var outputMarker: String { outputLayout == .single ? output : output + "/outputs.json" }
}
