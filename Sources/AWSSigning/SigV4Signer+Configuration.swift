extension SigV4Signer {
    /// How a service canonicalizes requests. The defaults fit every service except S3; see ``s3``.
    public struct Configuration: Sendable, Hashable {
        /// Remove `.`/`..` segments and repeated `/` from the path before signing. S3: `false`.
        public var normalizesPath: Bool
        /// Encode the path a second time (escapes already in it become `%25XX`). S3: `false`.
        public var doubleEncodesPath: Bool
        /// Send and sign `x-amz-content-sha256` on header-signed requests. S3 requires it: `true`.
        /// It is sent anyway for ``Payload/unsigned``.
        public var sendsContentSHA256Header: Bool
        /// Include the session token in what is signed (`X-Amz-Security-Token` in the signed headers
        /// or the signed query). AWS services expect `true`; a few older services (and the vectors'
        /// `omit_session_token` cases) add the token after signing: `false`.
        public var signsSessionToken: Bool

        /// Creates a configuration; the defaults are those of every AWS service except S3.
        public init(normalizesPath: Bool = true, doubleEncodesPath: Bool = true,
                    sendsContentSHA256Header: Bool = false, signsSessionToken: Bool = true) {
            self.normalizesPath = normalizesPath
            self.doubleEncodesPath = doubleEncodesPath
            self.sendsContentSHA256Header = sendsContentSHA256Header
            self.signsSessionToken = signsSessionToken
        }

        /// S3: the path is signed as sent (no normalization, encoded once) and `x-amz-content-sha256` is sent.
        public static let s3 = Configuration(normalizesPath: false, doubleEncodesPath: false, sendsContentSHA256Header: true)

        /// ``s3`` for the services named `s3` or `s3-object-lambda`, the default configuration otherwise.
        public static func `default`(forService service: String) -> Configuration {
            service == "s3" || service == "s3-object-lambda" ? .s3 : Configuration()
        }
    }
}
