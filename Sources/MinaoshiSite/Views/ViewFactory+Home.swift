import MinaoshiContent

extension ViewFactory {
    /// How many technologies a category shows on the home page, most used first.
    static let technologiesPerTask = 4
    /// How many documents the list of latest changes shows.
    static let latestChanges = 8

    /// The home page's ways in, latest changes and headline figures (``FrontDoorView``).
    func frontDoor() -> FrontDoorView {
        let vocabularies = corpus.vocabularies
        let technologyOrder = Dictionary(
            vocabularies[.technologies].terms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let tasks = vocabularies[.categories].terms.compactMap { category -> TaskWayView? in
            let documents = lists.documents(filedUnder: .categories, term: category.id)
            guard !documents.isEmpty else { return nil }
            var uses: [String: Int] = [:]
            for index in documents {
                for technology in corpus.documents[index].kind.terms(of: .technologies) {
                    uses[technology, default: 0] += 1
                }
            }
            // Most used first; ties in the vocabulary's order, so the page is the same on every build.
            let top = uses.sorted { a, b in
                a.value != b.value
                    ? a.value > b.value : technologyOrder[a.key, default: .max] < technologyOrder[b.key, default: .max]
            }
            .prefix(Self.technologiesPerTask)
            .compactMap { id, count in
                vocabularies[.technologies].term(id).map {
                    TermSummaryView(label: $0.ja, url: link("/technologies/\(id)/"), count: count, description: nil)
                }
            }
            return TaskWayView(
                label: category.ja, url: link("/categories/\(category.id)/"), count: documents.count,
                description: category.description, technologies: Array(top))
        }
        let changes = lists.channelDocuments.prefix(Self.latestChanges).map { index -> LatestChangeView in
            let document = corpus.documents[index]
            // A change note counts when it is the document's last major change; else the document is new.
            let change = document.changes.first.flatMap { $0.date == document.lastMajorChange ? $0 : nil }
            return LatestChangeView(
                title: document.title, url: link(document.path),
                sectionTitle: SectionCatalog.info(for: document.section).title,
                date: document.lastMajorChange.map { dateView($0) }, note: change?.note)
        }
        let figures = corpus.nationalFigures.figures.map { NationalFigureView($0, withNote: false) }
        return FrontDoorView(
            tasks: tasks, changes: Array(changes),
            regulationCount: corpus.documents.filter { $0.kind.regulation != nil }.count,
            caseCount: corpus.documents.filter { $0.kind.caseStudy != nil }.count,
            figures: figures, progressURL: link(Self.progressPath))
    }
}
