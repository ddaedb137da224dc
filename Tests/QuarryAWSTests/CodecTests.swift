import Testing
@testable import QuarryAWS

@Suite("XML, percent-encoding and endpoints")
struct CodecTests {
    @Test("XML: elements, entities, CDATA, namespaces, comments")
    func xml() throws {
        let root = try XMLNode.parse(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- listing -->
            <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" a='x>y'>
              <Name>b</Name><Contents><Key>a &amp; b &lt;c&gt; &#233;&#x4E2D;</Key><Empty/></Contents>
              <Note><![CDATA[<raw> & stuff]]></Note>
            </s3:ListBucketResult>
            """.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.string("Name") == "b")
        #expect(root.child("Contents")?.string("Key") == "a & b <c> é中")
        #expect(root.child("Contents")?.child("Empty")?.text == "")
        #expect(root.string("Note") == "<raw> & stuff")
    }

    @Test("XML: malformed and hostile documents are rejected", arguments: [
        "<a><b></a>", "<a>", "<!DOCTYPE x [<!ENTITY e 'boom'>]><a>&e;</a>", "<a>&unknown;</a>", "", "<a/><b/>",
        String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100),
    ])
    func xmlRejects(_ text: String) {
        #expect(throws: XMLError.self) { try XMLNode.parse(Array(text.utf8)) }
    }

    @Test("XML writer escapes text")
    func xmlWriter() throws {
        var writer = XMLWriter()
        writer.open("Delete", namespace: XMLWriter.s3Namespace)
        writer.element("Key", "a&b<c>\"'\n")
        writer.close("Delete")
        let root = try XMLNode.parse(writer.bytes)
        #expect(root.string("Key") == "a&b<c>\"'\n")
    }

    @Test("Percent-encoding: greedy labels keep '/', other labels encode everything but unreserved")
    func percentEncoding() {
        #expect(AWSPercentEncoding.encode("dir/a b+c%d~e_f.g-h", keepSlash: true) == "dir/a%20b%2Bc%25d~e_f.g-h")
        #expect(AWSPercentEncoding.encode("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl")
                == "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Amodel-invocation-job%2Fabcdefghijkl")
        #expect(AWSPercentEncoding.encode("é") == "%C3%A9")
        #expect(AWSPercentEncoding.decode("a%20b+c%2F", plusIsSpace: true) == "a b c/")
        #expect(AWSPercentEncoding.query([("uploads", nil), ("a", "x y")]) == "uploads&a=x%20y")
    }

    @Test("Endpoints: AWS defaults, overrides per service or for all, environment variables")
    func endpoints() throws {
        let standard = AWSEndpointResolver()
        #expect(try standard.endpoint(service: "bedrock", region: "eu-west-1").description == "https://bedrock.eu-west-1.amazonaws.com")
        #expect(try standard.endpoint(service: "bedrock-runtime", region: "us-east-1").description == "https://bedrock-runtime.us-east-1.amazonaws.com")
        #expect(try standard.endpoint(service: "s3", region: "cn-north-1").description == "https://s3.cn-north-1.amazonaws.com.cn")
        let emulator = AWSEndpointResolver(overrides: ["s3": "http://127.0.0.1:9000/"], all: "http://127.0.0.1:4566")
        #expect(try emulator.endpoint(service: "s3", region: "us-east-1") == AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 9000))
        #expect(try emulator.endpoint(service: "bedrock", region: "us-east-1").hostHeader == "127.0.0.1:4566")
        let fromEnv = AWSEndpointResolver(environment: AWSEnvironment(variables: [
            "AWS_ENDPOINT_URL": "http://localhost:1", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://vpce-1.bedrock-runtime.example:8443/base"]))
        let runtime = try fromEnv.endpoint(service: "bedrock-runtime", region: "us-east-1")
        #expect(runtime.hostHeader == "vpce-1.bedrock-runtime.example:8443")
        #expect(runtime.basePath == "/base")
        #expect(try fromEnv.endpoint(service: "s3", region: "us-east-1").description == "http://localhost:1")
        #expect(try AWSEndpoint(parsing: "http://[::1]:8080").hostHeader == "[::1]:8080")
        #expect(try AWSEndpoint(parsing: "https://h:443").hostHeader == "h")
        #expect(throws: AWSError.self) { try standard.endpoint(service: "s3", region: "evil.com/x") }
        #expect(throws: AWSError.self) { try standard.endpoint(service: "s3", region: "") }
        for bad in ["127.0.0.1:9000", "ftp://x", "http://", "http://h:0", "http://user@h"] {
            #expect(throws: AWSError.self) { try AWSEndpoint(parsing: bad) }
        }
    }

    @Test("S3 addressing: virtual-hosted on AWS for DNS-compatible names, path-style otherwise and for custom endpoints")
    func s3Addressing() async throws {
        try await withHTTPClient { http, _ in
            let credentials = StaticCredentialProvider(testCredentials)
            let aws = try S3Client(http: http, credentials: credentials, region: "us-west-2")
            let virtual = try aws.request("GetObject", "GET", bucket: "my-bucket", key: "dir/a b+c.jsonl")
            #expect(virtual.url == "https://my-bucket.s3.us-west-2.amazonaws.com/dir/a%20b%2Bc.jsonl")
            let dotted = try aws.request("GetObject", "GET", bucket: "my.bucket", key: "k")
            #expect(dotted.url == "https://s3.us-west-2.amazonaws.com/my.bucket/k")
            let list = try aws.request("ListObjectsV2", "GET", bucket: "my-bucket", query: [("list-type", "2")])
            #expect(list.url == "https://my-bucket.s3.us-west-2.amazonaws.com/?list-type=2")
            let minio = try S3Client(http: http, credentials: credentials, region: "us-east-1",
                                     endpoints: AWSEndpointResolver(overrides: ["s3": "http://127.0.0.1:9000"]))
            #expect(try minio.request("PutObject", "PUT", bucket: "b", key: "/lead//x").url == "http://127.0.0.1:9000/b//lead//x")
            let forcedPath = try S3Client(http: http, credentials: credentials, region: "us-east-1",
                                          configuration: .init(addressingStyle: .path))
            #expect(try forcedPath.request("HeadBucket", "HEAD", bucket: "b").url == "https://s3.us-east-1.amazonaws.com/b")
        }
    }
}
