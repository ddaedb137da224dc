import Foundation

/// The two timestamp formats S3 writes: ISO 8601 with milliseconds in XML, RFC 1123 in headers.
enum HTTPDates {
    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    private static func rfc1123Formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }

    static func rfc1123(_ date: Date) -> String { rfc1123Formatter().string(from: date) }

    /// Parses `Tue, 27 Mar 2007 19:36:42 GMT` (or a numeric zone such as `+0000`).
    static func parseRFC1123(_ text: String) -> Date? {
        let f = rfc1123Formatter()
        if let date = f.date(from: text) { return date }
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.date(from: text)
    }
}
