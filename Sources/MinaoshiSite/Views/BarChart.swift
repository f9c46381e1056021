import MinaoshiSupport

/// A horizontal bar chart drawn at build time as inline SVG: one row per term, its bar a link to
/// the term's page, optionally stacked in segments (reviews of a category by status). No script,
/// no inline style: bars are coloured by classes of the stylesheet (`chart__seg--1` …).
struct BarChart: Sendable {
    struct Row: Sendable {
        var label: String
        /// The page of the term the row counts; nil when there is none (a national figure).
        var url: String?
        /// One value per segment of ``BarChart/segments`` (one value for a plain chart).
        var values: [Int]
        var total: Int { values.reduce(0, +) }
    }

    /// `progress-ministries`: the chart's element ids start with it.
    var id: String
    var title: String
    /// 件, 条項, %.
    var unit: String
    /// Names of the stacked segments, in order; one empty name for a plain chart.
    var segments: [String]
    var rows: [Row]

    var isStacked: Bool { segments.count > 1 }

    // The drawing's units: the SVG scales to the column (max-width in the stylesheet), so these
    // are proportions. A row is a label line above its bar, which keeps long Japanese labels
    // readable on a 375 px phone.
    static let width = 400, rowHeight = 44, labelBaseline = 16, barTop = 22, barHeight = 16, valueRoom = 64

    /// `9,669`: figures as figures, grouped by thousands, never rounded.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// The SVG element, escaped and ready to print.
    var svg: String {
        let height = max(rows.count, 1) * Self.rowHeight
        let largest = max(rows.map(\.total).max() ?? 0, 1)
        let room = Double(Self.width - Self.valueRoom)
        var out =
            "<svg class=\"chart__svg\" viewBox=\"0 0 \(Self.width) \(height)\" width=\"\(Self.width)\" height=\"\(height)\""
        out += " aria-labelledby=\"\(id)-title\">\n"
        for (index, row) in rows.enumerated() {
            let top = index * Self.rowHeight
            let label = row.label.escapedForMarkup
            let valueText = "\(Self.grouped(row.total))\(unit)".escapedForMarkup
            var body = "<text class=\"chart__label\" x=\"0\" y=\"\(top + Self.labelBaseline)\">\(label)</text>"
            var x = 0.0
            for (segment, value) in row.values.enumerated() where value > 0 {
                let width = room * Double(value) / Double(largest)
                let kind = isStacked ? "\(segment + 1)" : "plain"
                body +=
                    "<rect class=\"chart__seg chart__seg--\(kind)\" x=\"\(Self.format(x))\" y=\"\(top + Self.barTop)\""
                body += " width=\"\(Self.format(width))\" height=\"\(Self.barHeight)\"></rect>"
                x += width
            }
            body +=
                "<text class=\"chart__value\" x=\"\(Self.format(x + 6))\" y=\"\(top + Self.barTop + Self.barHeight - 3)\">\(valueText)</text>"
            if let url = row.url {
                out += "<a href=\"\(url.escapedForMarkup)\">\(body)</a>\n"
            } else {
                out += "<g>\(body)</g>\n"
            }
        }
        return out + "</svg>"
    }

    /// One decimal place at most, the same on every machine.
    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
