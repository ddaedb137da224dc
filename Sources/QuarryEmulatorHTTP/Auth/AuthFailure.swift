/// Why a request's SigV4 signature was refused. Each case maps to the error AWS answers with
/// (``S3ErrorResponse`` for S3, rest-json for Bedrock). Messages name no secret and no signature.
struct AuthFailure: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// No `Authorization` header and no presigned query.
        case missing
        /// The header or query is not a well-formed SigV4 authorization.
        case malformed
        /// The access key id is not one the server knows.
        case unknownAccessKey
        /// The recomputed signature differs.
        case signatureMismatch
        /// The request time is more than the allowed skew away from the server's clock.
        case skewed
        /// A presigned URL past its expiry.
        case expired
        /// A payload signing mode the server does not implement.
        case unsupported
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
