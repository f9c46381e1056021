/// The `Content-Type` of each kind of file a build writes, by its path under the output folder.
///
/// Feeds are told apart from other JSON and XML by where the build puts them (`feed.json`,
/// `feed.xml` and `feeds/…`); `ContentTypeTests` holds this table to the `type` of every
/// `<link rel="alternate">` the built pages declare, so the two cannot drift apart.
public enum ContentTypes {
    public static func forPath(_ segments: [String]) -> String {
        guard let name = segments.last else { return html }
        let isFeed = segments.count == 1 ? name.hasPrefix("feed.") : segments[0] == "feeds"
        let lowered = name.lowercased()
        if lowered.hasSuffix(".schema.json") { return "application/schema+json" }
        guard let dot = lowered.lastIndex(of: ".") else { return "application/octet-stream" }
        switch lowered[lowered.index(after: dot)...] {
        case "html", "htm": return html
        case "json": return isFeed ? "application/feed+json" : "application/json"
        case "xml": return isFeed ? "application/atom+xml" : "application/xml"
        case "csv": return "text/csv; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "pdf": return "application/pdf"
        // The search index's postings, grams and facets (docs/search-index.md).
        case "bin": return "application/octet-stream"
        default: return "application/octet-stream"
        }
    }

    public static let html = "text/html; charset=utf-8"
}
