import Parquet
import Testing

@Suite("ParquetValue rendering")
struct ValueRenderingTests {
    @Test("dates, times and timestamps render as ISO 8601", arguments: [
        (ParquetValue.date(0), "1970-01-01"),
        (.date(-1), "1969-12-31"),
        (.date(19_723), "2024-01-01"),
        (.date(11_016), "2000-02-29"),
        (.time(3_723_004, unit: .milliseconds), "01:02:03.004"),
        (.time(45_296_000_000, unit: .microseconds), "12:34:56"),
        (.timestamp(1_700_000_000_123, unit: .milliseconds, isAdjustedToUTC: true), "2023-11-14T22:13:20.123Z"),
        (.timestamp(-1, unit: .microseconds, isAdjustedToUTC: false), "1969-12-31T23:59:59.999999"),
        (.timestamp(1_500_000_000, unit: .nanoseconds, isAdjustedToUTC: false), "1970-01-01T00:00:01.5"),
    ])
    func temporal(value: ParquetValue, text: String) {
        #expect(value.displayText == text)
        #expect(value.jsonText == "\"\(text)\"")
    }

    @Test("decimals are exact")
    func decimals() {
        #expect(ParquetDecimal(unscaled: -150, scale: 2, precision: 9).description == "-1.50")
        #expect(ParquetDecimal(unscaled: 5, scale: 3, precision: 9).description == "0.005")
        #expect(ParquetDecimal(unscaled: 0, scale: 2, precision: 9).description == "0.00")
        #expect(ParquetDecimal(unscaled: 12, scale: 0, precision: 9).description == "12")
        let big = ParquetDecimal("-12345678901234567890123456.0123456789", scale: 10, precision: 38)
        #expect(big?.description == "-12345678901234567890123456.0123456789")
        #expect(ParquetDecimal("1.234", scale: 2, precision: 9) == nil)
        #expect(ParquetDecimal("12.3", scale: 2, precision: 9)?.unscaledInt64 == 1230)
        #expect(ParquetValue.decimal(ParquetDecimal(unscaled: 1, scale: 1, precision: 2)).jsonText == "0.1")
        // Absurdly wide decimals (hostile files) render as hex instead of taking quadratic time.
        let wide = ParquetDecimal(unscaledBigEndian: [0x01] + [UInt8](repeating: 0, count: 4096), scale: 2, precision: 38)
        #expect(wide.description.hasPrefix("0x01000000"))
    }

    @Test("JSON text of nested values")
    func json() {
        let v = ParquetValue.group([
            .init(name: "s", value: .string("a\"b\\c\n\u{01}é")),
            .init(name: "l", value: .list([.int32(1), .null, .double(2.5), .float(.nan)])),
            .init(name: "m", value: .map([.init(key: .string("k"), value: .bool(true))])),
            .init(name: "mi", value: .map([.init(key: .int64(1), value: .uint64(.max))])),
            .init(name: "b", value: .bytes([0, 1, 2, 255])),
            .init(name: "u", value: .uuid(Array(0..<16))),
        ])
        #expect(v.jsonText == #"{"s":"a\"b\\c\n\u0001é","l":[1,null,2.5,null],"m":{"k":true},"mi":[[1,18446744073709551615]],"b":"AAEC/w==","u":"00010203-0405-0607-0809-0a0b0c0d0e0f"}"#)
        #expect(v[field: "s"] == .string("a\"b\\c\n\u{01}é"))
        #expect(v[field: "missing"] == nil)
    }

    @Test("display text is what a user expects")
    func display() {
        #expect(ParquetValue.null.displayText == "")
        #expect(ParquetValue.string("plain").displayText == "plain")
        #expect(ParquetValue.double(0.1).displayText == "0.1")
        #expect(ParquetValue.float(1.5).displayText == "1.5")
        #expect(ParquetValue.int64(-7).displayText == "-7")
        #expect(ParquetValue.bytes(Array("hi".utf8)).displayText == "hi")
        #expect(ParquetValue.list([.string("a")]).displayText == #"["a"]"#)
        #expect(ParquetValue.double(.infinity).displayText == "Infinity")
    }
}
