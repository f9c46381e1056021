import MinaoshiContent

extension ViewFactory {
    static let progressPath = "/progress/"

    /// `/progress/`: every count is worked out here from the corpus; the national figures are
    /// `progress.yml`'s, shown as their sources give them.
    func progress() -> PageView {
        let description = "規制の見直しと実装事例の件数を、類型・見直し状況・府省庁・法令・都道府県・技術ごとに図と表で示します。全国の数値は出典とともに別に示します。"
        var view = page(title: "見直しの進み具合", description: description, path: Self.progressPath, crumbs: [homeCrumb])
        // Their fields, read as the struct they are: through the documents' dynamic members, the
        // reads below projected key paths at run time (this page took 1.8% of a body edit's CPU
        // samples at 10,000 documents, 1.4% after; every edit makes it again).
        let reviews = corpus.documents.compactMap { $0.kind.regulation?.fields }
        let cases = corpus.documents.compactMap { $0.kind.caseStudy?.fields }
        let vocabularies = corpus.vocabularies
        let statuses = vocabularies[.statuses].terms
        // Each chart's counts in one pass over the documents: filtering them once per term (and
        // per status) took terms × documents steps, 1.4% of a 10,000-document build for this page.
        let byStatus = statuses.map { status in
            TermCounts(reviews.lazy.filter { $0.status == status.id }.map(\.categories))
        }
        let byMinistry = TermCounts(reviews.lazy.map { [$0.ministry] })
        let byLaw = TermCounts(reviews.lazy.map(\.laws))
        let byPrefecture = TermCounts(cases.lazy.map(\.prefectures))
        let byTechnology = TermCounts(cases.lazy.map(\.technologies))

        func rows(_ kind: VocabularyKind, count: (VocabularyTerm) -> [Int]) -> [BarChart.Row] {
            vocabularies[kind].terms.compactMap { term in
                let values = count(term)
                guard values.reduce(0, +) > 0 else { return nil }
                return BarChart.Row(label: term.ja, url: link("/\(kind.rawValue)/\(term.id)/"), values: values)
            }
        }
        var charts = [
            ChartView(
                chart: BarChart(
                    id: "progress-categories", title: "規制の見直し（類型・見直し状況別）", unit: "件",
                    segments: statuses.map(\.ja),
                    rows: rows(.categories) { category in
                        byStatus.map { $0[category.id] }
                    }),
                description: "本サイトに載せた規制の見直しを、類型ごとに見直し状況で分けて数えています。一つの見直しが複数の類型に当たるときは、それぞれに数えます。"),
            ChartView(
                chart: BarChart(
                    id: "progress-ministries", title: "規制の見直し（府省庁別）", unit: "件", segments: [""],
                    rows: rows(.ministries) { [byMinistry[$0.id]] }),
                description: "本サイトに載せた規制の見直しを、所管する府省庁ごとに数えています。"),
            ChartView(
                chart: BarChart(
                    id: "progress-laws", title: "規制の見直し（法令別）", unit: "件", segments: [""],
                    rows: rows(.laws) { [byLaw[$0.id]] }),
                description: "本サイトに載せた規制の見直しを、見直した規定のある法令ごとに数えています。一つの見直しが複数の法令にわたるときは、それぞれに数えます。"),
            ChartView(
                chart: BarChart(
                    id: "progress-prefectures", title: "実装事例（都道府県別）", unit: "件", segments: [""],
                    rows: rows(.prefectures) { [byPrefecture[$0.id]] }),
                description: "本サイトに載せた実装事例を、実施した都道府県ごとに数えています（事例のある都道府県のみ）。"),
            ChartView(
                chart: BarChart(
                    id: "progress-technologies", title: "実装事例（技術別）", unit: "件", segments: [""],
                    rows: rows(.technologies) { [byTechnology[$0.id]] }),
                description: "本サイトに載せた実装事例を、使った技術ごとに数えています。")
        ]
        charts = charts.filter { !$0.chart.rows.isEmpty }
        if let index = charts.firstIndex(where: { $0.chart.id == "progress-prefectures" }) {
            charts[index].tileMap = TileMap(
                id: "progress-prefectures",
                tiles: Dictionary(
                    uniqueKeysWithValues: vocabularies[.prefectures].terms.map { prefecture in
                        let count = byPrefecture[prefecture.id]
                        return (
                            prefecture.id,
                            TileMap.Tile(
                                label: TileMap.shortName(prefecture.ja), count: count,
                                url: count > 0 ? link("/prefectures/\(prefecture.id)/") : nil)
                        )
                    }))
        }
        let national = corpus.nationalFigures
        let figures = national.figures.map { NationalFigureView($0, withNote: true) }
        let nationalCharts = national.breakdowns.map { breakdown in
            ChartView(
                chart: BarChart(
                    id: "national-\(breakdown.id)", title: breakdown.title, unit: breakdown.unit, segments: [""],
                    rows: breakdown.rows.map { BarChart.Row(label: $0.label, url: nil, values: [$0.value]) }),
                description: breakdown.total.map { "合計\(BarChart.grouped($0))\(breakdown.unit)。" } ?? "",
                date: breakdown.date.japanese, dateISO: breakdown.date.iso8601, sourceTitle: breakdown.source.title,
                sourceURL: breakdown.source.url, isSecondary: NationalFigureView.isSecondary(breakdown.confidence))
        }
        view.progress = ProgressView(
            regulationCount: reviews.count, caseCount: cases.count, corpusCharts: charts,
            figures: figures, nationalCharts: nationalCharts)
        return view
    }
}

/// How many of a sequence of id lists hold each id (a document filed twice under one term counts
/// once), counted in one pass: what `documents.filter { $0.ids.contains(id) }.count` gives for
/// every id at once.
struct TermCounts {
    private var counts: [String: Int] = [:]

    init(_ lists: some Sequence<[String]>) {
        for ids in lists {
            for (index, id) in ids.enumerated() where !ids[..<index].contains(id) { counts[id, default: 0] += 1 }
        }
    }

    subscript(id: String) -> Int { counts[id] ?? 0 }
}
