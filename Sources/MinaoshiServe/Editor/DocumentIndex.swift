import MinaoshiContent
import MinaoshiSupport

/// The documents of one section as the editor's picker finds them: each id with its title, and
/// both folded (NFKC, lower case) once, so that a search of thousands is a scan of short strings.
struct DocumentIndex: Sendable {
    /// The ids, sorted.
    let ids: [String]
    /// The title of every id (the id itself for a document no build has titled yet).
    let titles: [String: String]
    /// The titles of the documents the last good build published (drafts and new files are not).
    let published: [String: String]
    /// `title id`, folded, in the order of `ids`.
    private let folded: [String]

    init(ids: [String], titles built: [String: String]) {
        self.ids = ids
        let present = Set(ids)
        published = built.filter { present.contains($0.key) }
        var titles: [String: String] = [:]
        for id in ids { titles[id] = built[id] ?? id }
        self.titles = titles
        folded = ids.map { "\(titles[$0]!) \($0)".nfkc.lowercased() }
    }

    struct Found: Encodable, Equatable {
        struct Item: Encodable, Equatable {
            var id: String
            var title: String
        }
        var items: [Item]
        /// How many matched, of which `items` are the first.
        var total: Int
    }

    /// The documents whose title or id holds every one of `words` (folded as the index is), in
    /// the order of their ids, at most `limit` of them; none for no words.
    func matching(_ words: [String], limit: Int) -> Found {
        guard !words.isEmpty else { return Found(items: [], total: 0) }
        var found = Found(items: [], total: 0)
        for (index, text) in folded.enumerated() where words.allSatisfy(text.contains) {
            found.total += 1
            if found.items.count < limit { found.items.append(.init(id: ids[index], title: titles[ids[index]]!)) }
        }
        return found
    }

    /// The sections whose documents some form's field names (`regulations`).
    static let pickableSections: Set<String> = Set(
        AuthoringKind.allCases.flatMap(DocumentForm.fields(for:)).compactMap {
            if case .plain(_, .documents(let section)) = $0 { section } else { nil }
        })
}
