/// What the index knows of one document: its text by field, its facet values and what a result shows.
public struct SearchDocument: Sendable {
    public var title: String
    /// Site path without the base path: `/regulations/road-bridge-inspection/`.
    public var path: String
    public var summary: String
    /// One line under the title (the site's: the type, then the ministry, status and categories).
    public var meta: String
    /// Short texts searched with their own weight (the site's: law, article, vocabulary names,
    /// organisations, municipalities), one per entry.
    public var labels: [String]
    public var body: String
    /// Facet key (one of the ``SearchFacet/key``s given to the writer) → value ids.
    public var facets: [String: [String]]

    public init(
        title: String, path: String, summary: String, meta: String, labels: [String], body: String,
        facets: [String: [String]]
    ) {
        self.title = title
        self.path = path
        self.summary = summary
        self.meta = meta
        self.labels = labels
        self.body = body
        self.facets = facets
    }
}

/// A facet a search can filter by, as the index writer is given it: its key (`category`, also
/// the `--filter` key), its label for readers (分類) and the label of each value id. The writer
/// lists facets in the order it is given them; a value id with no label shows as itself.
public struct SearchFacet: Sendable {
    public var key: String
    public var label: String
    /// Value id → label.
    public var valueLabels: [String: String]

    public init(key: String, label: String, valueLabels: [String: String]) {
        self.key = key
        self.label = label
        self.valueLabels = valueLabels
    }
}
