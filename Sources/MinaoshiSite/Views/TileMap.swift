import MinaoshiSupport

/// The 47 prefectures as a tile grid map drawn at build time (inline SVG): one square per
/// prefecture, roughly where it lies, shaded by how many cases it has and showing the number, each
/// tile with cases a link to the prefecture's page. The bar chart and the table beside it say the
/// same in full. Prefectures are matched by the ids of `content/_data/prefectures.yml`.
struct TileMap: Sendable {
    struct Tile: Sendable {
        var label: String
        var count: Int
        var url: String?
    }

    /// Column and row of each prefecture (12 columns, 12 rows; north-east to south-west).
    static let positions: [String: (column: Int, row: Int)] = [
        "hokkaido": (11, 0), "aomori": (11, 1), "akita": (10, 2), "iwate": (11, 2), "yamagata": (10, 3),
        "miyagi": (11, 3),
        "ishikawa": (7, 4), "toyama": (8, 4), "niigata": (9, 4), "fukushima": (10, 4),
        "fukui": (7, 5), "gifu": (8, 5), "nagano": (9, 5), "gunma": (10, 5), "tochigi": (11, 5),
        "shimane": (3, 6), "tottori": (4, 6), "hyogo": (5, 6), "kyoto": (6, 6), "shiga": (7, 6), "yamanashi": (9, 6),
        "saitama": (10, 6),
        "ibaraki": (11, 6),
        "yamaguchi": (2, 7), "hiroshima": (3, 7), "okayama": (4, 7), "osaka": (5, 7), "nara": (6, 7), "mie": (7, 7),
        "aichi": (8, 7),
        "shizuoka": (9, 7), "tokyo": (10, 7), "chiba": (11, 7),
        "saga": (0, 8), "fukuoka": (1, 8), "ehime": (3, 8), "kagawa": (4, 8), "wakayama": (6, 8), "kanagawa": (10, 8),
        "nagasaki": (0, 9), "kumamoto": (1, 9), "oita": (2, 9), "kochi": (3, 9), "tokushima": (4, 9),
        "kagoshima": (1, 10), "miyazaki": (2, 10),
        "okinawa": (0, 11)
    ]
    static let tile = 34, step = 36, columns = 12, rows = 12

    var id: String
    /// By prefecture id; prefectures without a place in ``positions`` are left out (the table has them).
    var tiles: [String: Tile]

    /// The shade of a count: none, 1, 2–3, 4 or more.
    static func shade(_ count: Int) -> Int { count == 0 ? 0 : (count == 1 ? 1 : (count <= 3 ? 2 : 3)) }

    var svg: String {
        let width = Self.columns * Self.step, height = Self.rows * Self.step
        var out =
            "<svg class=\"tile-map\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"\(id)-map-title\">\n"
        out += "<title id=\"\(id)-map-title\">都道府県ごとの実装事例の数（地図）</title>\n"
        for (prefecture, place) in Self.positions.sorted(by: {
            ($0.value.row, $0.value.column) < ($1.value.row, $1.value.column)
        }) {
            guard let tile = tiles[prefecture] else { continue }
            let x = place.column * Self.step, y = place.row * Self.step, middle = x + Self.tile / 2
            var body = "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.tile)\" height=\"\(Self.tile)\" rx=\"3\"></rect>"
            body += "<text x=\"\(middle)\" y=\"\(y + 15)\" text-anchor=\"middle\">\(tile.label.escapedForMarkup)</text>"
            body +=
                "<text class=\"tile-map__count\" x=\"\(middle)\" y=\"\(y + 29)\" text-anchor=\"middle\">\(tile.count)</text>"
            let kind = "tile-map__tile tile-map__tile--\(Self.shade(tile.count))"
            if let url = tile.url {
                out += "<a class=\"\(kind)\" href=\"\(url.escapedForMarkup)\">\(body)</a>\n"
            } else {
                out += "<g class=\"\(kind)\">\(body)</g>\n"
            }
        }
        return out + "</svg>"
    }

    /// `福島県` → `福島`, `北海道` stays: the name fits its tile.
    static func shortName(_ name: String) -> String {
        guard name != "北海道", let last = name.last, "都府県".contains(last) else { return name }
        return String(name.dropLast())
    }
}
