import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// The site settings in `minaoshi.yml` at the project root.
public struct SiteConfig: Sendable, Equatable {
    public var title: String
    public var description: String
    /// Absolute URL the site is served from, always ending in `/`.
    public var baseURL: String
    public var language: String
    /// The zone in which front-matter dates are days (feeds and "today" use it).
    public var timeZone: TimeZone
    /// Who publishes the site, shown in the footer and feeds.
    public var publisher: String
    /// Passes raw HTML in Markdown through (GitHub's tag filter still disarms `<script>`,
    /// `<iframe>` and the like). Off by default: cmark's safe mode drops raw HTML.
    public var allowRawHTML = false
    /// Documents on one page of a list (a section, a vocabulary term); later pages follow at `page/2/`.
    public var pageSize = SiteConfig.defaultPageSize
    public static let defaultPageSize = 50
    /// The licence of the content, carried by every feed and open-data file.
    public var license = License.publicDataLicense
    /// Other Minaoshi sites whose search indexes the search page and `minaoshi search` query with
    /// this site's, merged on one scale (`search.sites` in `minaoshi.yml`).
    public var searchSites: [SearchSite] = []

    /// Another site's search index: its base URL (the index is at `url` + `search/`) and the label
    /// its results carry.
    public struct SearchSite: Sendable, Equatable {
        public var url: String
        public var label: String

        public init(url: String, label: String) {
            self.url = SiteConfig.normalizedBaseURL(url)
            self.label = label
        }

        /// The folder of its index files, the source a Content-Security-Policy `connect-src` must allow.
        public var indexURL: String { url + "search/" }
    }

    /// A content licence: its name as people cite it and the URL of its text.
    public struct License: Sendable, Equatable {
        public var name: String
        public var url: String

        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }

        /// The Digital Agency's 公共データ利用規約 (PDL1.0), compatible with CC BY 4.0.
        public static let publicDataLicense = License(
            name: "公共データ利用規約 第1.0版 (PDL1.0)",
            url: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0")
    }

    public init(
        title: String = "Minaoshi", description: String = "", baseURL: String = "http://127.0.0.1:8080/",
        language: String = "ja", timeZone: TimeZone = TimeZone(identifier: "Asia/Tokyo")!, publisher: String = ""
    ) {
        self.title = title
        self.description = description
        self.baseURL = Self.normalizedBaseURL(baseURL)
        self.language = language
        self.timeZone = timeZone
        self.publisher = publisher
    }

    public static let fileName = "minaoshi.yml"
    static let knownKeys = [
        "title", "description", "base_url", "language", "time_zone", "publisher", "allow_raw_html", "page_size",
        "license", "search"
    ]

    /// Reads `minaoshi.yml` in `root`; a missing file gives the defaults.
    public static func load(root: URL) throws(DiagnosticsError) -> SiteConfig {
        let (config, diagnostics) = try read(root: root)
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return config
    }

