import Foundation

/// A throwaway project folder for a test: files given as `[path: text]`, the real templates
/// of the package copied in unless the test brings its own. Removed by ``remove()``.
public struct FixtureSite: Sendable {
    public let root: URL

    /// The package root, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// - Parameter copyVocabularies: copies the shipped `content/_data/` so typed documents can use real ids.
    /// - Parameter parent: where the project folder is made (the temporary folder by default).
    public init(
        files: [String: String], copyTemplates: Bool = true, copyConfig: Bool = false, copyVocabularies: Bool = true,
        parent: URL = FileManager.default.temporaryDirectory
    ) throws {
        root = parent.appendingPathComponent("minaoshi-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyTemplates {
            try FileManager.default.copyItem(
                at: Self.packageRoot.appendingPathComponent("templates"),
                to: root.appendingPathComponent("templates"))
        }
        if copyConfig {
            try FileManager.default.copyItem(
                at: Self.packageRoot.appendingPathComponent("minaoshi.yml"),
                to: root.appendingPathComponent("minaoshi.yml"))
        }
        if copyVocabularies {
            try FileManager.default.createDirectory(at: url("content"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: Self.packageRoot.appendingPathComponent("content/_data"), to: url("content/_data"))
        }
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of the shipped project (content, templates, config).
    public static func shippedProject() throws -> FixtureSite {
        let site = try FixtureSite(files: [:], copyTemplates: true, copyConfig: true, copyVocabularies: false)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("content"), to: site.url("content"))
        return site
    }

    public func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    public func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    public func write(_ path: String, _ data: Data) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url(path).path)
    }

    /// Every regular file under `folder`, by path relative to it, with its bytes.
    public func tree(_ folder: String) throws -> [String: Data] {
        try Self.tree(of: url(folder))
    }

    /// Every regular file under `folder`, by path relative to it, with its bytes.
    public static func tree(of folder: URL) throws -> [String: Data] {
        let base = folder.standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [:] }
        var files: [String: Data] = [:]
        for case let file as URL in enumerator
        where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(file.standardizedFileURL.path.dropFirst(base.path.count + 1))
            files[relative] = try Data(contentsOf: file)
        }
        return files
    }

    /// Names in `folder` (not recursive), sorted.
    public func list(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []).sorted()
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// A minimal valid document.
public func documentText(
    id: String, title: String, date: String = "2024-01-01", extra: String = "", body: String = "本文です。"
) -> String {
    "---\nid: \(id)\ntitle: \(title)\ndate: \(date)\n\(extra)---\n\(body)\n"
}

/// A valid regulation review (for `content/regulations/`) using ids of the shipped vocabularies;
/// `technologies` is the inside of its list (`drones, satellite-data`).
public func regulationText(
    id: String, title: String, date: String = "2024-01-01", extra: String = "", body: String = "本文です。",
    technologies: String = "drones"
) -> String {
    """
    ---
    id: \(id)
    title: \(title)
    laws: [road-act]
    ministry: mlit
    categories: [visual-inspection]
    status: reviewed
    before: 近接目視
    after: ドローンも可
    technologies: [\(technologies)]
    date: \(date)
    sources: [{title: 出典, url: "https://example.go.jp/\(id)"}]
    \(extra)---
    \(body)

    """
}

/// A valid case study (for `content/cases/`) using ids of the shipped vocabularies.
public func caseText(
    id: String, title: String, date: String = "2024-01-01", regulations: [String] = [], extra: String = "",
    body: String = "本文です。"
) -> String {
    """
    ---
    id: \(id)
    title: \(title)
    prefectures: [fukushima]
    categories: [visual-inspection]
    regulations: [\(regulations.joined(separator: ", "))]
    technologies: [drones]
    date: \(date)
    sources: [{title: 出典, url: "https://example.go.jp/\(id)"}]
    \(extra)---
    \(body)

    """
}
