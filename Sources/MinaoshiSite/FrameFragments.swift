import MinaoshiSupport

/// The header and footer every page shares, rendered once per build: the footer once, the
/// header once per navigation state (which entry, if any, is `aria-current`), so a build of
/// 10,000 pages renders them some fifteen times instead of 20,000. The base template prints
/// them with `{{{header}}}` and `{{{footer}}}`; their templates may use `site` and `nav` only.
struct FrameFragments: Sendable {
    static let headerTemplate = "partials/header"
    static let footerTemplate = "partials/footer"

    let footer: String
    /// The navigation with no entry current.
    private let plainNav: [NavItemView]
    /// Rendered headers by navigation state: the current entry's index and value, (-1, "") for none.
    private let headers: [Variant: String]

    private struct Variant: Hashable {
        var index: Int
        var current: String
    }

    init(views: ViewFactory, templates: TemplateSet) throws(DiagnosticsError) {
        // A path no navigation entry matches: every entry without aria-current.
        let frame = views.page(title: "", description: "", path: "\u{0}", crumbs: [])
        var variants = [frame.nav]
        for index in frame.nav.indices {
            for current in ["page", "true"] {
                var nav = frame.nav
                nav[index].current = current
                variants.append(nav)
            }
        }
        var headers: [Variant: String] = [:]
        for nav in variants {
            var view = frame
            view.nav = nav
            headers[Self.variant(nav, of: frame.nav)!] = Self.fragment(
                try templates.render(view, with: Self.headerTemplate))
        }
        self.plainNav = frame.nav
        self.headers = headers
        footer = Self.fragment(try templates.render(frame, with: Self.footerTemplate))
    }

    /// The header for a page's navigation; nil for a state no variant covers (render it then).
    func header(for nav: [NavItemView]) -> String? { Self.variant(nav, of: plainNav).flatMap { headers[$0] } }

    /// The page itself renders a header the cache does not hold.
    static func header(for view: PageView, templates: TemplateSet) throws(DiagnosticsError) -> String {
        fragment(try templates.render(view, with: headerTemplate))
    }

    /// Which variant `nav` is: the same entries as `plain` with at most one current; nil otherwise.
    /// (Joining the entries into a key string for each page cost more than the comparisons.)
    private static func variant(_ nav: [NavItemView], of plain: [NavItemView]) -> Variant? {
        guard nav.count == plain.count else { return nil }
        var found = Variant(index: -1, current: "")
        for index in nav.indices {
            guard nav[index].url == plain[index].url, nav[index].label == plain[index].label else { return nil }
            if let current = nav[index].current {
                guard found.index < 0 else { return nil }
                found = Variant(index: index, current: current)
            }
        }
        return found
    }

    /// A partial included on a line of its own ends with its newline; `{{{header}}}` on its own
    /// line adds one, so the fragment is kept without it.
    private static func fragment(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
