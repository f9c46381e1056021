/// Each document's facet values, per key in the smallest of four encodings; the manifest says
/// which, and where each key's section starts (sections start on a byte). The writer puts each
/// key's section in a file of its own (`facet<k>.<hash>.bin`, offset 0):
/// - `one`: every document has exactly one value: `bits` bits per document, the value index;
/// - `code`: every document has at most one value: `bits` bits per document, 0 for none, value
///   index + 1 otherwise;
/// - `mask`: `bits` (= the key's value count) bits per document, bit v for value v;
/// - `values`: per value, in order, its documents: a bitmap (one bit per document, padded to a
///   byte) or its gaps (as many as the value's count) Rice-coded with a parameter k: gap >> k
///   one-bits, a zero bit, then the gap's k low bits. Each value's section is padded to a byte.
/// Bits fill each byte from its lowest bit. `engine.js` decodes the same.
enum FacetTable {
    /// How one key's documents are coded.
    enum Encoding: Sendable, Equatable {
        case one(bits: Int)
        case code(bits: Int)
        case mask(bits: Int)
        /// One list per value, in value order.
        case values([ValueList])

        /// The encoding's name in the manifest (`encoding`).
        enum Name: String, Sendable, CaseIterable {
            case one, code, mask, values
        }

        var name: Name {
            switch self {
            case .one: .one
            case .code: .code
            case .mask: .mask
            case .values: .values
            }
        }
    }

    /// How one value's documents are coded under `values`: in the manifest, one character of
    /// `kinds` each, `b` for a bitmap or the Rice parameter as a hexadecimal digit.
    enum ValueList: Sendable, Equatable {
        case bitmap
        case rice(Int)
    }

    /// A key's section of the table: its encoding and where it starts. In the manifest:
    /// `{"bits", "encoding", "kinds" (for `values` only), "offset"}`.
    struct Section: Codable, Sendable, Equatable {
        var encoding: Encoding
        var offset: Int

        private enum CodingKeys: String, CodingKey { case bits, encoding, kinds, offset }

        init(_ encoding: Encoding, offset: Int) {
            self.encoding = encoding
            self.offset = offset
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            offset = try container.decode(Int.self, forKey: .offset)
            let name = try container.decode(String.self, forKey: .encoding)
            let bits = try container.decode(Int.self, forKey: .bits)
            switch Encoding.Name(rawValue: name) {
            case .one: encoding = .one(bits: bits)
            case .code: encoding = .code(bits: bits)
            case .mask: encoding = .mask(bits: bits)
            case .values:
                let kinds = try container.decode(String.self, forKey: .kinds)
                encoding = .values(
                    try kinds.map { kind in
                        if kind == "b" { return .bitmap }
                        guard let rice = Int(String(kind), radix: 16) else {
                            throw DecodingError.dataCorruptedError(
                                forKey: .kinds, in: container, debugDescription: "not a value list kind: \(kind)")
                        }
                        return .rice(rice)
                    })
            case nil:
                throw DecodingError.dataCorruptedError(
                    forKey: .encoding, in: container, debugDescription: "unknown encoding \(name)")
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(encoding.name.rawValue, forKey: .encoding)
            try container.encode(offset, forKey: .offset)
            switch encoding {
            case .one(let bits), .code(let bits), .mask(let bits):
                try container.encode(bits, forKey: .bits)
            case .values(let lists):
                try container.encode(0, forKey: .bits)
                try container.encode(
                    String(
                        lists.map { list -> Character in
                            switch list {
                            case .bitmap: "b"
                            case .rice(let k): Character(String(k, radix: 16))
                            }
                        }), forKey: .kinds)
            }
        }
    }

    static func bitsFor(_ count: Int) -> Int { Int.bitWidth - count.leadingZeroBitCount }

