import MinaoshiSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the file a request names under the output folder, and only there.
///
/// The folder is looked up by its path on every request, because a build swaps a new tree in
/// under the same name. A folder serves its `index.html` (there are no listings), and a name that
/// reaches outside the folder through a symbolic link is treated as missing.
public struct SiteFiles: Sendable {
    public enum Lookup: Equatable, Sendable {
        case file(path: String, segments: [String])
        /// A folder asked for without its trailing slash: its index's relative links need one.
        case addSlash
        case notFound
    }

    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public func lookup(_ segments: [String], isFolder: Bool) -> Lookup {
        guard let root = Self.realPath(folder) else { return .notFound }
        let joined = segments.isEmpty ? root : root + "/" + segments.joined(separator: "/")
        guard let real = Self.realPath(joined), real == root || real.hasPrefix(root + "/") else { return .notFound }
        guard let status = try? FileStatus(path: real) else { return .notFound }
        if status.isDirectory {
            if !isFolder && !segments.isEmpty { return .addSlash }
            return lookup(segments + ["index.html"], isFolder: false)
        }
        guard status.isRegularFile, !isFolder else { return .notFound }
        return .file(path: real, segments: segments)
    }

    /// The site's own 404 page, when it has one.
    public var notFoundPage: String? {
        if case .file(let path, _) = lookup(["404.html"], isFolder: false) { return path }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
