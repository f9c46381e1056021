import MinaoshiContent
import MinaoshiSupport

/// `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`.
enum SiteMapWriter {
    struct Entry {
        var path: String
        /// `YYYY-MM-DD`.
        var lastModified: String?
    }

    static func sitemap(_ entries: [Entry], config: SiteConfig) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"# + "\n"
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(config.absoluteURL(entry.path).escapedForMarkup)</loc>"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(lastModified)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    static func robots(config: SiteConfig) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(config.absoluteURL("/sitemap.xml"))\n"
    }
}
