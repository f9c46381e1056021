import Foundation
import MinaoshiSupport

/// The review's national figures that are not documents in the corpus (`content/_data/progress.yml`):
/// the roadmap's provisions, the follow-ups' counts, the local governments' status. Each is quoted
/// as its source gives it, with the date it describes and its source, so the progress page can
/// cite every one of them.
public struct NationalFigures: Sendable {
    public var figures: [NationalFigure]
    public var breakdowns: [NationalBreakdown]

    public static let fileName = "progress.yml"
    public static let empty = NationalFigures(figures: [], breakdowns: [])

    public init(figures: [NationalFigure], breakdowns: [NationalBreakdown]) {
        self.figures = figures
        self.breakdowns = breakdowns
    }

    public var isEmpty: Bool { figures.isEmpty && breakdowns.isEmpty }
}

/// Where a figure comes from: the page that states it.
public struct FigureSource: Sendable, Equatable {
    public var url: String
    public var title: String
}

/// The day or month a figure describes: `2024-09-10` or `2024-09`.
public struct FigureDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int?

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        if parts.count == 3 {
            guard let day = Int(parts[2]), CalendarDate(year: year, month: month, day: day) != nil else { return nil }
            self.day = day
        }
        self.year = year
        self.month = month
    }

    /// ISO 8601: `2024-09-10`, `2024-09`.
    public var iso8601: String {
        let month = month < 10 ? "0\(month)" : "\(month)"
        guard let day else { return "\(year)-\(month)" }
        return "\(year)-\(month)-\(day < 10 ? "0\(day)" : "\(day)")"
    }

    /// `2024年9月10日`, `2024年9月`.
    public var japanese: String { day.map { "\(year)年\(month)月\($0)日" } ?? "\(year)年\(month)月" }
}

public struct NationalFigure: Sendable {
    public var id: String
    public var label: String
    public var value: Int
    public var unit: String
    public var note: String?
    public var date: FigureDate
    public var source: FigureSource
    /// `medium` or `low` when the source is secondary or indirect: the page says so.
    public var confidence: String?
}

/// Numbers that belong together, such as the regulations still open per category.
public struct NationalBreakdown: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var value: Int
        /// The category the row counts, when it is one of the vocabulary's.
        public var category: String?
    }

    public var id: String
    public var title: String
    public var date: FigureDate
    public var unit: String
    /// The source's own total, when it gives one: the rows must add up to it.
    public var total: Int?
    public var source: FigureSource
    public var confidence: String?
    public var rows: [Row]
}

extension NationalFigures {
    static let confidences = ["high", "medium", "low"]

