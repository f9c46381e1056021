import MinaoshiSupport

/// The index-time tokenizer: `SearchTokenizer`'s rules (see its header), made fast for the
/// millions of tokens of a build. A token is a term number of the chunk being read
/// (`PostingBuilder.ChunkTerms`), found by an integer key, not a `String`. Its positioned terms
/// equal `SearchTokenizer.tokens`, term for term and position for position; besides them it gives
/// each CJK run of more than one scalar a unigram of its last scalar (at the position after the
/// run's last bigram, which no token takes) and the run's 3- and 4-grams and the phrases it holds
/// (`PhraseTable`), without positions; and for each bigram and unigram, one occurrence of its first
/// character's list (`SearchIndexLayout.characterList`), also without positions.
/// `IndexTokenizerTests` holds it to the golden vectors and to `SearchTokenizer` on generated text.
///
/// One tokenizer serves a chunk's documents one after the other: its buffers keep their storage
/// from one document to the next (`release()` frees them).
struct IndexTokenizer {
    /// A CJK token as an integer: a bigram `a << 21 | b`, a unigram `1 << 42 | a`. Words are
    /// numbered by their text (`PostingBuilder.ChunkTerms.word`).
    typealias Key = UInt64
    // Computed, so that they fold to constants: a stored `static let` is a lazy global, reached
    // through a `swift_once` on every token.
    static var unigramTag: Key { 1 << 42 }
    /// A CJK 3-gram `tag3 | a << 42 | b << 21 | c`, a 4-gram `tag4 | a << 63 | b << 42 | c << 21 | d`.
    typealias GramKey = UInt128
    static var tag3: GramKey { 1 << 120 }
    static var tag4: GramKey { 1 << 121 }
    /// A CJK character's list (`SearchIndexLayout.characterList`): `tagCharacter | a`.
    static var tagCharacter: GramKey { 1 << 122 }

    /// One term at one position of a document.
    struct TermAt {
        var term: Int32
        var position: Int32
    }

    /// The document's terms with positions (bigrams, unigrams, words), and its 3- and 4-grams
    /// (`term << 2 | field`, 0 title, 1 labels, 2 body) without. Plain buffers: as arrays, each of
    /// a chunk's millions of appends checked their uniqueness.
    var terms = RawBuffer<TermAt>()
    var grams = RawBuffer<Int32>()
    /// The position the next run starts at.
    var position = 0
    /// The body's tokens (what BM25 calls its length), as `SearchTokenizer.tokens` counts them.
    var bodyLength = 0
    /// The text being read: NFKC, case-folded (`SearchTokenizer.fold`).
    private var scalars: [Unicode.Scalar] = []
    /// Long terms indexed whole (`PhraseTable`), found in each CJK run and added with the grams.
    var phrases = PhraseTable()

    mutating func release() {
        terms.release()
        grams.release()
    }

    /// Empties the buffers and tokenizes `document`, with `body` for its body.
    mutating func fill(_ document: SearchDocument, body: String, into chunk: inout PostingBuilder.ChunkTerms) {
        terms.removeAll()
        grams.removeAll()
        position = 0
        add(document.title, into: &chunk)
        position = SearchIndexLayout.labelsBase
        for label in document.labels { add(label, into: &chunk) }
        position = SearchIndexLayout.bodyBase
        bodyLength = add(body, into: &chunk)
    }

    /// Tokenizes `text` in NFKC from `position` on, as `SearchTokenizer.runs` does, adding a
    /// unigram for the last scalar of each CJK run of more than one. Returns the tokens made.
    @discardableResult
    mutating func add(_ text: String, into chunk: inout PostingBuilder.ChunkTerms) -> Int {
        let count = read(text, mappingWidth: true) ?? read(text.nfkc, mappingWidth: false)!
        return tokenize(count, into: &chunk)
    }

    /// Reads `text` into `scalars`, case-folded, and returns how many there are. With
    /// `mappingWidth` each scalar is mapped as NFKC maps it alone; nil when one needs the text
    /// around it (`Unicode.Scalar.nfkcAlone`), and the caller reads the NFKC string instead.
    /// Making the NFKC string of every body was a tenth of the step.
    private mutating func read(_ text: String, mappingWidth: Bool) -> Int? {
        let capacity = text.utf8.count
        if scalars.count < capacity {
            scalars = [Unicode.Scalar](repeating: " ", count: max(capacity, 2 * scalars.count))
        }
        return scalars.withUnsafeMutableBufferPointer { buffer -> Int? in
            var count = 0
            for raw in text.unicodeScalars {
                // Kanji and kana (most of a Japanese text) are their own NFKC and case fold.
                if SearchTokenizer.isCommonCJK(raw) {
                    buffer[count] = raw
                    count += 1
                    continue
                }
                var scalar = raw
                if mappingWidth {
                    guard let mapped = raw.nfkcAlone else { return nil }
                    scalar = mapped
                }
                buffer[count] = SearchTokenizer.fold(scalar)
                count += 1
            }
            return count
        }
    }