    /// Reads `minaoshi.yml` in `root` as far as it can: the settings that are valid, the defaults
    /// for the rest, and the problems with the others, so that a build can report an unknown
    /// key with the content's problems in one run. Throws only when the file cannot be read or
    /// is not YAML.
    public static func read(root: URL) throws(DiagnosticsError) -> (SiteConfig, [Diagnostic]) {
        let url = root.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return (SiteConfig(), []) }
        let source = try SourceText.read(url, displayPath: fileName)
        var fields = try YAMLMapping.parse(source.text, firstLine: 1, source: source)
        var config = SiteConfig()
        fields.rejectUnknownKeys(knownKeys)
        if let title = fields.string("title", required: true) { config.title = title }
        if let description = fields.string("description") { config.description = description }
        if let language = fields.string("language") { config.language = language }
        if let publisher = fields.string("publisher") { config.publisher = publisher }
        if let allow = fields.bool("allow_raw_html") { config.allowRawHTML = allow }
        if let pageSize = fields.int("page_size") {
            if pageSize >= 1 {
                config.pageSize = pageSize
            } else {
                fields.report(
                    .error(
                        at: fields.location(ofValue: "page_size"), "'page_size' must be at least 1, found \(pageSize)",
                        hint: "the number of documents on one page of a list; the default is \(defaultPageSize)"))
            }
        }
        if var license = fields.mapping("license") {
            license.rejectUnknownKeys(["name", "url"])
            let name = license.string("name", required: true)
            let url = license.string("url", required: true)
            if let url, !isAbsoluteHTTPURL(url) {
                license.report(
                    .error(
                        at: license.location(ofValue: "url"),
                        "'license.url' must be an absolute http(s) URL, found '\(url)'",
                        hint: "the page with the licence text, e.g. \(License.publicDataLicense.url)"))
            }
            if let name, let url, !license.diagnostics.containsErrors { config.license = License(name: name, url: url) }
            fields.absorb(license)
        }
        var listed: [(site: SearchSite, at: SourceLocation, field: String)] = []
        if var search = fields.mapping("search") {
            search.rejectUnknownKeys(["sites"])
            listed = searchSites(&search)
            config.searchSites = listed.map(\.site)
            fields.absorb(search)
        }
        if let baseURL = fields.string("base_url") {
            if isAbsoluteHTTPURL(baseURL) {
                config.baseURL = normalizedBaseURL(baseURL)
            } else {
                fields.report(
                    .error(
                        at: fields.location(ofValue: "base_url"),
                        "'base_url' must be an absolute http(s) URL, found '\(baseURL)'",
                        hint: "for example https://example.go.jp/minaoshi/"))
            }
        }
        // Its own index is searched anyway: listed again, every result would count twice.
        for entry in listed where entry.site.url == config.baseURL {
            fields.report(
                .error(
                    at: entry.at, "'\(entry.field)' is this site's own base_url: '\(entry.site.url)'",
                    hint: "list other sites only; this site's index is always searched"))
        }
        if let zone = fields.string("time_zone") {
            if let timeZone = TimeZone(identifier: zone) {
                config.timeZone = timeZone
            } else {
                fields.report(
                    .error(
                        at: fields.location(ofValue: "time_zone"), "unknown time zone '\(zone)'",
                        hint: "use an IANA name such as Asia/Tokyo"))
            }
        }
        return (config, fields.diagnostics)
    }

    /// `search.sites`: each an absolute http(s) URL given once, with a label that is not empty and
    /// names one site only (results are told apart by it). Every problem is reported.
    static func searchSites(_ search: inout YAMLMapping) -> [(site: SearchSite, at: SourceLocation, field: String)] {
        var sites: [(site: SearchSite, at: SourceLocation, field: String)] = []
        var urls: [String: String] = [:], labels: [String: String] = [:]  // → where first given
        for var item in search.mappings("sites") {
            item.rejectUnknownKeys(["url", "label"])
            let url = item.string("url", required: true)
            let label = item.string("label", required: true)
            var valid = url != nil && label != nil
            if let url {
                if !isAbsoluteHTTPURL(url) {
                    item.report(
                        .error(
                            at: item.location(ofValue: "url"),
                            "'\(item.qualified("url"))' must be an absolute http(s) URL, found '\(url)'",
                            hint:
                                "the other site's base URL, e.g. https://example.go.jp/minaoshi/; its index is read from its search/ folder"
                        ))
                    valid = false
                } else if let bad = url.unicodeScalars.first(where: { ";,'\"?#".unicodeScalars.contains($0) }) {
                    // The URL goes into the pages' Content-Security-Policy as a source: these would end or bend it.
                    item.report(
                        .error(
                            at: item.location(ofValue: "url"),
                            "'\(item.qualified("url"))' must be a site's base URL without '\(bad)', found '\(url)'",
                            hint: "give the folder the other site is served from, without a query, fragment, ';' or ','"
                        ))
                    valid = false
                } else if let first = urls[normalizedBaseURL(url)] {
                    item.report(
                        .error(
                            at: item.location(ofValue: "url"),
                            "'\(item.qualified("url"))' repeats '\(first)': '\(url)'",
                            hint: "list each site once"))
                    valid = false
                } else {
                    urls[normalizedBaseURL(url)] = item.qualified("url")
                }
            }
            if let label {
                if let first = labels[label] {
                    item.report(
                        .error(
                            at: item.location(ofValue: "label"),
                            "'\(item.qualified("label"))' repeats '\(first)': '\(label)'",
                            hint: "give each site its own label: results are marked with it"))
                    valid = false
                } else {
                    labels[label] = item.qualified("label")
                }
            }
            if valid, let url, let label {
                sites.append((SearchSite(url: url, label: label), item.location(ofValue: "url"), item.qualified("url")))
            }
            search.absorb(item)
        }
        return sites
    }

    /// How the site's Markdown is parsed: the site defaults, with raw HTML (and the tag filter) if allowed.
    public var markdownOptions: MarkdownOptions {
        var options = MarkdownOptions.site
        if allowRawHTML {
            options.allowRawHTML = true
            options.extensions.insert(.tagfilter)
        }
        return options
    }

    static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme else { return false }
        return ["http", "https"].contains(scheme) && url.host != nil
    }

    /// Adds the trailing slash that relative URLs need.
    public static func normalizedBaseURL(_ url: String) -> String {
        url.hasSuffix("/") ? url : url + "/"
    }

    /// The absolute URL of a site path such as `/regulations/x/`.
    public func absoluteURL(_ path: String) -> String {
        baseURL + path.withoutLeadingSlashes
    }

    /// The path part of the base URL (`/minaoshi/` for `https://example.jp/minaoshi/`), for links inside pages.
    public var basePath: String {
        guard let url = URL(string: baseURL) else { return "/" }
        let path = url.path
        return path.isEmpty ? "/" : (path.hasSuffix("/") ? path : path + "/")
    }
}
