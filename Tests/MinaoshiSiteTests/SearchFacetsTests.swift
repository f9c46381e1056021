import MinaoshiContent
import MinaoshiSite
import Testing

/// The site's facets follow from the vocabulary declarations: the type first, then every
/// vocabulary in its declared facet place, keyed by its singular (the `--filter` key).
@Suite struct SearchFacetsTests {
    @Test func theFacetsAreTheTypeThenEveryVocabulary() {
        #expect(
            SearchFacets.keys.map(\.key) == [
                "type", "category", "ministry", "status", "technology", "prefecture", "law"
            ])
        #expect(SearchFacets.keys.map(\.label) == ["種類", "分類", "府省庁", "状況", "技術", "都道府県", "法令"])
        #expect(SearchFacets.keys.dropFirst().map(\.key) == VocabularyKind.facetOrder.map(\.singular))
    }
}
