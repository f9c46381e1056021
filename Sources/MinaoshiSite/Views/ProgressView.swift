import MinaoshiContent
import MinaoshiTemplate

/// `/progress/`: the corpus's own counts as charts with their tables, and apart from them the
/// national figures of `content/_data/progress.yml`, each with its date and source.
struct ProgressView {
    /// Documents in the corpus: the headline counts.
    var regulationCount: Int
    var caseCount: Int
    var corpusCharts: [ChartView]
    var figures: [NationalFigureView]
    var nationalCharts: [ChartView]
}

/// A chart with its data table and, for a national figure, its source.
struct ChartView {
    var chart: BarChart
    var description: String
    /// The legend of a stacked chart: each segment's name and class.
    var legend: [LegendItemView] {
        chart.isStacked ? chart.segments.enumerated().map { LegendItemView(label: $1, index: $0 + 1) } : []
    }
    var date: String?
    var dateISO: String?
    var sourceTitle: String?
    var sourceURL: String?
    var isSecondary: Bool = false
    /// The prefectures' chart also draws its counts on a tile map of Japan.
    var tileMap: TileMap?
}

struct LegendItemView {
    var label: String
    var index: Int
}

struct NationalFigureView {
    var id: String
    var label: String
    /// `9669`, for `<data value>`.
    var number: Int
    /// `9,669`.
    var value: String
    var unit: String
    var note: String?
    var date: String
    var dateISO: String
    var sourceTitle: String
    var sourceURL: String
    var isSecondary: Bool
}

extension NationalFigureView {
    /// A figure as the progress page (with its note) and the home page (without) show it.
    init(_ figure: NationalFigure, withNote: Bool) {
        self.init(
            id: figure.id, label: figure.label, number: figure.value, value: BarChart.grouped(figure.value),
            unit: figure.unit,
            note: withNote ? figure.note : nil, date: figure.date.japanese, dateISO: figure.date.iso8601,
            sourceTitle: figure.source.title, sourceURL: figure.source.url,
            isSecondary: Self.isSecondary(figure.confidence))
    }

    /// Anything short of `high` confidence is marked as a secondary source on the page.
    static func isSecondary(_ confidence: String?) -> Bool { confidence.map { $0 != "high" } ?? false }
}

extension ProgressView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "regulationCount": TemplateValue(regulationCount)
        case "caseCount": TemplateValue(caseCount)
        case "corpusCharts": TemplateValue(corpusCharts)
        case "figures": TemplateValue(figures)
        case "nationalCharts": TemplateValue(nationalCharts)
        case "hasNational": TemplateValue(!figures.isEmpty || !nationalCharts.isEmpty)
        default: nil
        }
    }
}

extension ChartView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(chart.id)
        case "title": TemplateValue(chart.title)
        case "description": TemplateValue(description)
        case "svg": TemplateValue(chart.svg)
        case "tileMap": TemplateValue(tileMap?.svg)
        case "legend": TemplateValue(legend)
        case "isStacked": TemplateValue(chart.isStacked)
        case "columns":
            TemplateValue(
                chart.isStacked
                    ? chart.segments.map { ChartCellView(text: $0) } + [ChartCellView(text: "合計")]
                    : [ChartCellView(text: "件数")])
        case "rows":
            TemplateValue(
                chart.rows.map { row in
                    ChartRowView(
                        label: row.label, url: row.url,
                        cells: (chart.isStacked ? row.values + [row.total] : [row.total]).map {
                            ChartCellView(text: "\(BarChart.grouped($0))\(chart.unit)")
                        })
                })
        case "date": TemplateValue(date)
        case "dateISO": TemplateValue(dateISO)
        case "sourceTitle": TemplateValue(sourceTitle)
        case "sourceURL": TemplateValue(sourceURL)
        case "isSecondary": TemplateValue(isSecondary)
        default: nil
        }
    }
}

struct ChartRowView: TemplateContext {
    var label: String
    var url: String?
    var cells: [ChartCellView]

    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "cells": TemplateValue(cells)
        default: nil
        }
    }
}

struct ChartCellView: TemplateContext {
    var text: String

    func templateValue(named name: String) -> TemplateValue? {
        name == "text" ? TemplateValue(text) : nil
    }
}

extension LegendItemView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "index": TemplateValue(index)
        default: nil
        }
    }
}

extension NationalFigureView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "label": TemplateValue(label)
        case "value": TemplateValue(value)
        case "number": TemplateValue(number)
        case "unit": TemplateValue(unit)
        case "note": TemplateValue(note)
        case "date": TemplateValue(date)
        case "dateISO": TemplateValue(dateISO)
        case "sourceTitle": TemplateValue(sourceTitle)
        case "sourceURL": TemplateValue(sourceURL)
        case "isSecondary": TemplateValue(isSecondary)
        default: nil
        }
    }
}
