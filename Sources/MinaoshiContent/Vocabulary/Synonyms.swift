import Foundation
import MinaoshiSupport

/// Terms that mean the same in this field (ドローン・無人航空機・UAV), from
/// `content/_data/synonyms.yml`. Search expands a query term into the other terms of its groups.
public struct SynonymGroup: Sendable, Equatable {
    /// The terms as written in the file, in file order.
    public var terms: [String]
    /// Why they mean the same here (one line).
    public var reason: String
    /// The law that names the term, and where, when the group cites one.
    public var law: String?
    public var article: String?
    /// Terms of the group a query expands *from* but never *to* (`one_way`), as `terms` writes
    /// them: searching for one adds the documents of the others, while the others never fetch its
    /// documents (Elasticsearch's `a => b`). For a term whose documents all match another term already.
    public var oneWay: [String]
    /// Why the one-way terms are one-way (`one_way_reason`), stated from the corpus.
    public var oneWayReason: String?

    public init(
        terms: [String], reason: String, law: String? = nil, article: String? = nil,
        oneWay: [String] = [], oneWayReason: String? = nil
    ) {
        self.terms = terms
        self.reason = reason
        self.law = law
        self.article = article
        self.oneWay = oneWay
        self.oneWayReason = oneWayReason
    }
}

public enum Synonyms {
    public static let fileName = "synonyms.yml"

    /// The form two terms of a group are compared in: NFKC, then Latin lower case (the search
    /// folds case too, so `UAV` and `uav` name one term).
    public static func comparable(_ term: String) -> String {
        term.nfkc.lowercased()
    }

    /// The groups of `content/_data/synonyms.yml` under `root` (none when the file is missing),
    /// and every problem in it: a group without terms, with one term, or naming a term twice; a
    /// one-way term its group does not name, or one-way terms without their reason.
    /// A group with a problem is left out; the others still load.
    public static func load(root: URL) -> ([SynonymGroup], [Diagnostic]) {
        let displayPath = "\(Vocabularies.folder)/\(fileName)"
        let url = root.appendingPathComponent(displayPath)
        guard FileManager.default.fileExists(atPath: url.path) else { return ([], []) }
        do throws(DiagnosticsError) {
            return parse(try SourceText.read(url, displayPath: displayPath))
        } catch {
            return ([], error.diagnostics)
        }
    }

    static func parse(_ source: SourceText) -> ([SynonymGroup], [Diagnostic]) {
        let items: [YAMLMapping]
        do throws(DiagnosticsError) {
            items = try YAMLList.parse(source)
        } catch {
            return ([], error.diagnostics)
        }
        var groups: [SynonymGroup] = [], diagnostics: [Diagnostic] = []
        for var item in items {
            item.rejectUnknownKeys(["terms", "reason", "law", "article", "source", "one_way", "one_way_reason"])
            let terms = item.strings("terms", required: true)
            let reason = item.string("reason", required: true)
            let law = item.string("law"), article = item.string("article")
            let oneWayWritten = item.strings("one_way"), oneWayReason = item.string("one_way_reason")
            _ = item.string("source")
            var valid = item.diagnostics.isEmpty
            if item.contains("terms") && terms.isEmpty {
                item.report(
                    .error(
                        at: item.location(ofValue: "terms"), "this group of synonyms has no terms",
                        hint:
                            "list two or more terms that mean the same, such as terms: [ドローン, 無人航空機], or delete the group"
                    ))
                valid = false
            } else if terms.count == 1 {
                item.report(
                    .error(
                        at: item.location(ofItem: 0, in: "terms"),
                        "this group of synonyms has only one term, '\(terms[0])'",
                        hint: "add the other terms that mean the same, or delete the group"))
                valid = false
            }
            var seen: [String: Int] = [:]
            for (index, term) in terms.enumerated() {
                let key = comparable(term)
                if key.isEmpty {
                    item.report(
                        .error(
                            at: item.location(ofItem: index, in: "terms"), "term \(index + 1) of this group is empty",
                            hint: "write the term, or delete the empty item"))
                    valid = false
                } else if let first = seen[key] {
                    let same =
                        terms[first] == term
                        ? ""
                        : " ('\(terms[first])' and '\(term)' are the same once full-width and half-width forms and case are folded)"
                    item.report(
                        .error(
                            at: item.location(ofItem: index, in: "terms"),
                            "the group names '\(term)' twice, as term \(first + 1) and term \(index + 1)\(same)",
                            hint: "delete one of them"))
                    valid = false
                } else {
                    seen[key] = index
                }
            }
            // Each one-way term as its group writes it (the search compares them so).
            var oneWay: [String] = []
            for (index, term) in oneWayWritten.enumerated() {
                if let position = seen[comparable(term)] {
                    if !oneWay.contains(terms[position]) { oneWay.append(terms[position]) }
                } else {
                    item.report(
                        .error(
                            at: item.location(ofItem: index, in: "one_way"),
                            "the one-way term '\(term)' is not a term of this group",
                            hint:
                                "add it to terms: [\(terms.joined(separator: ", "))], or write one of them as written there"
                        ))
                    valid = false
                }
            }
            if !oneWay.isEmpty && oneWay.count == terms.count {
                item.report(
                    .error(
                        at: item.location(ofValue: "one_way"),
                        "every term of this group is one-way, so no query would find another",
                        hint: "leave at least one term out of one_way"))
                valid = false
            }
            if !oneWayWritten.isEmpty && oneWayReason == nil {
                item.report(
                    .error(
                        at: item.location(ofValue: "one_way"), "'one_way' is given without 'one_way_reason'",
                        hint:
                            "add one_way_reason: saying why a query should never expand to these terms (for instance, every document that has them already has another term of the group)"
                    ))
            }
            if oneWayReason != nil && oneWayWritten.isEmpty {
                item.report(
                    .error(
                        at: item.location(ofKey: "one_way_reason"), "'one_way_reason' is given without 'one_way'",
                        hint: "add one_way: with the terms a query expands from but never to, or delete one_way_reason")
                )
            }
            if article != nil && law == nil {
                item.report(
                    .error(
                        at: item.location(ofKey: "article"), "'article' is given without 'law'",
                        hint: "add law: with the name of the law the article belongs to"))
            }
            diagnostics += item.diagnostics
            if valid, let reason {
                groups.append(
                    SynonymGroup(
                        terms: terms, reason: reason, law: law, article: article, oneWay: oneWay,
                        oneWayReason: oneWayReason))
            }
        }
        return (groups, diagnostics)
    }
}
