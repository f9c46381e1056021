import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The index-time tokenizer (`IndexTokenizer`, what the posting builder reads documents with)
/// against `SearchTokenizer` (what queries, the golden vectors and `tokenizer.js` follow): its
/// positioned terms must be `SearchTokenizer.tokens`, term for term and position for position,
/// and what it adds (each CJK run's last unigram, its character lists, its 3- and 4-grams) must follow from
/// `SearchTokenizer.runs`. Otherwise a query could miss a document the index holds.
@Suite struct IndexTokenizerTests {
    /// What the index tokenizer made of a text, as strings.
    struct Indexed: Equatable, CustomStringConvertible {
        /// Terms with positions, in the order made.
        var terms: [Token] = []
        /// 3- and 4-grams with their field (0 title, 1 labels, 2 body), in the order made.
        var grams: [Gram] = []
        /// The tokens `add` says it made (the body's count is BM25's length).
        var made = 0

        struct Token: Equatable { var term: String; var position: Int }
        struct Gram: Equatable { var term: String; var field: Int }

        var description: String {
            "terms \(terms.map { "\($0.term)@\($0.position)" }) grams \(grams.map { "\($0.term)/\($0.field)" }) made \(made)"
        }
    }

    static func text(of name: PostingBuilder.TermName) -> String {
        switch name {
        case .cjk(let key): IndexTokenizer.term(key)
        case .gram(let key): IndexTokenizer.term(key)
        case .word(let text): text
        }
    }

    /// The index tokenizer's terms, positions and grams, as strings.
    static func collect(_ tokenizer: IndexTokenizer, _ chunk: PostingBuilder.ChunkTerms, made: Int) -> Indexed {
        Indexed(
            terms: tokenizer.terms.elements.map {
                .init(term: text(of: chunk.names[Int($0.term)]), position: Int($0.position))
            },
            grams: tokenizer.grams.elements.map {
                .init(term: text(of: chunk.names[Int($0 >> 2)]), field: Int($0 & 3))
            },
            made: made)
    }

    /// `text` through the index tokenizer, from position 0, as a title is read.
    static func indexed(_ text: String) -> (Indexed, PostingBuilder.ChunkTerms) {
        var chunk = PostingBuilder.ChunkTerms(), tokenizer = IndexTokenizer()
        defer { tokenizer.release() }
        let made = tokenizer.add(text, into: &chunk)
        return (collect(tokenizer, chunk, made: made), chunk)
    }

    /// What the index tokenizer must make of `runs` (`SearchTokenizer.runs`): each run's tokens at
    /// their positions, then, for a CJK run of more than one scalar, the unigram of its last
    /// scalar at the position after its last token; for every CJK run, the list of each of its
    /// characters (`SearchIndexLayout.characterList`) in the field of the position of the token
    /// it begins; and for a CJK run of three scalars or more, its 3-grams and 4-grams, by where
    /// they start (the 3-gram first), in the field of `field`.
    static func expected(_ runs: [SearchTokenizer.Run], field: Int, into result: inout Indexed) {
        for run in runs {
            result.terms += run.tokens.enumerated().map { .init(term: $1, position: run.start + $0) }
            result.made += run.tokens.count
            let scalars = Array(run.text.unicodeScalars)
            guard run.kind == .cjk else { continue }
            // Each character begins one bigram or unigram, at the run's start plus its offset.
            let lists = scalars.enumerated().map { offset, scalar in
                Indexed.Gram(
                    term: SearchIndexLayout.characterList(String(Character(scalar))),
                    field: SearchIndexLayout.field(run.start + offset))
            }
            guard scalars.count > 1 else {
                result.grams += lists
                continue
            }
            result.terms.append(
                .init(term: SearchTokenizer.string(scalars.suffix(1)), position: run.start + run.tokens.count))
            result.grams += lists
            guard scalars.count >= 3 else { continue }
            for start in 0..<(scalars.count - 2) {
                result.grams.append(.init(term: SearchTokenizer.string(scalars[start..<start + 3]), field: field))
                if start + 4 <= scalars.count {
                    result.grams.append(.init(term: SearchTokenizer.string(scalars[start..<start + 4]), field: field))
                }
            }
        }
    }

    static func expected(_ text: String) -> Indexed {
        var result = Indexed()
        expected(SearchTokenizer.runs(text), field: 0, into: &result)
        return result
    }

