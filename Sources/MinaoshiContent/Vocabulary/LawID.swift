/// An e-Gov 法令ID (https://laws.e-gov.go.jp/docs/law-data-basic/607318a-lawtypes-and-lawid/):
/// the era (1 明治, 2 大正, 3 昭和, 4 平成, 5 令和) and two-digit year of promulgation, the kind, and
/// the number: `AC` 法律, `CO` 政令 and `IO` 勅令, then ten digits: two for who proposed it (00
/// the cabinet; a law proposed by members has 10 or 01: 道路法, 昭和27年法律第180号, is
/// 327AC1000000180) and the number padded to eight (建築基準法, 昭和25年法律第201号:
/// 325AC0000000201); `M` 府省令 with the issuing ministry's eight-digit code and the number padded
/// to three (一般高圧ガス保安規則: 341M50000400053). So an ID is not derived from the 法令番号 alone.
public enum LawID {
    /// Whether `id` has the form above. Only these kinds are accepted: the corpus names no
    /// constitution, 太政官布告 or 規則 of an independent body.
    public static func isWellFormed(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 15, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(bytes[0]), allDigits(bytes[1..<3])
        else {
            return false
        }
        let kind = bytes[3..<5]
        if ["AC", "CO", "IO"].contains(where: { kind.elementsEqual($0.utf8) }) { return allDigits(bytes[5...]) }
        return bytes[3] == UInt8(ascii: "M") && allDigits(bytes[4...])
    }

    /// How an entry says its ID was confirmed: `listed: <where a listing shows the ID with the
    /// law's name>` or `derived: from <法令番号 and proposer, and where they were found>` (by the
    /// scheme above).
    public static let sourcePrefixes = ["listed: ", "derived: "]

    /// The page of the law's text on e-Gov 法令検索.
    public static func url(_ id: String) -> String { "https://laws.e-gov.go.jp/law/\(id)" }

    private static func allDigits(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
