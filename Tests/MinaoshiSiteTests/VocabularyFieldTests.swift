import Foundation
import Testing

@testable import MinaoshiContent
@testable import MinaoshiSite

/// Every vocabulary field a kind of document declares is a column of its open data (and so of
/// the CSV, the JSON Schema and the feeds' `_minaoshi`), typed from the declaration.
@Suite struct VocabularyFieldTests {
    @Test(arguments: [
        (DocumentKind.regulationFields, DataField.regulations), (DocumentKind.caseFields, DataField.cases)
    ])
    func everyDeclaredVocabularyFieldIsADataColumn(declared: [DocumentField], columns: [DataField]) {
        let vocabularyFields = declared.compactMap { field -> VocabularyField? in
            if case .vocabulary(let vocabulary) = field { return vocabulary }
            return nil
        }
        #expect(!vocabularyFields.isEmpty)
        for field in vocabularyFields {
            let column = columns.first { $0.name == field.key }
            #expect(column != nil, "\(field.key)")
            guard let column else { continue }
            switch column.type {
            case .strings: #expect(field.isList, "\(field.key)")
            case .string: #expect(!field.isList && field.presence == .required, "\(field.key)")
            case .optionalString: #expect(!field.isList && field.presence != .required, "\(field.key)")
            default: Issue.record("\(field.key) is a \(column.type) column")
            }
        }
    }

    /// Every field a kind declares, plain ones too, is a column of its open data (`phase` as its
    /// two ends), carried by the feeds' `_minaoshi` and described by the feed's JSON Schema.
    @Test(arguments: [
        (DocumentKind.regulationFields, DataField.regulations), (DocumentKind.caseFields, DataField.cases)
    ])
    func everyDeclaredFieldIsADataColumnAndInTheFeeds(declared: [DocumentField], columns: [DataField]) throws {
        let schema = OpenData.feedSchema(SiteConfig())
        // The items' `_minaoshi` (the feed's own has no `type`), up to its list of required members.
        let start = try #require(
            schema.range(
                of:
                    "\"_minaoshi\":{\"type\":\"object\",\"properties\":{\"about\":{\"type\":\"string\",\"format\":\"uri\"},\"type\":"
            ))
        let end = try #require(
            schema.range(of: "\"required\":[\"about\",\"type\"", range: start.upperBound..<schema.endIndex))
        let itemExtension = schema[start.lowerBound..<end.lowerBound]
        for field in declared {
            let names = field.key == "phase" ? ["phase_before", "phase_after"] : [field.key]
            for name in names {
                let column = columns.first { $0.name == name }
                #expect(column != nil, "\(name)")
                #expect(column?.inFeeds == true, "\(name)")
                #expect(itemExtension.contains("\"\(name)\":{"), "\(name) is not in the feed schema's _minaoshi")
            }
        }
    }

    /// A document page's key facts are the declared fields with a fact label: a plain one shows
    /// its text when the document has a value.
    @Test func everyLabelledPlainFieldHasAFact() {
        var terms = FiledTerms()
        terms[.statuses] = ["reviewed"]
        let regulation = DocumentKind.regulation(
            RegulationReview(
                article: "12条", terms: terms, phase: Phase(before: 1, after: 3),
                before: "前", after: "後"))
        let caseStudy = DocumentKind.caseStudy(
            CaseStudy(
                organizations: ["神戸市"], municipalities: ["神戸市"], terms: terms,
                regulations: ["x"], outcomes: []))
        for kind in [regulation, caseStudy] {
            let labelled = kind.declaredFields.filter { $0.wording.factLabel != nil }
            #expect(!labelled.isEmpty)
            for case (.plain(let key, _), _) in labelled {
                #expect(ViewFactory.factText(key, of: kind)?.isEmpty == false, "\(key)")
            }
        }
    }
}
