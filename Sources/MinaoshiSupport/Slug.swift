/// Turns a heading or title into an id that is valid in HTML, readable in a URL and stable:
/// NFKC, lower case, letters and digits of any script kept (so Japanese headings keep their
/// words), every other run of characters becomes one `-`.
///
/// `見直し後の規制（2023年）` → `見直し後の規制-2023年`; `Drone Inspection!` → `drone-inspection`.
public func slugify(_ text: String) -> String {
    fastSlug(text) ?? slugByProperties(text)
}

/// The slug when every scalar is one whose fate is known without Unicode's property tables:
/// ASCII, kana and the unified ideographs (after NFKC's one-to-one width mapping); nil
/// otherwise. Headings are mostly such text, and the tables, NFKC and `lowercased()` of each
/// heading were a percent of a build. A test checks every scalar of these ranges against
/// `slugByProperties`.
private func fastSlug(_ text: String) -> String? {
    var slug: [UInt8] = []
    slug.reserveCapacity(text.utf8.count)
    var pendingDash = false
    for raw in text.unicodeScalars {
        guard let scalar = raw.nfkcAlone, let keep = keptInSlug(scalar) else { return nil }
        guard keep else { pendingDash = true; continue }
        if pendingDash && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
        pendingDash = false
        let lower = (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
        UTF8.encode(lower) { slug.append($0) }
    }
    return String(decoding: slug, as: UTF8.self)
}

/// Whether a slug keeps `scalar` (NFKC already), for the scalars `fastSlug` knows; nil for the rest.
func keptInSlug(_ scalar: Unicode.Scalar) -> Bool? {
    switch scalar.value {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: true
    case 0x00...0x7F: false
    case 0x3001...0x3004, 0x3008...0x3011, 0x3014...0x301F, 0x30FB: false
    case 0x3005...0x3007, 0x3041...0x3096, 0x309D...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF, 0x4E00...0x9FFF: true
    default: nil
    }
}

/// The slug by Unicode's properties: NFKC, lower case, then letters, digits and marks kept.
func slugByProperties(_ text: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in text.nfkc.lowercased().unicodeScalars {
        let properties = scalar.properties
        let keep =
            properties.isAlphabetic || properties.numericType != nil
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
    /// By bytes: slugs are NFKC already, and `Set<String>` normalized every Japanese id to hash it.
    private var used: Set<ExactText>
    private let fallback: String

    /// - Parameters:
    ///   - reserved: ids already taken on the page (footnote ids, say).
    ///   - fallback: the id for a heading with no letters or digits at all.
    public init(reserved: Set<String> = [], fallback: String = "section") {
        self.used = Set(reserved.map(ExactText.init))
        self.fallback = fallback
    }

    public mutating func allocate(for text: String) -> String {
        let slug = slugify(text)
        let base = slug.isEmpty ? fallback : slug
        var candidate = base
        var counter = 0
        while used.contains(ExactText(candidate)) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used.insert(ExactText(candidate))
        return candidate
    }
}
