import Parquet

/// Deterministic rows covering every writable type, nullable and nested.
enum SampleData {
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var z = state
            z = (z ^ (z >> 33)) &* 0xff51afd7ed558ccd
            return z ^ (z >> 33)
        }
        mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
            let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
            return range.lowerBound &+ Int64(bitPattern: span == 0 ? next() : next() % span)
        }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
        mutating func double() -> Double { Double(next() % 1_000_000_007) / 1_000_000_007 }
    }

    static let fields: [ParquetField] = [
        ParquetField("id", .int64, nullable: false),
        ParquetField("flag", .boolean),
        ParquetField("i8", .int8), ParquetField("i16", .int16), ParquetField("i32", .int32), ParquetField("i64", .int64),
        ParquetField("u8", .uint8), ParquetField("u16", .uint16), ParquetField("u32", .uint32), ParquetField("u64", .uint64),
        ParquetField("f32", .float), ParquetField("f64", .double),
        ParquetField("s", .string), ParquetField("uniq", .string, nullable: false),
        ParquetField("bin", .binary), ParquetField("fixed", .fixedBinary(3)), ParquetField("uid", .uuid),
        ParquetField("d", .date), ParquetField("t_ms", .time(.milliseconds)), ParquetField("t_us", .time(.microseconds)),
        ParquetField("t_ns", .time(.nanoseconds)),
        ParquetField("ts_ms", .timestamp(.milliseconds, isAdjustedToUTC: false)),
        ParquetField("ts_us", .timestamp(.microseconds, isAdjustedToUTC: true)),
        ParquetField("ts_ns", .timestamp(.nanoseconds, isAdjustedToUTC: false)),
        ParquetField("i96", .int96Timestamp),
        ParquetField("dec9", .decimal(precision: 9, scale: 2)), ParquetField("dec18", .decimal(precision: 18, scale: 4)),
        ParquetField("dec38", .decimal(precision: 38, scale: 10)),
        ParquetField("j", .json), ParquetField("e", .enumeration),
        ParquetField("emb", .list(ParquetField("element", .float, nullable: false)), nullable: false),
        ParquetField("lst", .list(ParquetField("element", .int32))),
        ParquetField("nested", .list(ParquetField("element", .list(ParquetField("element", .string))))),
        ParquetField("st", .group([
            ParquetField("a", .int32), ParquetField("b", .string),
            ParquetField("c", .list(ParquetField("element", .int64))),
            ParquetField("inner", .group([ParquetField("x", .double)])),
        ])),
        ParquetField("mp", .map(key: ParquetField("key", .string, nullable: false), value: ParquetField("value", .int32))),
        ParquetField("lst_st", .list(ParquetField("element", .group([ParquetField("x", .double, nullable: false), ParquetField("y", .string)])))),
    ]

    static let words = ["alpha", "beta", "gamma", "δέλτα", "", "emoji 🎉", "a\"quote", "new\nline", "repeat"]

    static func rows(_ n: Int, seed: UInt64 = 1) -> [[ParquetValue]] {
        var r = RNG(state: seed)
        func maybe(_ p: Double, _ v: @autoclosure () -> ParquetValue) -> ParquetValue { r.chance(p) ? .null : v() }
        var out: [[ParquetValue]] = []
        for i in 0..<n {
            var row: [ParquetValue] = []
            row.append(.int64(Int64(i)))
            row.append(maybe(0.2, .bool(r.chance(0.5))))
            row.append(maybe(0.1, .int32(Int32(r.int(-128...127)))))
            row.append(maybe(0.1, .int32(Int32(r.int(-32768...32767)))))
            row.append(maybe(0.1, .int32(Int32(r.int(Int64(Int32.min)...Int64(Int32.max))))))
            row.append(maybe(0.1, .int64(r.int(Int64.min...Int64.max))))
            row.append(maybe(0.1, .int32(Int32(r.int(0...255)))))
            row.append(maybe(0.1, .int32(Int32(r.int(0...65535)))))
            row.append(maybe(0.1, .int64(r.int(0...Int64(UInt32.max)))))
            row.append(maybe(0.1, .uint64(r.next())))
            let specials: [Double] = [.infinity, -.infinity, -0.0, .nan]
            row.append(maybe(0.1, .float(r.chance(0.1) ? Float(specials[Int(r.next() % 4)]) : Float(r.double() * 2e6 - 1e6))))
            row.append(maybe(0.1, .double(r.chance(0.1) ? specials[Int(r.next() % 4)] : r.double() * 2e12 - 1e12)))
            row.append(maybe(0.15, .string(words[Int(r.next() % UInt64(words.count))])))
            row.append(.string("unique-\(i)-\(r.next() % 1000)"))
            row.append(maybe(0.15, .bytes((0..<Int(r.next() % 9)).map { _ in UInt8(r.next() & 0xFF) })))
            row.append(maybe(0.15, .bytes((0..<3).map { _ in UInt8(r.next() & 0xFF) })))
            row.append(maybe(0.2, .uuid((0..<16).map { _ in UInt8(r.next() & 0xFF) })))
            row.append(maybe(0.1, .date(Int32(r.int(-30000...30000)))))
            row.append(maybe(0.1, .time(r.int(0...86_399_999), unit: .milliseconds)))
            row.append(maybe(0.1, .time(r.int(0...86_399_999_999), unit: .microseconds)))
            row.append(maybe(0.1, .time(r.int(0...86_399_999_999_999), unit: .nanoseconds)))
            row.append(maybe(0.1, .timestamp(r.int(-(1 << 40)...(1 << 40)), unit: .milliseconds, isAdjustedToUTC: false)))
            row.append(maybe(0.1, .timestamp(r.int(-(1 << 50)...(1 << 50)), unit: .microseconds, isAdjustedToUTC: true)))
            row.append(maybe(0.1, .timestamp(r.int(-(1 << 62)...(1 << 62)), unit: .nanoseconds, isAdjustedToUTC: false)))
            row.append(maybe(0.1, .timestamp(r.int(-(1 << 60)...(1 << 60)), unit: .nanoseconds, isAdjustedToUTC: false)))
            row.append(maybe(0.1, .decimal(ParquetDecimal(unscaled: r.int(-999_999_999...999_999_999), scale: 2, precision: 9))))
            row.append(maybe(0.1, .decimal(ParquetDecimal(unscaled: r.int(-999_999_999_999_999_999...999_999_999_999_999_999), scale: 4, precision: 18))))
            let big = "\(r.next() % 10_000_000_000_000_000_000)\(r.next() % 1_000_000_000_000_000_000)"
            row.append(maybe(0.1, .decimal(ParquetDecimal(String(big.prefix(28)) + "." + String(r.next() % 10_000_000_000), scale: 10, precision: 38)!)))
            row.append(maybe(0.2, .string("{\"k\": \(r.next() % 100)}")))
            row.append(maybe(0.2, .string(["RED", "GREEN", "BLUE"][Int(r.next() % 3)])))
            row.append(.list((0..<8).map { _ in .float(Float(r.double() * 2 - 1)) }))
            row.append(maybe(0.15, .list((0..<Int(r.next() % 5)).map { _ in maybe(0.2, .int32(Int32(r.int(-5...5)))) })))
            row.append(maybe(0.1, .list((0..<Int(r.next() % 4)).map { _ in
                maybe(0.2, .list((0..<Int(r.next() % 4)).map { _ in maybe(0.2, .string(words[Int(r.next() % UInt64(words.count))])) }))
            })))
            row.append(maybe(0.15, .group([
                .init(name: "a", value: maybe(0.2, .int32(Int32(r.int(0...100))))),
                .init(name: "b", value: maybe(0.2, .string(words[Int(r.next() % UInt64(words.count))]))),
                .init(name: "c", value: maybe(0.2, .list((0..<Int(r.next() % 4)).map { _ in .int64(r.int(0...9)) }))),
                .init(name: "inner", value: maybe(0.3, .group([.init(name: "x", value: maybe(0.3, .double(r.double())))]))),
            ])))
            row.append(maybe(0.15, .map((0..<Int(r.next() % 4)).map { k in
                .init(key: .string(words[Int(r.next() % UInt64(words.count))] + "\(k)"), value: maybe(0.2, .int32(Int32(r.int(0...1000)))))
            })))
            row.append(maybe(0.1, .list((0..<Int(r.next() % 4)).map { _ in
                maybe(0.1, .group([.init(name: "x", value: .double(r.double())),
                                   .init(name: "y", value: maybe(0.3, .string(words[Int(r.next() % UInt64(words.count))])))]))
            })))
            out.append(row)
        }
        return out
    }
}
