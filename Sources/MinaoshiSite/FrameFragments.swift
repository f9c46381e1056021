/// The header and footer every page shares, rendered once per build: the footer once, the
/// header once per navigation state (which entry, if any, is `aria-current`), so a build of
/// 10,000 pages renders them some fifteen times instead of 20,000. The base template prints
/// them with `{{{header}}}` and `{{{footer}}}`; their templates may use `site` and `nav` only.
struct FrameFragments: Sendable {
    static let headerTemplate = "partials/header"
    static let footerTemplate = "partials/footer"

    let footer: String
    /// Rendered headers by ``key(_:)`` of their navigation.
    private let headers: [String: String]

    init(views: ViewFactory, templates: TemplateSet) {
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
        var headers: [String: String] = [:]
        for nav in variants {
            var view = frame
            view.nav = nav
            headers[Self.key(nav)] = Self.fragment(templates.render(view, with: Self.headerTemplate))
        }
        self.headers = headers
        footer = Self.fragment(templates.render(frame, with: Self.footerTemplate))
    }

    /// The header for a page's navigation; nil for a state no variant covers (render it then).
    func header(for nav: [NavItemView]) -> String? { headers[Self.key(nav)] }

    /// The page itself renders a header the cache does not hold.
    static func header(for view: PageView, templates: TemplateSet) -> String {
        fragment(templates.render(view, with: headerTemplate))
    }

    private static func key(_ nav: [NavItemView]) -> String {
        nav.map { "\($0.url)=\($0.current ?? "")" }.joined(separator: "\n")
    }

    /// A partial included on a line of its own ends with its newline; `{{{header}}}` on its own
    /// line adds one, so the fragment is kept without it.
    private static func fragment(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
