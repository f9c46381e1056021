import Testing

@testable import MinaoshiContent

/// `VocabularyTerm` is a class, so its `==` and `hash(into:)` are written by hand: this holds them
/// to every stored property, so that a property added and left out of them fails here.
@Suite struct VocabularyTermTests {
    static func term(
        id: String = "a", ja: String = "あ", en: String = "A", description: String? = nil,
        aliases: [String] = [], attributes: [String: String] = [:]
    ) -> VocabularyTerm {
        VocabularyTerm(id: id, ja: ja, en: en, description: description, aliases: aliases, attributes: attributes)
    }

    @Test func equalityAndHashTakeInEveryStoredProperty() {
        let base = Self.term()
        // One term per stored property, differing from `base` in that property alone.
        let variants = [
            Self.term(id: "b"), Self.term(ja: "い"), Self.term(en: "B"), Self.term(description: "説明"),
            Self.term(aliases: ["x"]), Self.term(attributes: ["code": "01"])
        ]
        #expect(Mirror(reflecting: base).children.count == variants.count)
        for variant in variants {
            #expect(variant != base)
            // Equal hashes for different values would be a 1 in 2^64 accident, not a pass.
            #expect(variant.hashValue != base.hashValue)
        }
        #expect(Self.term() == base && Self.term().hashValue == base.hashValue)
    }
}