    /// `rows[document][key]` are value indices; `valueCounts[key]` how many values each key has.
    /// `allowed` narrows the encodings tried (tests use it to reach each one); `values` is always
    /// possible, and is used when none allowed is.
    static func encode(
        _ rows: [[[Int]]], valueCounts: [Int],
        allowed: Set<Encoding.Name> = Set(Encoding.Name.allCases)
    ) -> (bytes: [UInt8], keys: [Section]) {
        var bytes: [UInt8] = []
        var keys: [Section] = []
        for (k, values) in valueCounts.enumerated() {
            var candidates: [(Encoding, [UInt8])] = []
            if values > 0, rows.allSatisfy({ $0[k].count == 1 }) {
                let bits = bitsFor(values - 1)
                candidates.append((.one(bits: bits), pack(rows.map { $0[k][0] }, bits: bits)))
            } else if rows.allSatisfy({ $0[k].count <= 1 }) {
                let bits = bitsFor(values)
                candidates.append(
                    (.code(bits: bits), pack(rows.map { row in row[k].first.map { $0 + 1 } ?? 0 }, bits: bits)))
            }
            if values <= 62 {
                candidates.append(
                    (.mask(bits: values), pack(rows.map { row in row[k].reduce(0) { $0 | 1 << $1 } }, bits: values)))
            }
            var lists = [[Int]](repeating: [], count: values)
            for (document, row) in rows.enumerated() {
                // Most documents have one value or none: no set to make.
                for value in row[k].count <= 1 ? row[k] : Set(row[k]).sorted() { lists[value].append(document) }
            }
            var section: [UInt8] = [], kinds: [ValueList] = []
            for list in lists {
                let bitmap = (rows.count + 7) / 8
                // The Rice parameter that codes this list's gaps in the fewest bits.
                let gaps = zip([-1] + list.dropLast(), list).map { $1 - $0 - 1 }
                let (bits, k) = (0..<16).map { k in (gaps.reduce(0) { $0 + ($1 >> k) + 1 + k }, k) }.min {
                    $0.0 < $1.0
                }!
                if bitmap <= (bits + 7) / 8 {
                    var map = [UInt8](repeating: 0, count: bitmap)
                    for document in list { map[document >> 3] |= 1 << UInt8(document & 7) }
                    section += map; kinds.append(.bitmap)
                } else {
                    var writer = BitWriter()
                    for gap in gaps {
                        for _ in 0..<(gap >> k) { writer.append(1) }
                        writer.append(0)
                        for bit in 0..<k { writer.append(gap >> bit & 1) }
                    }
                    section += writer.bytes; kinds.append(.rice(k))
                }
            }
            candidates.append((.values(kinds), section))
            candidates.removeAll { !allowed.contains($0.0.name) }
            if candidates.isEmpty { candidates.append((.values(kinds), section)) }
            let best = candidates.min { $0.1.count < $1.1.count }!
            keys.append(Section(best.0, offset: bytes.count))
            bytes += best.1
        }
        return (bytes, keys)
    }

    /// Bits appended from each byte's lowest bit on.
    struct BitWriter {
        var bytes: [UInt8] = []
        var count = 0
        mutating func append(_ bit: Int) {
            if count & 7 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= UInt8(bit & 1) << UInt8(count & 7)
            count += 1
        }
    }

    static func pack(_ codes: [Int], bits: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (codes.count * bits + 7) / 8)
        for (index, code) in codes.enumerated() where code != 0 {
            for bit in 0..<bits where code >> bit & 1 != 0 {
                let at = index * bits + bit
                bytes[at >> 3] |= 1 << UInt8(at & 7)
            }
        }
        return bytes
    }

    /// `rows[document][key]`: value indices, ascending. `counts[key][value]`: the value's documents.
    /// Nil when the bytes are not what `encode` writes for them (a damaged index: `DamagedIndex`):
    /// too few, a document or a value out of range, widths the manifest could not have.
    static func decode(_ bytes: [UInt8], keys: [Section], counts: [[Int]], documents: Int) -> [[[Int]]]? {
        guard documents >= 0, counts.count >= keys.count else { return nil }
        var rows = [[[Int]]](repeating: [[Int]](repeating: [], count: keys.count), count: documents)
        for (k, key) in keys.enumerated() {
            guard key.offset >= 0, key.offset <= bytes.count else { return nil }
            let values = counts[k].count
            let bits: Int
            switch key.encoding {
            case .values(let lists):
                guard lists.count <= values else { return nil }
                var offset = key.offset
                for (value, list) in lists.enumerated() {
                    switch list {
                    case .bitmap:
                        guard (documents + 7) / 8 <= bytes.count - offset else { return nil }
                        for document in 0..<documents
                        where bytes[offset + document >> 3] >> UInt8(document & 7) & 1 != 0 {
                            rows[document][k].append(value)
                        }
                        offset += (documents + 7) / 8
                    case .rice(let rice):
                        guard (0..<32).contains(rice), (0...documents).contains(counts[k][value]) else { return nil }
                        var bit = offset * 8, document = -1
                        func next() -> Int? {
                            guard bit >> 3 < bytes.count else { return nil }
                            defer { bit += 1 }
                            return Int(bytes[bit >> 3] >> UInt8(bit & 7) & 1)
                        }
                        for _ in 0..<counts[k][value] {
                            var gap = 0
                            while true {
                                guard let one = next() else { return nil }
                                if one == 0 { break }
                                gap += 1 << rice
                                if gap >= documents { return nil }
                            }
                            for b in 0..<rice {
                                guard let one = next() else { return nil }
                                gap |= one << b
                            }
                            guard gap < documents - 1 - document else { return nil }
                            document += gap + 1
                            rows[document][k].append(value)
                        }
                        offset = (bit + 7) / 8
                    }
                }
                continue
            case .one(let count), .code(let count), .mask(let count):
                bits = count
            }
            guard (0...62).contains(bits), documents * bits <= (bytes.count - key.offset) * 8 else { return nil }
            for document in 0..<documents {
                var code = 0
                for b in 0..<bits {
                    let at = document * bits + b
                    if bytes[key.offset + at >> 3] >> UInt8(at & 7) & 1 != 0 { code |= 1 << b }
                }
                switch key.encoding {
                case .one:
                    guard code < values else { return nil }
                    rows[document][k] = [code]
                case .code:
                    guard code <= values else { return nil }
                    if code > 0 { rows[document][k] = [code - 1] }
                case .mask, .values:
                    guard bits <= values else { return nil }
                    rows[document][k] = (0..<bits).filter { code >> $0 & 1 != 0 }
                }
            }
        }
        return rows
    }
}
