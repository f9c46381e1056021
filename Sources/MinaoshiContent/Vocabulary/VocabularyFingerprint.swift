import MinaoshiSupport

extension Vocabularies {
    /// A ``StableHash`` of everything the vocabularies hold, the same in every process: what a
    /// front-matter cache left on disk records in place of the vocabularies it was read with
    /// (``FrontMatterCache/encoded()``). `VocabularyFingerprintTests` counts the fields of the
    /// types hashed here, so a field added to one fails there until it is hashed here too.
    public var fingerprint: StableHash {
        var hasher = StableHasher()
        for kind in VocabularyKind.allCases {
            let terms = self[kind].terms
            hasher.add(kind.rawValue)
            hasher.add(terms.count)
            for term in terms {
                hasher.add(term.id)
                hasher.add(term.ja)
                hasher.add(term.en)
                Self.add(term.description, to: &hasher)
                Self.add(term.aliases, to: &hasher)
                hasher.add(term.attributes.count)
                for (key, value) in term.attributes.sorted(by: { $0.key < $1.key }) {
                    hasher.add(key)
                    hasher.add(value)
                }
            }
        }
        hasher.add(synonyms.count)
        for group in synonyms {
            Self.add(group.terms, to: &hasher)
            hasher.add(group.reason)
            Self.add(group.law, to: &hasher)
            Self.add(group.article, to: &hasher)
            Self.add(group.oneWay, to: &hasher)
            Self.add(group.oneWayReason, to: &hasher)
        }
        return hasher.value
    }

    private static func add(_ text: String?, to hasher: inout StableHasher) {
        hasher.add(text == nil ? 0 : 1)
        if let text { hasher.add(text) }
    }

    private static func add(_ texts: [String], to hasher: inout StableHasher) {
        hasher.add(texts.count)
        for text in texts { hasher.add(text) }
    }
}
