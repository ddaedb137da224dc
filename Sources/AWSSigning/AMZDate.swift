import Foundation

/// A SigV4 timestamp: `yyyyMMdd'T'HHmmss'Z'` in UTC, computed arithmetically (no formatter).
struct AMZDate {
    /// `20150830T123600Z`.
    var timestamp: String
    /// Days since 1970-01-01: the signing-key cache key.
    var day: Int

    /// `20150830`.
    var dateStamp: Substring { timestamp.prefix(8) }

    init(_ date: Date) throws(SigV4Error) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, interval >= 0, interval < 253_402_300_800 else {
            throw SigV4Error(code: .invalidDate, message: "The signing date must be between 1970 and 9999; pass the current time")
        }
        let seconds = Int(interval.rounded(.down))
        let day = seconds / 86_400
        let secondOfDay = seconds % 86_400
        // Civil date from days (Howard Hinnant's algorithm).
        let z = day + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dayOfMonth = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)

        var out: [UInt8] = []
        out.reserveCapacity(16)
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(0x30 + v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        put(year, digits: 4)
        put(month, digits: 2)
        put(dayOfMonth, digits: 2)
        out.append(0x54)
        put(secondOfDay / 3600, digits: 2)
        put(secondOfDay / 60 % 60, digits: 2)
        put(secondOfDay % 60, digits: 2)
        out.append(0x5A)
        self.timestamp = String(decoding: out, as: UTF8.self)
        self.day = day
    }
}
