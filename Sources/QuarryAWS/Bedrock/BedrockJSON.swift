import Foundation
import NIOCore

/// JSON coding for the Bedrock rest-json APIs: ISO 8601 timestamps (fractional seconds accepted,
/// epoch seconds too), keys sorted so a body is reproducible.
enum BedrockJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSince1970: seconds) }
            let text = try container.decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 timestamp")
            }
            return date
        }
        return decoder
    }

    static func decode<T: Decodable>(_ type: T.Type, from response: AWSResponse, operation: String) throws -> T {
        do {
            return try decoder().decode(type, from: Data(response.body.readableBytesView))
        } catch {
            throw AWSError(kind: .invalidResponse, code: "InvalidJSON",
                           message: "Bedrock returned JSON that does not match \(T.self): \(Self.describe(error))",
                           httpStatus: response.status, requestId: response.requestId, operation: operation, underlying: error)
        }
    }

    /// Which field failed, without the document's values.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable" }
        switch error {
        case .keyNotFound(let key, let context): return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "unreadable"
        }
    }
}
