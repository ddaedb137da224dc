import Testing
@testable import QuarryCore

/// `input: s3://...` and the AWS sample's `s3_uri`: objects, prefixes and globs.
@Suite struct S3SpecTests {
    func parse(_ text: String) throws(QuarryError) -> RunSpec { try SpecText.parse(text) }
    func problems(_ text: String) -> String { SpecText.problems(text) }

    let tail = "model: anthropic.claude-3-haiku-20240307-v1:0\ntemplate: \"{source}\"\n"

    @Test(arguments: [
        ("s3://bucket/data/rows.csv", S3InputRef.Kind.object, "data/rows.csv", "data/rows.csv"),
        ("s3://bucket/data/rows.JSONL", .object, "data/rows.JSONL", "data/rows.JSONL"),
        ("s3://bucket/data/", .prefix, "data/", "data/"),
        ("s3://bucket", .prefix, "", ""),
        ("s3://bucket/data/*.parquet", .glob, "data/*.parquet", "data/"),
        ("s3://bucket/data/part-?.csv", .glob, "data/part-?.csv", "data/part-"),
    ])
    func locationsAreClassified(uri: String, kind: S3InputRef.Kind, key: String, listPrefix: String) throws {
        let spec = try parse("name: x\ninput: \(uri)\n" + tail)
        let s3 = try #require(spec.s3)
        #expect(s3.kind == kind && s3.bucket == "bucket" && s3.key == key && s3.listPrefix == listPrefix)
        #expect(spec.input == uri)
    }

    @Test func theSamplesS3UriIsTheInput() throws {
        let spec = try parse("""
            {"s3_uri": "s3://batch-inference-bucket/inputs/jokes/topics.csv", "job_name_prefix": "joke-generation",
             "model_id": "anthropic.claude-3-5-haiku-20241022-v1:0", "template": "Tell me a joke about {topic}"}
            """)
        #expect(spec.s3 == S3InputRef(uri: "s3://batch-inference-bucket/inputs/jokes/topics.csv", bucket: "batch-inference-bucket",
                                      key: "inputs/jokes/topics.csv", kind: .object))
        #expect(spec.name == "joke-generation")
    }

    @Test func theIdentityNamesTheLocationNotTheCache() throws {
        var spec = try parse("name: x\ninput: s3://bucket/data/\n" + tail)
        let before = spec.identityHash
        spec.input = "/state/inputs/s3/tables/abc"
        spec.s3?.objects = [.init(key: "data/a.csv", size: 3, eTag: "e", localPath: "/state/x.csv")]
        #expect(spec.identityHash == before)
        #expect(spec.identity.contains("\"input\":\"s3://bucket/data/\""))
    }

    @Test func theFingerprintFollowsEveryETag() {
        var ref = S3InputRef(uri: "s3://b/p/", bucket: "b", key: "p/", kind: .prefix)
        #expect(ref.fingerprint == nil)
        ref.objects = [.init(key: "p/a.csv", size: 3, eTag: "e1", localPath: "/a"), .init(key: "p/b.csv", size: 3, eTag: "e2", localPath: "/b")]
        let first = ref.fingerprint
        ref.objects![1].eTag = "e3"
        #expect(first != nil && ref.fingerprint != first)
        ref.objects![1].eTag = "e2"
        ref.objects![1].localPath = "/elsewhere"
        #expect(ref.fingerprint == first, "the local copy's place is not part of the data")
    }

    @Test func badLocationsAreReportedWithTheirKeys() {
        #expect(problems("name: x\ninput: s3://bucket/data/rows.txt\n" + tail).contains("`input`: `rows.txt` does not end in .csv, .jsonl, .ndjson or .parquet"))
        #expect(problems("name: x\ninput: s3://bucket/data/rows\n" + tail).contains("s3://bucket/data/rows/"))
        #expect(problems("name: x\ninput: s3:///rows.csv\n" + tail).contains("is not an S3 location"))
        #expect(problems("name: x\ninput: s3://a/rows.csv\n" + tail).contains("`a` is not an S3 bucket name"))
        #expect(problems("name: x\ninput: a.csv\ns3_uri: s3://bucket/a.csv\n" + tail).contains("`s3_uri`: give either `input:` or `s3_uri:`, not both"))
        #expect(problems("name: x\ns3_uri: s3://bucket/a.csv\ndataset_id: o/n\n" + tail).contains("give either `dataset_id:` or `s3_uri:`, not both"))
    }

    @Test(arguments: [
        ("data/*.parquet", "data/a.parquet", true),
        ("data/*.parquet", "data/sub/a.parquet", false),
        ("data/**.parquet", "data/sub/a.parquet", true),
        ("data/**/a.parquet", "data/a.parquet", true),
        ("data/**/a.parquet", "data/x/y/a.parquet", true),
        ("data/part-?.csv", "data/part-1.csv", true),
        ("data/part-?.csv", "data/part-10.csv", false),
        ("data/part-[0-4].csv", "data/part-3.csv", true),
        ("data/part-[0-4].csv", "data/part-7.csv", false),
        ("data/part-[!0-4].csv", "data/part-7.csv", true),
        ("data/*", "data/a.csv", true),
        ("data/*.csv", "data/a.csv.gz", false),
        ("data/*-2024-*.jsonl", "data/x-2024-01.jsonl", true),
    ])
    func globsMatchWholeKeys(pattern: String, key: String, matches: Bool) {
        let ref = S3InputRef(uri: "s3://b/" + pattern, bucket: "b", key: pattern, kind: .glob)
        #expect(ref.includes(key) == matches)
    }

    @Test func prefixesSkipFolderMarkersAndBookkeepingFiles() {
        let ref = S3InputRef(uri: "s3://b/out/", bucket: "b", key: "out/", kind: .prefix)
        #expect(ref.includes("out/part-0.parquet"))
        #expect(ref.includes("out/year=2024/part-0.parquet"))
        #expect(!ref.includes("out/_SUCCESS"))
        #expect(!ref.includes("out/_temporary/part-0.parquet"))
        #expect(!ref.includes("out/.part-0.parquet.crc"))
        #expect(!ref.includes("out/sub/"))
        #expect(!ref.includes("other/part-0.parquet"))
    }
}
