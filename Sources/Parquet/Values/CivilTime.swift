/// Calendar arithmetic for rendering dates and times (proleptic Gregorian, UTC).
enum CivilTime {
    /// (year, month, day) for a count of days since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days since 1970-01-01 for a civil date.
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func dateString(days: Int64) -> String {
        let (y, m, d) = civil(fromDays: days)
        let ys = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(ys)-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))"
    }

    /// `HH:MM:SS[.fraction]` for a duration since midnight; the fraction is trimmed of trailing zeros.
    static func timeString(_ value: Int64, unit: TimeUnit) -> String {
        let per = unit.perSecond
        var secs = value / per
        var frac = value % per
        if frac < 0 { frac += per; secs -= 1 }
        let h = secs / 3600, mi = (secs % 3600) / 60, s = secs % 60
        var out = "\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))"
        if frac != 0 {
            let width = unit == .milliseconds ? 3 : unit == .microseconds ? 6 : 9
            var f = pad(frac, width)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out
    }

    /// ISO 8601 text for an instant since the epoch.
    static func timestampString(_ value: Int64, unit: TimeUnit, utc: Bool) -> String {
        let per = unit.perSecond
        let perDay = per * 86_400
        var days = value / perDay
        var rem = value % perDay
        if rem < 0 { rem += perDay; days -= 1 }
        return dateString(days: days) + "T" + timeString(rem, unit: unit) + (utc ? "Z" : "")
    }
}
