import MinaoshiContent
import MinaoshiSupport

/// `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`. A sitemap holds at most 50,000 URLs; a
/// larger site gets `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index.
enum SiteMapWriter {
    static let urlsPerSitemap = 50_000

    struct Entry {
        var path: String
        /// `YYYY-MM-DD`.
        var lastModified: String?
    }

    struct File {
        var path: String
        var text: String
    }

    /// The sitemap files and robots.txt for the pages of a build: every listed page's primary
    /// output, so the sitemap cannot drift from what was rendered.
    static func files(for pages: [PlannedPage], corpus: Corpus, config: SiteConfig, limit: Int = urlsPerSitemap)
        -> [File]
    {
        let entries = pages.filter(\.isListed).map { page -> Entry in
            var lastModified: String?
            if case .document(let index) = page.content { lastModified = corpus.documents[index].lastModified?.iso8601 }
            return Entry(path: page.kind.primary.linkPath(for: page.path), lastModified: lastModified)
        }.sorted { $0.path < $1.path }
        var files: [File] = []
        if entries.count <= limit {
            files.append(File(path: "sitemap.xml", text: sitemap(entries[...], config: config)))
        } else {
            let parts = stride(from: 0, to: entries.count, by: limit).map {
                entries[$0..<min(entries.count, $0 + limit)]
            }
            for (number, part) in parts.enumerated() {
                files.append(File(path: "sitemap-\(number + 1).xml", text: sitemap(part, config: config)))
            }
            files.append(File(path: "sitemap.xml", text: index(files.map(\.path), config: config)))
        }
        files.append(File(path: "robots.txt", text: robots(config: config)))
        return files
    }

    static func sitemap(_ entries: ArraySlice<Entry>, config: SiteConfig) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"# + "\n"
        for entry in entries {
            xml += "  <url><loc>\(config.absoluteURL(entry.path).escapedForMarkup)</loc>"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(lastModified)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    static func index(_ sitemaps: [String], config: SiteConfig) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"# + "\n"
        for path in sitemaps {
            xml += "  <sitemap><loc>\(config.absoluteURL(path).escapedForMarkup)</loc></sitemap>\n"
        }
        xml += "</sitemapindex>\n"
        return xml
    }

    static func robots(config: SiteConfig) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(config.absoluteURL("/sitemap.xml"))\n"
    }
}
