import MinaoshiContent
import Testing
@testable import MinaoshiSite

/// Every vocabulary field a kind of document declares is a column of its open data (and so of
/// the CSV, the JSON Schema and the feeds' `_minaoshi`), typed from the declaration.
@Suite struct VocabularyFieldTests {
    @Test(arguments: [(DocumentKind.regulationFields, DataField.regulations), (DocumentKind.caseFields, DataField.cases)])
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
}
