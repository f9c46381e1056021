import MinaoshiSupport

/// The search tokenizer: how queries (`SearchQuery`) read text. The rules below live in four
/// places, to be changed together:
/// - this file;
/// - `IndexTokenizer.swift`, the same rules made fast for the posting builder, which reads every
///   document with it (and adds each CJK run's last unigram and its 3- and 4-grams);
/// - `templates/assets/search/tokenizer.js`, the browser's copy;
/// - `Tests/Fixtures/search/tokenizer-golden.json`, the vectors all three are held to
///   (`TokenizerTests`, `IndexTokenizerTests`, `Tests/js/tokenizer.test.mjs`); `IndexTokenizerTests`
///   also compares the two Swift tokenizers on thousands of generated texts.
///
/// 1. NFKC (full-/half-width and compatibility forms fold), then Latin case folds: `A`–`Z` and
///    `À`–`Þ` (not `×`) become lower case. Nothing else changes case, so both languages agree.
/// 2. Scalars fall in three classes: CJK (kana, kanji, hangul, `々〆〇`, the long-vowel mark),
///    word (ASCII letters and digits, Latin-1 and Latin Extended letters, Greek, Cyrillic) and
///    everything else, which separates. `・` separates.
/// 3. Maximal runs of one class are tokenized on their own. In a CJK run, a katakana long-vowel
///    mark `ー` that ends a katakana word (a katakana letter before it, no katakana after it) is
///    dropped: サーバー and サーバ give the same tokens.
/// 4. A CJK run of one scalar is one token (a unigram); a longer run gives its overlapping
///    bigrams. A word run is one token.
/// 5. Positions count tokens; after a run, the next run starts two positions after the run's last
///    token, so `ドローン点検` and `ドローン 点検` put 点検 at the same distance from ーン.
public enum SearchTokenizer {
    public enum RunKind: String, Sendable { case cjk, word }

    /// A run of one class with its tokens; `start` is its first token's position.
    public struct Run: Sendable, Equatable {
        public var kind: RunKind
        /// The run's scalars after normalisation and long-vowel folding.
        public var text: String
        public var tokens: [String]
        public var start: Int
    }

    public struct Token: Sendable, Equatable {
        public var term: String
        public var position: Int
    }

    /// The normalised form every comparison uses: NFKC, then the Latin case fold of rule 1.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.nfkc.unicodeScalars { scalars.append(fold(scalar)) }
        return String(scalars)
    }

    public static func tokens(_ text: String) -> [Token] {
        runs(text).flatMap { run in run.tokens.enumerated().map { Token(term: $1, position: run.start + $0) } }
    }

    public static func runs(_ text: String, startingAt position: Int = 0) -> [Run] {
        var runs: [Run] = []
        var current: [Unicode.Scalar] = []
        var currentKind: RunKind?
        var position = position
        func flush() {
            guard let kind = currentKind, !current.isEmpty else { return }
            let scalars = kind == .cjk ? foldLongVowels(current) : current
            let tokens = kind == .cjk ? bigrams(scalars) : [string(scalars)]
            runs.append(Run(kind: kind, text: string(scalars), tokens: tokens, start: position))
            position += tokens.count + 1
            current.removeAll(keepingCapacity: true)
        }
        for raw in text.nfkc.unicodeScalars {
            let scalar = fold(raw)
            let kind = classify(scalar)
            if kind != currentKind { flush(); currentKind = kind }
            if kind != nil { current.append(scalar) }
        }
        flush()
        return runs
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: Unicode.Scalar(scalar.value + 0x20)!
        default: scalar
        }
    }

    public static func classify(_ scalar: Unicode.Scalar) -> RunKind? {
        if isCommonCJK(scalar) { return .cjk }
        return switch scalar.value {
        case 0x30...0x39, 0x61...0x7A, 0xDF...0xF6, 0xF8...0xFF, 0x100...0x24F, 0x370...0x3FF, 0x400...0x4FF: .word
        case 0x3005...0x3007, 0x3041...0x3096, 0x309D...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF,
            0x3131...0x318E, 0x1100...0x11FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7A3,
            0x20000...0x3FFFF:
            .cjk
        default: nil
        }
    }

    /// Kanji (U+4E00–U+9FFF), hiragana (U+3041–U+3096) and katakana letters (U+30A1–U+30FA): most
    /// scalars of a Japanese text, tested first. Each is CJK, its own NFKC alone (a starter that
    /// composes with nothing before it) and its own case fold.
    @inline(__always)
    static func isCommonCJK(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value &- 0x4E00 <= 0x9FFF - 0x4E00 || value &- 0x3041 <= 0x3096 - 0x3041
            || value &- 0x30A1 <= 0x30FA - 0x30A1
    }

    static func isKatakanaLetter(_ scalar: Unicode.Scalar) -> Bool { (0x30A1...0x30FA).contains(scalar.value) }

    /// Drops each `ー` sequence that follows a katakana letter and is not followed by one.
    static func foldLongVowels(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var folded = scalars
        folded.removeSubrange(foldLongVowels(in: &folded, scalars.indices)...)
        return folded
    }

    /// `foldLongVowels` in place on `scalars[range]`, kept scalars moved to its start; returns
    /// where they end. The index tokenizer folds its runs this way, without a copy.
    static func foldLongVowels(in scalars: inout [Unicode.Scalar], _ range: Range<Int>) -> Int {
        var out = range.lowerBound, index = range.lowerBound
        while index < range.upperBound {
            guard scalars[index].value == 0x30FC else { scalars[out] = scalars[index]; out += 1; index += 1; continue }
            var last = index
            while last < range.upperBound, scalars[last].value == 0x30FC { last += 1 }
            // Nothing before `index` has been overwritten by a later scalar: `out` trails it.
            let afterKatakana = index > range.lowerBound && isKatakanaLetter(scalars[index - 1])
            let beforeKatakana = last < range.upperBound && isKatakanaLetter(scalars[last])
            if !(afterKatakana && !beforeKatakana) {
                for kept in index..<last { scalars[out] = scalars[kept]; out += 1 }
            }
            index = last
        }
        return out
    }

    static func bigrams(_ scalars: [Unicode.Scalar]) -> [String] {
        guard scalars.count > 1 else { return [string(scalars)] }
        return (0..<(scalars.count - 1)).map { string(scalars[$0...$0 + 1]) }
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
