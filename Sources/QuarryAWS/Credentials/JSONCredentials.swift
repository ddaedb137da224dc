public import AWSSigning
import Foundation

/// The JSON credential documents of the container endpoint, IMDS and `credential_process`:
/// `AccessKeyId`, `SecretAccessKey`, `Token` or `SessionToken`, `Expiration`.
enum JSONCredentials {
    static func decode(_ bytes: [UInt8], source: String) throws -> AWSCredentials {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw AWSError(kind: .invalidResponse, code: "InvalidCredentialsDocument",
                           message: "\(source) did not return a JSON credentials object")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw AWSError.credentialSource("CredentialsUnavailable", "\(source) reported \(code)")
        }
        guard let accessKey = object["AccessKeyId"] as? String, !accessKey.isEmpty,
              let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else {
            throw AWSError(kind: .invalidResponse, code: "InvalidCredentialsDocument",
                           message: "\(source) returned JSON without AccessKeyId and SecretAccessKey")
        }
        var expiration: Date?
        if let text = object["Expiration"] as? String {
            guard let date = ISO8601.parse(text) else {
                throw AWSError(kind: .invalidResponse, code: "InvalidCredentialsDocument",
                               message: "\(source) returned an Expiration that is not an ISO 8601 time")
            }
            expiration = date
        }
        let token = (object["Token"] as? String) ?? (object["SessionToken"] as? String)
        return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secret,
                              sessionToken: token?.isEmpty == true ? nil : token, expiration: expiration)
    }
}
