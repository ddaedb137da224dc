import Testing
@testable import QuarryEmulatorHTTP

@Suite("S3 codecs")
struct CodecTests {
    @Test func addressing() {
        let path = S3Address(target: RawTarget("/bucket/a/b%20c?x=1"), authority: "127.0.0.1:4599", serverHost: "127.0.0.1")
        #expect(path.bucket == "bucket")
        #expect(path.key == "a/b c")
        let vhost = S3Address(target: RawTarget("/a/b"), authority: "my-bucket.localhost:4599", serverHost: "127.0.0.1")
        #expect(vhost.bucket == "my-bucket")
        #expect(vhost.key == "a/b")
        let bucketOnly = S3Address(target: RawTarget("/bucket/"), authority: nil, serverHost: "127.0.0.1")
        #expect(bucketOnly.bucket == "bucket" && bucketOnly.key == nil)
        #expect(S3Address.virtualHostBucket(authority: "localhost:4599", serverHost: "127.0.0.1") == nil)
        #expect(S3Address.virtualHostBucket(authority: "b1.emu.test", serverHost: "emu.test") == "b1")
    }

    @Test(arguments: [
        ("bytes=0-4", 10, Optional(Optional(0..<5))), ("bytes=5-", 10, .some(.some(5..<10))), ("bytes=-3", 10, .some(.some(7..<10))),
        ("bytes=8-100", 10, .some(.some(8..<10))), ("bytes=10-", 10, .some(nil)), ("bytes=0-1,3-4", 10, nil), ("items=0-1", 10, nil),
    ] as [(String, Int, Range<Int>??)])
    func ranges(header: String, size: Int, expected: Range<Int>??) {
        #expect(EmulatorHandler.parseRange(header, size: size) == expected)
    }

    @Test func deleteDocument() throws {
        let doc = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>
            <Object><Key>a &amp; b&#x2F;c</Key><VersionId/></Object><Object><Key>plain</Key></Object></Delete>
            """
        let records = try #require(XMLScanner.records("Object", in: doc))
        #expect(records.map { $0["Key"] } == ["a & b/c", "plain"])
        #expect(XMLScanner.firstValue("Quiet", in: doc) == "true")
        #expect(XMLScanner.records("Object", in: "<Delete><Object><Key>x</Delete>") == nil)
    }

    @Test func xmlEscaping() {
        #expect(XMLWriter.escape("\"a\" <&> 'b'") == "&quot;a&quot; &lt;&amp;&gt; &apos;b&apos;")
    }

    @Test func keysThatCannotBeFiles() {
        #expect(throws: S3Error.self) { try ObjectStore.keySegments("a//b") }
        #expect(throws: S3Error.self) { try ObjectStore.keySegments("dir/") }
        #expect(throws: S3Error.self) { try ObjectStore.keySegments("a/../b") }
        #expect((try? ObjectStore.keySegments("a/.hidden/b"))?.count == 3)
    }
}
