/// Splits a list into pages of `pageSize`: page 1 at the list's own path, page n at `page/n/`.
struct Paginator: Sendable {
    let pageSize: Int

    func pageCount(of count: Int) -> Int { max(1, (count + pageSize - 1) / pageSize) }

    /// The indices of `page` (from 1) in a list of `count`.
    func range(of page: Int, count: Int) -> Range<Int> {
        let start = min(count, (page - 1) * pageSize)
        return start..<min(count, start + pageSize)
    }

    /// `/regulations/` for page 1, `/regulations/page/2/` after it.
    static func path(_ base: String, page: Int) -> String { page == 1 ? base : "\(base)page/\(page)/" }

    /// How many numbered links stand on either side of the current page.
    static let window = 2

    /// The links between the pages of a list; nil when it fits on one page.
    func view(page: Int, count: Int, base: String, link: (String) -> String) -> PaginationView? {
        let total = pageCount(of: count)
        guard total > 1 else { return nil }
        let shown = Set([1, total] + Array(max(1, page - Self.window)...min(total, page + Self.window)))
        var items: [PageLinkView] = []
        var previous = 0
        for number in shown.sorted() {
            if number > previous + 1 { items.append(PageLinkView(number: nil, url: nil, isCurrent: false)) }
            items.append(
                PageLinkView(number: number, url: link(Self.path(base, page: number)), isCurrent: number == page))
            previous = number
        }
        return PaginationView(
            current: page, total: total,
            previousURL: page > 1 ? link(Self.path(base, page: page - 1)) : nil,
            nextURL: page < total ? link(Self.path(base, page: page + 1)) : nil,
            items: items)
    }
}
