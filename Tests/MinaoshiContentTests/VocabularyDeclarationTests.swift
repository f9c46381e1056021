import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// Each vocabulary is declared once (``VocabularyKind/declaration``) and every list of
/// vocabularies the site shows is derived from those declarations: a new kind is in each of them
/// (or left out on purpose, with `nil`), never forgotten by a literal list.
@Suite struct VocabularyDeclarationTests {
    @Test func everyCompleteListHoldsEveryKindOnce() {
        let complete = [
            "search": VocabularyKind.searchOrder, "facets": VocabularyKind.facetOrder,
            "tags": VocabularyKind.tagOrder, "pages": VocabularyKind.pageOrder
        ]
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
        let orders: [(VocabularyKind.Order) -> Int?] = [
            { $0.search }, { $0.facets }, { $0.tags }, { $0.pages }, { $0.navigation }, { $0.home }
        ]
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
        #expect(
            VocabularyKind.listed { $0.search } == [
                .ministries, .statuses, .categories, .technologies, .prefectures, .laws
            ])
        #expect(
            VocabularyKind.listed { $0.facets }.map(\.singular) == [
                "category", "ministry", "status", "technology", "prefecture", "law"
            ])
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

    /// The wording of the fields (fact and form labels, `minaoshi new`'s notes, import headers) is
    /// a second list beside the declarations: it names the same keys in the same order, every
    /// field has a form label, and every field of a kind has its note for `minaoshi new`.
    @Test func theWordingNamesEveryDeclaredFieldInOrder() {
        #expect(DocumentKind.commonWording.map(\.key) == DocumentKind.commonFields.map(\.key))
        #expect(DocumentKind.regulationWording.map(\.key) == DocumentKind.regulationFields.map(\.key))
        #expect(DocumentKind.caseWording.map(\.key) == DocumentKind.caseFields.map(\.key))
        let all = DocumentKind.commonWording + DocumentKind.regulationWording + DocumentKind.caseWording
        #expect(all.allSatisfy { !$0.formLabel.isEmpty && $0.factLabel?.isEmpty != true })
        for kind in AuthoringKind.allCases {
            #expect(DocumentKind.declared(kind).map(\.field.key) == kind.fields.map(\.key))
            #expect(DocumentKind.declared(kind).allSatisfy { !($0.wording.note ?? "").isEmpty }, "\(kind)")
        }
    }

    /// A form label defaults to the fact label, and is its own where the form says it otherwise.
    @Test func aFormLabelIsTheFactLabelUnlessGiven() {
        let organizations = DocumentKind.caseWording.first { $0.key == "organizations" }
        #expect(organizations?.factLabel == "実施主体")
        #expect(organizations?.formLabel == "団体・企業")
        let article = FieldWording("article", fact: "条項", note: "n")
        #expect(article.formLabel == "条項")
        let before = FieldWording("before", form: "見直し前", note: nil)
        #expect(before.factLabel == nil && before.formLabel == "見直し前")
    }

    /// Every column of a regulation import fills a common field or a declared one, and every
    /// declared field but `phase` (which no spreadsheet gives) has its column and header.
    @Test func importColumnsAreTheDeclaredFieldsAndTheCommonOnes() {
        let declared = DocumentKind.regulationFields.map(\.key)
        for field in RegulationField.allCases {
            #expect(declared.contains(field.rawValue) || MetadataReader.commonKeys.contains(field.rawValue), "\(field)")
            #expect(RegulationField.defaultHeaders.contains { $0.field == field }, "\(field) has no header")
        }
        for key in declared where key != "phase" {
            #expect(RegulationField(rawValue: key) != nil, "\(key)")
        }
        let headers = RegulationField.defaultHeaders.map(\.header)
        #expect(Set(headers).count == headers.count)
    }

    /// `minaoshi new` resolves every vocabulary field its kind declares, under the option named
    /// by the vocabulary (`--category`), and writes the resolved id.
    @Test(arguments: AuthoringKind.allCases)
    func newResolvesEveryDeclaredVocabularyField(kind: AuthoringKind) throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let (vocabularies, _) = Vocabularies.load(root: site.root)
        var request = NewDocumentRequest(kind: kind, title: "題")
        var unknown = NewDocumentRequest(kind: kind, title: "題")
        let fields = kind.fields.compactMap { field -> VocabularyField? in
            if case .vocabulary(let vocabulary) = field { return vocabulary }
            return nil
        }
        #expect(!fields.isEmpty)
        for field in fields {
            let term = try #require(vocabularies[field.kind].terms.first)
            request.setTerms([term.aliases.first ?? term.id], of: field.kind)
            unknown.setTerms(["no-such-id"], of: field.kind)
        }
        let resolved = try NewDocument.resolve(request, vocabularies: vocabularies).get()
        let text = DocumentSkeleton.text(for: resolved, id: "x")
        for field in fields {
            let id = try #require(vocabularies[field.kind].terms.first?.id)
            #expect(resolved.terms(of: field.kind) == [id], "\(field.key)")
            #expect(
                text.contains(field.isList ? "\n\(field.key): [\"\(id)\"]" : "\n\(field.key): \"\(id)\""),
                "\(field.key)")
        }
        guard case .failure(let error) = NewDocument.resolve(unknown, vocabularies: vocabularies) else {
            Issue.record("unknown ids were accepted")
            return
        }
        #expect(
            Set(error.diagnostics.map { $0.message.components(separatedBy: "' in '").last ?? "" })
                == Set(fields.map { "--\($0.kind.singular)'" }))
    }
}
