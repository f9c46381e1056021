import MinaoshiTestSupport
import Testing

@testable import MinaoshiSupport

@Suite("slugify")
struct SlugTests {
    @Test(
        "Examples",
        arguments: [
            ("見直し後の規制（2023年）", "見直し後の規制-2023年"),
            ("Drone Inspection!", "drone-inspection"),
            ("ＡＢＣ１２３", "abc123"),  // full-width Latin and digits → half-width (NFKC)
            ("ｶﾀｶﾅ", "カタカナ"),  // half-width katakana → full-width
            ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),  // with voiced marks composed
            ("①　デジタル原則", "1-デジタル原則"),  // circled digit folds; ideographic space is a gap
            ("  -- Hello,   World --  ", "hello-world"),  // no leading, trailing or doubled dashes
            ("snake_case と CamelCase", "snake_case-と-camelcase"),
            ("データ・サイエンス", "データ-サイエンス"),
            ("々ーヶ", "々ーヶ"),  // iteration and prolonged sound marks are letters
            ("Café Crème", "café-crème"),
            ("！？……", ""),
            ("", "")
        ])
    func slugs(input: String, expected: String) {
        #expect(slugify(input) == expected)
    }

    /// The fast path decides ASCII, kana and ideographs without the property tables: for every
    /// scalar it claims to know, alone, in upper case and between others, it must agree with them.
    @Test("The fast path agrees with Unicode's properties on every scalar it knows")
    func fastPathAgreesWithProperties() {
        var known: [Unicode.Scalar] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), let mapped = scalar.nfkcAlone, keptInSlug(mapped) != nil else {
                continue
            }
            known.append(scalar)
            let text = "A\(scalar)b \(scalar)"
            #expect(slugify(text) == slugByProperties(text), "U+\(String(value, radix: 16))")
        }
        #expect(known.count > 20_000, "ASCII, the full-width forms, kana and the unified ideographs")
        var generator = SplitMix(seed: 5)
        for _ in 0..<2_000 {
            let text = String(
                String.UnicodeScalarView(
                    (0..<Int(generator.next() % 12)).map { _ in known[Int(generator.next() % UInt64(known.count))] }))
            #expect(slugify(text) == slugByProperties(text), "\(text.debugDescription)")
        }
    }

    @Test("A slug is already in NFKC and lower case, so slugifying it again changes nothing")
    func idempotent() {
        for text in ["見直し後の規制（2023年）", "ＡＢＣ１２３", "ｶﾀｶﾅ", "Drone Inspection!"] {
            #expect(slugify(slugify(text)) == slugify(text))
        }
    }
}

@Suite("UniqueIDAllocator")
struct UniqueIDAllocatorTests {
    @Test("Repeats get -1, -2, …")
    func duplicates() {
        var ids = UniqueIDAllocator()
        #expect(["概要", "概要", "概要", "詳細"].map { ids.allocate(for: $0) } == ["概要", "概要-1", "概要-2", "詳細"])
    }

    @Test("Texts with the same slug share the counter")
    func sameSlug() {
        var ids = UniqueIDAllocator()
        #expect(["ＡＢＣ", "abc", "A.B.C", "abc!"].map { ids.allocate(for: $0) } == ["abc", "abc-1", "a-b-c", "abc-2"])
    }

    @Test("No letters or digits: the fallback, numbered like any other id")
    func fallback() {
        var ids = UniqueIDAllocator()
        #expect(["！？", "", "——"].map { ids.allocate(for: $0) } == ["section", "section-1", "section-2"])
        var custom = UniqueIDAllocator(fallback: "heading")
        #expect(custom.allocate(for: "…") == "heading")
    }

    @Test("A suffix never collides with a text whose own slug looks numbered")
    func suffixCollision() {
        var ids = UniqueIDAllocator()
        #expect(["a-1", "a", "a", "a-1"].map { ids.allocate(for: $0) } == ["a-1", "a", "a-2", "a-1-1"])
    }

    @Test("Reserved ids are never handed out")
    func reserved() {
        var ids = UniqueIDAllocator(reserved: ["fn-1", "概要"])
        #expect(ids.allocate(for: "fn-1") == "fn-1-1")
        #expect(ids.allocate(for: "概要") == "概要-1")
        #expect(ids.allocate(for: "本文") == "本文")
    }
}
