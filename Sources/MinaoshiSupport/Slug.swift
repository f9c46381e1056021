/// Turns a heading or title into an id that is valid in HTML, readable in a URL and stable:
/// NFKC, lower case, letters and digits of any script kept (so Japanese headings keep their
/// words), every other run of characters becomes one `-`.
///
/// `見直し後の規制（2023年）` → `見直し後の規制-2023年`; `Drone Inspection!` → `drone-inspection`.
public func slugify(_ text: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in text.nfkc.lowercased().unicodeScalars {
        let properties = scalar.properties
        let keep = properties.isAlphabetic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
            || scalar == "_"
        if keep {
            if pendingDash && !slug.isEmpty { slug.append("-") }
            pendingDash = false
            slug.unicodeScalars.append(scalar)
        } else {
            pendingDash = true
        }
    }
    return slug
}

/// Hands out ids unique within one page: the first `概要` is `概要`, the next `概要-1`, then `概要-2`.
public struct UniqueIDAllocator: Sendable {
    private var used: Set<String>
    private let fallback: String

    /// - Parameters:
    ///   - reserved: ids already taken on the page (footnote ids, say).
    ///   - fallback: the id for a heading with no letters or digits at all.
    public init(reserved: Set<String> = [], fallback: String = "section") {
        self.used = reserved
        self.fallback = fallback
    }

    public mutating func allocate(for text: String) -> String {
        let slug = slugify(text)
        let base = slug.isEmpty ? fallback : slug
        var candidate = base
        var counter = 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used.insert(candidate)
        return candidate
    }
}
