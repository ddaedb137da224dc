import Hummingbird

/// Sends requests no route claims to S3. The router's trie does not backtrack, so a path that
/// starts like a Bedrock route but is not one (`PUT /model`, `GET /model/key`) would otherwise get
/// the router's bare 404; S3 answers it in its own format instead.
struct S3FallbackMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let handler: EmulatorHandler

    func handle(_ request: Request, context: BasicRequestContext,
                next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return await handler.handleS3(request)
        }
    }
}