    /// Reads `content/_data/progress.yml`; no file means no figures. Every problem is reported.
    public static func load(root: URL, categories: Vocabulary) -> (NationalFigures, [Diagnostic]) {
        let displayPath = "\(Vocabularies.folder)/\(fileName)"
        let url = root.appendingPathComponent(displayPath)
        guard FileManager.default.fileExists(atPath: url.path) else { return (.empty, []) }
        do throws(DiagnosticsError) {
            let source = try SourceText.read(url, displayPath: displayPath)
            var top = try YAMLMapping.parse(source.text, firstLine: 1, source: source)
            top.rejectUnknownKeys(["figures", "breakdowns"])
            var seen: Set<String> = []
            var figures: [NationalFigure] = []
            for var item in top.mappings("figures") {
                item.rejectUnknownKeys(["id", "label", "value", "unit", "note", "date", "source", "confidence"])
                let id = readID(&item, seen: &seen)
                let label = item.string("label", required: true), value = item.int("value", required: true)
                let unit = item.string("unit", required: true), note = item.string("note")
                let date = readDate(&item), source = readSource(&item), confidence = readConfidence(&item)
                top.absorb(item)
                if let id, let label, let value, let unit, let date, let source {
                    figures.append(
                        NationalFigure(
                            id: id, label: label, value: value, unit: unit, note: note, date: date,
                            source: source, confidence: confidence))
                }
            }
            var breakdowns: [NationalBreakdown] = []
            for var item in top.mappings("breakdowns") {
                item.rejectUnknownKeys(["id", "title", "date", "unit", "total", "source", "confidence", "rows"])
                let id = readID(&item, seen: &seen)
                let title = item.string("title", required: true), unit = item.string("unit", required: true)
                let total = item.int("total")
                let date = readDate(&item), source = readSource(&item), confidence = readConfidence(&item)
                var rows: [NationalBreakdown.Row] = []
                let rowItems = item.mappings("rows", required: true)
                for var row in rowItems {
                    row.rejectUnknownKeys(["label", "value", "category"])
                    let label = row.string("label", required: true), value = row.int("value", required: true)
                    let category = row.string("category")
                    if let category, categories.term(category) == nil {
                        let suggestion = closestMatch(to: category, in: categories.terms.map(\.id)).map {
                            "did you mean '\($0)'?"
                        }
                        row.report(
                            .error(
                                at: row.location(ofValue: "category"),
                                "unknown category '\(category)' in '\(row.qualified("category"))'",
                                hint: suggestion ?? "use an id from content/_data/categories.yml"))
                    }
                    item.absorb(row)
                    if let label, let value { rows.append(.init(label: label, value: value, category: category)) }
                }
                if let total, rows.count == rowItems.count, rows.reduce(0, { $0 + $1.value }) != total {
                    item.report(
                        .error(
                            at: item.location(ofValue: "total"),
                            "the rows of '\(item.qualified("rows"))' add up to \(rows.reduce(0) { $0 + $1.value }), not the total \(total)",
                            hint: "copy every row and the total exactly as the source gives them"))
                }
                top.absorb(item)
                if let id, let title, let unit, let date, let source {
                    breakdowns.append(
                        NationalBreakdown(
                            id: id, title: title, date: date, unit: unit, total: total, source: source,
                            confidence: confidence, rows: rows))
                }
            }
            return (NationalFigures(figures: figures, breakdowns: breakdowns), top.diagnostics)
        } catch {
            return (.empty, error.diagnostics)
        }
    }

    private static func readID(_ item: inout YAMLMapping, seen: inout Set<String>) -> String? {
        guard let id = item.string("id", required: true) else { return nil }
        if !CorpusLoader.isValidID(id) {
            item.report(
                .error(
                    at: item.location(ofValue: "id"),
                    "id '\(id)' may only contain lower-case letters a-z, digits and single '-'"))
            return nil
        }
        if !seen.insert(id).inserted {
            item.report(
                .error(
                    at: item.location(ofValue: "id"), "id '\(id)' is already used in this file",
                    hint: "give each figure its own id"))
        }
        return id
    }

    private static func readDate(_ item: inout YAMLMapping) -> FigureDate? {
        guard let text = item.string("date", required: true) else { return nil }
        guard let date = FigureDate(text) else {
            item.report(
                .error(
                    at: item.location(ofValue: "date"), "'\(item.qualified("date"))' is not a date: '\(text)'",
                    hint: "write the day or month the figure describes as YYYY-MM-DD or YYYY-MM, e.g. 2024-09-10"))
            return nil
        }
        return date
    }

    private static func readSource(_ item: inout YAMLMapping) -> FigureSource? {
        guard var mapping = item.mapping("source", required: true) else { return nil }
        mapping.rejectUnknownKeys(["url", "title"])
        let url = mapping.string("url", required: true), title = mapping.string("title", required: true)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            mapping.report(
                .error(
                    at: mapping.location(ofValue: "url"),
                    "'\(mapping.qualified("url"))' is not a web address: '\(url)'",
                    hint: "give the full address of the page that states the figure, starting with https://"))
        }
        item.absorb(mapping)
        guard let url, let title, url.hasPrefix("http") else { return nil }
        return FigureSource(url: url, title: title)
    }

    private static func readConfidence(_ item: inout YAMLMapping) -> String? {
        guard let confidence = item.string("confidence") else { return nil }
        if !confidences.contains(confidence) {
            item.report(
                .error(
                    at: item.location(ofValue: "confidence"),
                    "'\(item.qualified("confidence"))' must be one of \(confidences.joined(separator: ", ")), not '\(confidence)'"
                ))
        }
        return confidence
    }
}
