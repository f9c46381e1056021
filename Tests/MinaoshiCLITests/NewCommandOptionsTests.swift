import ArgumentParser
import MinaoshiContent
import Testing

@testable import MinaoshiCLI

/// `minaoshi new`'s table from option to field key (``NewCommand/fieldOptions``) is written by
/// hand beside the options; these hold it to the declarations and to the options themselves.
@Suite struct NewCommandOptionsTests {
    private let declared: [AuthoringKind: [DocumentField]] = [
        .regulation: DocumentKind.regulationFields, .caseStudy: DocumentKind.caseFields
    ]

    private func arguments(_ kind: AuthoringKind, _ more: [String] = []) -> [String] {
        [kind == .regulation ? "regulation" : "case", "--title", "題"] + more
    }

    private func options() throws -> [(option: String, key: String, isGiven: Bool)] {
        try NewCommand.parse(arguments(.regulation)).fieldOptions
    }

    @Test func everyVocabularyFieldHasExactlyOneOption() throws {
        let keys = try options().map(\.key)
        for case .vocabulary(let field) in DocumentKind.regulationFields + DocumentKind.caseFields {
            #expect(keys.filter { $0 == field.key }.count == 1, "\(field.key)")
        }
        let names = try options().map(\.option)
        #expect(Set(names).count == names.count)
    }

    /// Each option, given alone, is the only one given, and fills the field its key names in the
    /// file `minaoshi new` writes; to a kind that does not declare the field it is refused.
    @Test func everyOptionFillsTheDeclaredFieldItNames() throws {
        for entry in try options() {
            let kinds = AuthoringKind.allCases.filter { kind in declared[kind]!.contains { $0.key == entry.key } }
            #expect(!kinds.isEmpty, "\(entry.option) names '\(entry.key)', which no kind declares")
            for kind in AuthoringKind.allCases {
                let given = arguments(kind, [entry.option, "zq-value"])
                guard kinds.contains(kind) else {
                    #expect(throws: (any Error).self, "\(entry.option) \(kind)") { try NewCommand.parse(given) }
                    continue
                }
                let command = try NewCommand.parse(given)
                #expect(command.fieldOptions.filter(\.isGiven).map(\.option) == [entry.option])
                let text = DocumentSkeleton.text(for: command.request, id: "a")
                let line = text.split(separator: "\n").first { $0.hasPrefix("\(entry.key):") }
                #expect(line?.contains("zq-value") == true, "\(entry.option) → \(entry.key): \(text)")
            }
        }
    }
}
