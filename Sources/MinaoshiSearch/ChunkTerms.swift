extension PostingBuilder {
    enum TermName: Hashable, Sendable {
        case cjk(Key)
        case gram(GramKey)
        case word(String)
    }

    /// A chunk's terms: each token key gets its term number the first time the chunk sees it.
    struct ChunkTerms {
        var names: [TermName] = []
        private var cjk = KeyTable<Key>(), grams = KeyTable<Key>(), asciiWords = KeyTable<Key>(),
            words: [String: Int32] = [:]

        @inline(__always)
        mutating func cjk(_ key: Key) -> Int32 {
            let (id, inserted) = cjk.id(key, next: names.count)
            if inserted { names.append(.cjk(key)) }
            return Int32(id)
        }

        /// The term of a 3-gram (its first bigram's term and its last scalar) or a 4-gram (its two
        /// bigrams' terms), found by a 64-bit key made of this chunk's term numbers: cheaper to
        /// hash and compare than the 128-bit key of the scalars, which is made only for a new one
        /// (the merge finds a gram in every chunk by that).
        @inline(__always)
        mutating func gram(_ key: Key, _ name: () -> GramKey) -> Int32 {
            let (id, inserted) = grams.id(key, next: names.count)
            if inserted { names.append(.gram(name())) }
            return Int32(id)
        }

        /// The term of a word. One of up to eight ASCII letters and digits (most words: numbers,
        /// `ai`, `iot`) is found by its bytes packed in an integer, with no `String` made unless it
        /// is new: making one per word was 2% of a build. Other words go by their text.
        mutating func word(_ scalars: ArraySlice<Unicode.Scalar>) -> Int32 {
            if scalars.count <= 8, scalars.allSatisfy({ $0.isASCII }) {
                // Word scalars are never 0, so words of different lengths never share a key.
                let key = scalars.reduce(Key(0)) { $0 << 8 | Key($1.value) }
                let (id, inserted) = asciiWords.id(key, next: names.count)
                if inserted { names.append(.word(String(decoding: scalars.map { UInt8($0.value) }, as: UTF8.self))) }
                return Int32(id)
            }
            var bytes: [UInt8] = []
            for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
            let text = String(decoding: bytes, as: UTF8.self)
            if let found = words[text] { return found }
            let id = Int32(names.count)
            words[text] = id
            names.append(.word(text))
            return id
        }
    }
}