    /// The runs of `scalars[..<count]` as tokens (see `SearchTokenizer`).
    private mutating func tokenize(_ count: Int, into chunk: inout PostingBuilder.ChunkTerms) -> Int {
        var made = 0, start = 0, kind: SearchTokenizer.RunKind?
        for index in 0...count {
            let next = index < count ? SearchTokenizer.classify(scalars[index]) : nil
            if index < count, next == kind { continue }
            switch kind {
            case .word?:
                terms.append(TermAt(term: chunk.word(scalars[start..<index]), position: Int32(position)))
                position += 2
                made += 1
            case .cjk?:
                made += cjkRun(start, index, into: &chunk)
            case nil:
                break
            }
            kind = next
            start = index
        }
        return made
    }

    /// Tokens of the CJK run `scalars[start..<end]`, its long-vowel marks folded first.
    private mutating func cjkRun(_ start: Int, _ end: Int, into chunk: inout PostingBuilder.ChunkTerms) -> Int {
        var end = end
        if scalars[start..<end].contains(where: { $0.value == 0x30FC }) {
            end = SearchTokenizer.foldLongVowels(in: &scalars, start..<end)
        }
        let run = end - start
        if run == 1 {
            terms.append(
                TermAt(term: chunk.cjk(Self.unigramTag | Key(scalars[start].value)), position: Int32(position)))
            addCharacterList(scalars[start], at: position, into: &chunk)
            position += 2
            return 1
        }
        let bigrams = terms.count  // the run's bigram terms start here
        for index in start..<(end - 1) {
            let key = Key(scalars[index].value) << 21 | Key(scalars[index + 1].value)
            terms.append(TermAt(term: chunk.cjk(key), position: Int32(position + index - start)))
        }
        terms.append(
            TermAt(term: chunk.cjk(Self.unigramTag | Key(scalars[end - 1].value)), position: Int32(position + run - 1)))
        for index in start..<end { addCharacterList(scalars[index], at: position + index - start, into: &chunk) }
        if run >= 3 {
            let field = Int32(SearchIndexLayout.field(position))
            for index in start..<(end - 2) {
                // Chunk term numbers are below 2^31 and scalars below 2^21, so the fields never overlap.
                let first = Key(terms.elements[bigrams + index - start].term)
                let three = chunk.gram(1 << 62 | first << 21 | Key(scalars[index + 2].value)) {
                    Self.tag3 | GramKey(scalars[index].value) << 42 | GramKey(scalars[index + 1].value) << 21
                        | GramKey(scalars[index + 2].value)
                }
                grams.append(three << 2 | field)
                if index + 3 < end {
                    let four = chunk.gram(1 << 63 | first << 31 | Key(terms.elements[bigrams + index + 2 - start].term))
                    {
                        Self.tag4 | GramKey(scalars[index].value) << 63 | GramKey(scalars[index + 1].value) << 42
                            | GramKey(scalars[index + 2].value) << 21 | GramKey(scalars[index + 3].value)
                    }
                    grams.append(four << 2 | field)
                }
            }
        }
        if run >= 5, !phrases.isEmpty {
            let field = Int32(SearchIndexLayout.field(position))
            for index in start..<(end - 4) {
                guard let found = phrases.phrases(in: scalars, at: index, end: end) else { continue }
                for phrase in found { grams.append(chunk.word(scalars[index..<index + phrase.count]) << 2 | field) }
            }
        }
        position += run
        return run - 1
    }

    /// One occurrence of `scalar`'s character list, for the bigram or unigram it begins at
    /// `position`: in the field of that position, as the bigram's own payload counts it (a title
    /// longer than its position range spills into the labels' range, and is counted there).
    @inline(__always)
    private mutating func addCharacterList(
        _ scalar: Unicode.Scalar, at position: Int, into chunk: inout PostingBuilder.ChunkTerms
    ) {
        // Bits 62 and 63 clear: never a 3- or 4-gram's chunk key.
        let term = chunk.gram(Key(scalar.value)) { Self.tagCharacter | GramKey(scalar.value) }
        grams.append(term << 2 | Int32(SearchIndexLayout.field(position)))
    }

    /// The text of a 3- or 4-gram's key, or of a character list's.
    static func term(_ key: GramKey) -> String {
        let mask: GramKey = 0x1F_FFFF
        if key & tagCharacter != 0 {
            return SearchIndexLayout.characterList(String(Character(Unicode.Scalar(UInt32(key & mask))!)))
        }
        let count = key & tag4 != 0 ? 4 : 3
        return SearchTokenizer.string((0..<count).reversed().map { Unicode.Scalar(UInt32(key >> (21 * $0) & mask))! })
    }

    /// The text of a bigram's or a unigram's key.
    static func term(_ key: Key) -> String {
        if key & unigramTag != 0 { return String(Character(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)) }
        return SearchTokenizer.string([Unicode.Scalar(UInt32(key >> 21))!, Unicode.Scalar(UInt32(key & 0x1F_FFFF))!])
    }
}
