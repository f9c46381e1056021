import Foundation
import MinaoshiTemplate
import Testing

/// Runs every test of the Mustache spec's required modules and of its inheritance module
/// (`Tests/Fixtures/mustache`, whose README says where they come from) through
/// `MinaoshiTemplate`, comparing the output byte for byte. The spec's data is JSON; it reaches
/// the templates as views do (`SpecView`), with JSON decimals as their shortest text, since
/// views answer text, not floating-point numbers.
@Suite("Mustache spec conformance")
struct MustacheSpecTests {
    @Test("Every test renders as the spec says, except the known differences", arguments: SpecFile.allCases)
    func testsMatchTheSpec(file: SpecFile) throws {
        let tests = try file.load()
        #expect(tests.count == file.testCount, "\(file.rawValue) should hold \(file.testCount) tests")
        var passed = 0
        for test in tests where SpecFile.knownDifferences[test.key(in: file)] == nil {
            let result = test.render()
            #expect(result == .rendered(test.expected), "\(file.rawValue): \(test.name) — \(test.desc)")
            if result == .rendered(test.expected) { passed += 1 }
        }
        let known = SpecFile.knownDifferences.keys.filter { $0.hasPrefix(file.rawValue + ": ") }.count
        #expect(passed + known == file.testCount)
    }

    @Test(
        "A known difference still differs from the spec, as recorded",
        arguments: Array(SpecFile.knownDifferences.keys.sorted()))
    func knownDifferenceStillDiffers(key: String) throws {
        let difference = try #require(SpecFile.knownDifferences[key])
        let fileName = String(key.prefix { $0 != ":" })
        let file = try #require(SpecFile(rawValue: fileName))
        let test = try #require(try file.load().first { $0.key(in: file) == key })
        let result = test.render()
        // If this fails, the renderer caught up with the spec: delete the entry.
        #expect(result != .rendered(test.expected), "\(difference.reason)")
        #expect(result == difference.result)
    }
}

/// One of the spec's files.
enum SpecFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case comments, delimiters, interpolation, inverted, partials, sections
    case inheritance = "~inheritance"

    var testDescription: String { rawValue }

    /// Guards against a truncated or swapped file passing vacuously.
    var testCount: Int {
        switch self {
        case .comments: 12
        case .delimiters: 14
        case .interpolation: 42
        case .inverted: 22
        case .partials: 12
        case .sections: 34
        case .inheritance: 27
        }
    }

    /// Where the renderer differs from the spec on purpose, by "file: test name", with what it
    /// does instead.
    static let knownDifferences: [String: (reason: String, result: SpecTest.Result)] = [
        "partials: Failed Lookup": (
            "a partial that does not exist is an error at its tag (issue 25: a typo in a partial's name must not ship "
                + "pages without it), where the spec renders an empty string",
            .failed("(test):1:2: partial 'text' does not exist")
        )
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/mustache").standardized

    func load() throws -> [SpecTest] {
        let url = Self.folder.appendingPathComponent("\(rawValue).json")
        return try JSONDecoder().decode(SpecTests.self, from: Data(contentsOf: url)).tests
    }
}

struct SpecTests: Decodable {
    var tests: [SpecTest]
}

/// One test: a template, its partials, its data and what it must render.
struct SpecTest: Decodable {
    var name: String
    var desc: String
    var data: SpecValue
    var template: String
    var partials: [String: String]?
    var expected: String

    /// What a test gave: the output, or the error that stopped it.
    enum Result: Equatable {
        case rendered(String)
        case failed(String)
    }

    /// The template is registered as `(test)`, a name no tag can give.
    static let templateName = "(test)"

    func key(in file: SpecFile) -> String { "\(file.rawValue): \(name)" }

    func render() -> Result {
        var library = TemplateLibrary()
        do {
            library.register(try Template(template), named: Self.templateName)
            for (name, source) in partials ?? [:] { library.register(try Template(source), named: name) }
        } catch {
            return .failed("syntax error at \(error.line):\(error.column): \(error.message)")
        }
        do {
            return .rendered(
                String(decoding: try library.render(value: data.templateValue, with: Self.templateName), as: UTF8.self))
        } catch {
            return .failed(error.description)
        }
    }
}

/// JSON data as views give it to templates.
indirect enum SpecValue: Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Double)
    case text(String)
    case list([SpecValue])
    case object([String: SpecValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else if let value = try? container.decode([SpecValue].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: SpecValue].self))
        }
    }

    var templateValue: TemplateValue {
        switch self {
        case .null: .absent
        case .bool(let value): .bool(value)
        case .integer(let value): .number(value)
        case .decimal(let value): .text("\(value)")
        case .text(let value): .text(value)
        case .list(let values): .list(TemplateValueList(values.map(\.templateValue)))
        case .object(let fields): .context(SpecView(fields: fields))
        }
    }
}

/// A JSON object as a view: it answers the names it holds.
struct SpecView: TemplateContext {
    var fields: [String: SpecValue]

    func templateValue(named name: String) -> TemplateValue? { fields[name]?.templateValue }
}
