import HTTPTypes
import Hummingbird

extension SigV4Verifier.IncomingRequest {
    /// The parts of a Hummingbird request that SigV4 covers: the raw target and the headers with
    /// lowercase names, `host` restored from the `:authority` that HTTP types moved it to.
    init(_ request: Request) {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count + 1)
        if let authority = request.head.authority { headers.append(("host", authority)) }
        for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
        self.init(method: request.method.rawValue, target: request.head.path ?? "/", headers: headers)
    }
}
