import Testing
@testable import MinaoshiContent

/// Each vocabulary is declared once (``VocabularyKind/declaration``) and every list of
/// vocabularies the site shows is derived from those declarations: a new kind is in each of them
/// (or left out on purpose, with `nil`), never forgotten by a literal list.
@Suite struct VocabularyDeclarationTests {
    @Test func everyCompleteListHoldsEveryKindOnce() {
        let complete = ["search": VocabularyKind.searchOrder, "facets": VocabularyKind.facetOrder,
                        "tags": VocabularyKind.tagOrder, "pages": VocabularyKind.pageOrder]
        for (name, list) in complete {
            #expect(Set(list) == Set(VocabularyKind.allCases), "\(name)")
            #expect(list.count == VocabularyKind.allCases.count, "\(name)")
        }
    }

    @Test func partialListsKeepTheirOrderAndRepeatNothing() {
        for list in [VocabularyKind.navigationOrder, VocabularyKind.homeOrder] {
            #expect(Set(list).count == list.count)
            #expect(list.allSatisfy { VocabularyKind.pageOrder.contains($0) })
        }
        #expect(VocabularyKind.navigationOrder == [.categories, .technologies, .ministries, .prefectures])
        #expect(VocabularyKind.homeOrder == [.ministries, .prefectures, .laws])
    }

    /// Two kinds sharing a position would leave their order to the sort; two sharing a key would
    /// make one facet or filter of two vocabularies.
    @Test func positionsKeysAndLabelsAreUnique() {
        let orders: [(VocabularyKind.Order) -> Int?] = [{ $0.search }, { $0.facets }, { $0.tags }, { $0.pages }, { $0.navigation }, { $0.home }]
        for position in orders {
            let taken = VocabularyKind.allCases.compactMap { position($0.declaration.order) }
            #expect(Set(taken).count == taken.count)
        }
        let singulars = VocabularyKind.allCases.map(\.singular)
        #expect(Set(singulars).count == singulars.count)
        #expect(!singulars.contains("type"))
        let labels = VocabularyKind.allCases.map(\.declaration.facetLabel)
        #expect(Set(labels).count == labels.count)
    }

    /// `listed(by:)` sorts by position, whatever the order of the cases.
    @Test func listsFollowThePositionsNotTheCases() {
        #expect(VocabularyKind.listed { $0.search } == [.ministries, .statuses, .categories, .technologies, .prefectures, .laws])
        #expect(VocabularyKind.listed { $0.facets }.map(\.singular) == ["category", "ministry", "status", "technology", "prefecture", "law"])
        #expect(VocabularyKind.listed { _ in nil }.isEmpty)
    }

    /// `minaoshi import` reads and writes every vocabulary field of a regulation review from its
    /// declaration: each has a column (a `RegulationField` of the same name with a Japanese header).
    @Test func everyRegulationVocabularyFieldHasAnImportColumn() {
        for case .vocabulary(let field) in DocumentKind.regulationFields {
            let column = RegulationField(rawValue: field.key)
            #expect(column != nil, "\(field.key)")
            #expect(column.map { $0.defaultHeader != $0.rawValue } ?? false, "\(field.key)")
        }
    }
}