    /// The terms `SearchTokenizer.tokens` gives, from the index's: its end-of-run unigrams left out
    /// (they sit at the position after their run's last token, which no token of a run takes).
    static func queryTerms(_ indexed: Indexed, _ text: String) -> [SearchTokenizer.Token] {
        let ends = Set(
            SearchTokenizer.runs(text).filter { $0.kind == .cjk && $0.text.unicodeScalars.count > 1 }
                .map { $0.start + $0.tokens.count })
        return indexed.terms.filter { !ends.contains($0.position) }.map {
            SearchTokenizer.Token(term: $0.term, position: $0.position)
        }
    }

    static func check(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (indexed, chunk) = indexed(text)
        #expect(
            queryTerms(indexed, text) == SearchTokenizer.tokens(text), "\(text.debugDescription)",
            sourceLocation: sourceLocation)
        #expect(indexed == expected(text), "\(text.debugDescription)", sourceLocation: sourceLocation)
        // One number per term: a term numbered twice would split its posting list.
        #expect(Set(chunk.names).count == chunk.names.count, "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func everyGoldenVectorIndexesAsTheQueryTokenizerReadsIt() {
        #expect(TokenizerTests.golden.count >= 200)
        for vector in TokenizerTests.golden {
            let (indexed, _) = Self.indexed(vector.input)
            let terms = Self.queryTerms(indexed, vector.input)
            #expect(terms.map(\.term) == vector.tokens, "input \(vector.input)")
            #expect(terms.map(\.position) == vector.positions, "input \(vector.input)")
            Self.check(vector.input)
        }
    }

    @Test func aRunGivesItsBigramsItsLastUnigramAndItsGrams() {
        let (indexed, _) = Self.indexed("近接目視 ai")
        #expect(
            indexed.terms == [
                .init(term: "近接", position: 0), .init(term: "接目", position: 1), .init(term: "目視", position: 2),
                .init(term: "視", position: 3), .init(term: "ai", position: 4)
            ])
        #expect(
            indexed.grams == [
                .init(term: "近*", field: 0), .init(term: "接*", field: 0), .init(term: "目*", field: 0),
                .init(term: "視*", field: 0), .init(term: "近接目", field: 0), .init(term: "近接目視", field: 0),
                .init(term: "接目視", field: 0)
            ])
        #expect(indexed.made == 4)
        // The long-vowel mark folds before the grams are made, and a lone character is one unigram.
        #expect(
            Self.indexed("サーバー 法").0.terms == [
                .init(term: "サー", position: 0), .init(term: "ーバ", position: 1),
                .init(term: "バ", position: 2), .init(term: "法", position: 3)
            ])
        #expect(
            Self.indexed("サーバー").0.grams == [
                .init(term: "サ*", field: 0), .init(term: "ー*", field: 0), .init(term: "バ*", field: 0),
                .init(term: "サーバ", field: 0)
            ])
        // A lone character has its list too.
        #expect(Self.indexed("法").0.grams == [.init(term: "法*", field: 0)])
    }

    /// Scalars of many kinds, in pools a generated text draws runs from: the kinds the tokenizer
    /// treats differently, and those whose NFKC needs their neighbours (combining marks, half-width
    /// sound marks, hangul jamo), which the index tokenizer reads by its general path.
    static let pools: [(weight: Int, ranges: [ClosedRange<UInt32>])] = [
        (6, [0x3041...0x3096]),  // hiragana
        (6, [0x30A1...0x30FA]),  // katakana letters
        (5, [0x30FC...0x30FC, 0xFF70...0xFF70]),  // long-vowel marks, full and half width
        (6, [0x4E00...0x9FFF]),  // kanji
        (2, [0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF]),  // rarer kanji, compatibility ideographs
        (3, [0xFF61...0xFF9F]),  // half-width katakana and sound marks
        (3, [0xFF01...0xFF5E, 0x3000...0x3000]),  // full-width ASCII, ideographic space
        (6, [0x30...0x39, 0x41...0x5A, 0x61...0x7A]),  // ASCII letters and digits
        (3, [0x20...0x2F, 0x3A...0x40, 0x0A...0x0A, 0x09...0x09]),  // ASCII separators
        (3, [0xC0...0x24F, 0x370...0x3FF, 0x400...0x4FF]),  // Latin, Greek, Cyrillic
        (3, [0x300...0x36F, 0x3099...0x309C, 0x1AB0...0x1ABE]),  // combining marks, kana sound marks
        (
            3,
            [
                0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1F1E6...0x1F1FF, 0x1F3FB...0x1F3FF,
                0x200D...0x200D, 0xFE0F...0xFE0F, 0x20E3...0x20E3
            ]
        ),  // emoji, skin tones, ZWJ, VS16, keycap
        (2, [0xAC00...0xD7A3, 0x1100...0x11FF, 0x3131...0x318E]),  // hangul syllables and jamo
        (
            2,
            [
                0x2460...0x2473, 0x3300...0x33FF, 0x2160...0x217F, 0xFB00...0xFB06,
                0xB2...0xB5, 0xB9...0xBE, 0x17F...0x17F, 0x212A...0x212B, 0x2121...0x2122
            ]
        ),  // compatibility forms
        // 々〆〇, iteration marks, ・
        (3, [0x3005...0x3007, 0x309D...0x309F, 0x30FB...0x30FF, 0x31F0...0x31FF, 0xFF65...0xFF65]),
        (2, [0x3001...0x3011, 0xA0...0xA0, 0x2028...0x2028, 0xD7...0xD7, 0xF7...0xF7, 0xDF...0xDF, 0x1E9E...0x1E9E])
    ]

    /// A text of up to about 60 scalars in runs of one pool each (1–6 scalars), so that scripts
    /// meet at run boundaries as they do in prose.
    static func generate(_ random: inout SplitMix) -> String {
        let total = pools.reduce(0) { $0 + $1.weight }
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % 12) {
            var pick = Int(random.next() % UInt64(total)), pool = 0
            while pick >= pools[pool].weight { pick -= pools[pool].weight; pool += 1 }
            let ranges = pools[pool].ranges
            for _ in 0...Int(random.next() % 5) {
                let range = ranges[Int(random.next() % UInt64(ranges.count))]
                let value = range.lowerBound + UInt32(random.next() % UInt64(range.count))
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
        }
        return String(scalars)
    }

    /// Whether the index tokenizer reads `text` scalar by scalar (its fast path) rather than its NFKC.
    static func readsScalarByScalar(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { SearchTokenizer.isCommonCJK($0) || $0.nfkcAlone != nil }
    }

    @Test func generatedTextsIndexAsTheQueryTokenizerReadsThem() {
        var random = SplitMix(seed: 26)
        var fast = 0, general = 0
        for _ in 0..<5_000 {
            let text = Self.generate(&random)
            if Self.readsScalarByScalar(text) { fast += 1 } else { general += 1 }
            Self.check(text)
        }
        // Both of the index tokenizer's ways of reading a text were compared, many times each.
        #expect(fast >= 500 && general >= 500, "fast \(fast), general \(general)")
    }

    /// A whole document: the title from position 0, the labels one after the other from
    /// `labelsBase`, the body from `bodyBase`, each field's grams in its field, and the body's
    /// token count as its length.
    @Test func generatedDocumentsIndexTheirFieldsAtTheirBases() {
        var random = SplitMix(seed: 8)
        var chunk = PostingBuilder.ChunkTerms(), tokenizer = IndexTokenizer()
        defer { tokenizer.release() }
        for _ in 0..<1_000 {
            let title = Self.generate(&random), body = Self.generate(&random) + "\n\n" + Self.generate(&random)
            let labels = (0..<Int(random.next() % 4)).map { _ in Self.generate(&random) }
            let document = SearchDocument(
                title: title, path: "/p/", summary: "", meta: "", labels: labels, body: "", facets: [:])
            // The tokenizer and the chunk's terms carry over from one document to the next, as in a chunk.
            tokenizer.fill(document, body: body, into: &chunk)
            var expected = Indexed()
            Self.expected(SearchTokenizer.runs(title), field: 0, into: &expected)
            var position = SearchIndexLayout.labelsBase
            for label in labels {
                let runs = SearchTokenizer.runs(label, startingAt: position)
                Self.expected(runs, field: 1, into: &expected)
                if let last = runs.last { position = last.start + last.tokens.count + 1 }
            }
            var bodyPart = Indexed()
            Self.expected(SearchTokenizer.runs(body, startingAt: SearchIndexLayout.bodyBase), field: 2, into: &bodyPart)
            expected.terms += bodyPart.terms
            expected.grams += bodyPart.grams
            expected.made = bodyPart.made
            let indexed = Self.collect(tokenizer, chunk, made: tokenizer.bodyLength)
            #expect(
                indexed == expected, "\(title.debugDescription) \(labels.debugDescription) \(body.debugDescription)")
            #expect(tokenizer.bodyLength == SearchTokenizer.tokens(body).count, "\(body.debugDescription)")
        }
        #expect(Set(chunk.names).count == chunk.names.count)
    }
}
