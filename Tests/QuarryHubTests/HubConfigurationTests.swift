import Foundation
import NIOHTTP1
@testable import QuarryHub
import QuarryTesting
import Testing

/// huggingface_hub's environment conventions and the small codecs, without a server.
@Suite struct HubConfigurationTests {
    @Test func theEnvironmentSetsEndpointCacheTokenAndOfflineModeLikeHuggingfaceHub() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var c = HubConfiguration.fromEnvironment(["HF_HOME": dir.path, "HF_ENDPOINT": "http://mirror.local:8080/", "HF_HUB_OFFLINE": "1"])
        #expect(c.endpoint == "http://mirror.local:8080")
        #expect(c.cacheDirectory == dir.path + "/hub")
        #expect(c.offline)
        #expect(c.token == nil)
        #expect(c.endpoint != HubConfiguration().endpoint)

        dir.write("token", "  hf_fromFile \n")
        c = .fromEnvironment(["HF_HOME": dir.path])
        #expect(c.token == "hf_fromFile")
        #expect(!c.offline)
        #expect(c.endpoint == "https://huggingface.co")
        c = .fromEnvironment(["HF_HOME": dir.path, "HUGGING_FACE_HUB_TOKEN": "hf_legacy"])
        #expect(c.token == "hf_legacy")
        c = .fromEnvironment(["HF_HOME": dir.path, "HUGGING_FACE_HUB_TOKEN": "hf_legacy", "HF_TOKEN": "hf_new"])
        #expect(c.token == "hf_new")
        #expect(!c.description.contains("hf_new"))
        c = .fromEnvironment(["XDG_CACHE_HOME": dir.path + "/xdg", "HF_TOKEN_PATH": dir.path + "/token"])
        #expect(c.cacheDirectory == dir.path + "/xdg/huggingface/hub")
        #expect(c.token == "hf_fromFile")
        c = .fromEnvironment(["HF_HOME": dir.path, "HF_HUB_CACHE": dir.path + "/elsewhere"])
        #expect(c.cacheDirectory == dir.path + "/elsewhere")
    }

    @Test func retryAfterComesFromTheHeaderOrTheRateLimitWindow() {
        #expect(HubRetry.retryAfter(HTTPHeaders([("Retry-After", "7")])) == .seconds(7))
        #expect(HubRetry.retryAfter(HTTPHeaders([("RateLimit", "\"api\";r=0;t=42")])) == .seconds(42))
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HubRetry.retryAfter(HTTPHeaders([("Retry-After", "Mon, 12 Jan 1970 13:46:50 GMT")]), now: now) == .seconds(10))
        #expect(HubRetry.retryAfter(HTTPHeaders()) == nil)
        let retry = HubRetry(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(30))
        let limited = HubError(.rateLimited, "x")
        #expect(retry.delay(afterAttempt: 1, error: limited, retryAfter: .seconds(600)) == .seconds(30))
        #expect(retry.delay(afterAttempt: 3, error: limited, retryAfter: .seconds(1)) == nil)
        #expect(retry.delay(afterAttempt: 1, error: HubError(.repoNotFound, "x"), retryAfter: nil) == nil)
        let backoff = retry.delay(afterAttempt: 2, error: HubError(.network, "x"), retryAfter: nil)!
        #expect(backoff >= .seconds(1) && backoff <= .seconds(2))
    }

    @Test func urlsEncodeTheRevisionAsOneSegmentAndLinksArePaginated() {
        #expect(HubAPI.treeURL(endpoint: "https://h", repo: "a/b", revision: "refs/convert/parquet", path: "default/train")
                == "https://h/api/datasets/a/b/tree/refs%2Fconvert%2Fparquet/default/train")
        #expect(HubAPI.resolveURL(endpoint: "https://h", repo: "a/b", revision: "main", path: "x y/0.parquet")
                == "https://h/datasets/a/b/resolve/main/x%20y/0.parquet")
        #expect(HubAPI.nextLink(#"<https://h/api/datasets/a/b/tree/main?cursor=xyz>; rel="next""#) == "https://h/api/datasets/a/b/tree/main?cursor=xyz")
        #expect(HubAPI.nextLink(#"<https://h/x>; rel="prev""#) == nil)
        #expect(Origin("https://huggingface.co/a") == Origin("https://HuggingFace.co:443/b"))
        #expect(Origin("https://huggingface.co/a") != Origin("https://cdn-lfs.hf.co/a"))
        #expect(Origin("http://127.0.0.1:80/a") != Origin("http://127.0.0.1:81/a"))
    }
}
