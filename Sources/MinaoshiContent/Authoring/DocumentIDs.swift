import Foundation
import MinaoshiSupport

/// Chooses ids for new documents: from the ASCII words of the title, else `<kind>-<date>`,
/// made unique with `-2`, `-3` … so that no existing file is ever overwritten and no other file's
/// declared id is taken again.
public enum DocumentIDs {
    /// Ids longer than this are cut at a hyphen.
    public static let maxLength = 60

    /// The ASCII letters and digits of `title`, lower-cased, each run joined by one `-`
    /// (`"OBD Self-Diagnosis 2024"` → `obd-self-diagnosis-2024`). Full-width Latin letters count
    /// (NFKC). `nil` when the title has no ASCII letter at all: digits alone (`12条`) make no id.
    public static func asciiSlug(_ title: String) -> String? {
        var words: [String] = []
        var current = ""
        for scalar in title.nfkc.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard words.contains(where: { $0.unicodeScalars.contains { ("a"..."z").contains($0) } }) else { return nil }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : "\(slug)-\(word)"
            if next.count > maxLength { break }
            slug = next
        }
        return slug.isEmpty ? String(words[0].prefix(maxLength)) : slug
    }

    /// The id a title gives before uniqueness: ``asciiSlug(_:)``, or `regulation-2026-11-27`
    /// for a Japanese title.
    public static func base(title: String, kind: AuthoringKind, date: CalendarDate) -> String {
        asciiSlug(title) ?? "\(kind.rawValue)-\(date.iso8601)"
    }

    /// `base` itself when free, else the first free `base-2`, `base-3` ….
    public static func unique(_ base: String, isTaken: (String) -> Bool) -> String {
        guard isTaken(base) else { return base }
        var counter = 2
        while isTaken("\(base)-\(counter)") { counter += 1 }
        return "\(base)-\(counter)"
    }

    /// True when `content/<section>/<id>.md` exists under `root`.
    public static func fileExists(id: String, kind: AuthoringKind, root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(kind.relativePath(id: id)).path)
    }

    /// Whether a new document of `kind` may not have `id`: a file of that name exists, or a file
    /// of the section declares that id (`id: x` in `content/cases/other-name.md`), which the
    /// build would refuse as a duplicate. `minaoshi new`, the editor and `minaoshi import` all
    /// ask this, each knowing the declared ids its own way (``declaredIDs(kind:root:)``, or the
    /// editor's kept view of the corpus).
    public static func isTaken(
        _ id: String, kind: AuthoringKind, root: URL, isDeclared: (String) -> Bool
    ) -> Bool {
        isDeclared(id) || fileExists(id: id, kind: kind, root: root)
    }

    /// The id each file of `kind`'s folder declares (``declaredID(ofFileAt:fileSlug:root:)``).
    public static func declaredIDs(kind: AuthoringKind, root: URL) -> Set<String> {
        Set(
            fileSlugs(section: kind.section, root: root).compactMap {
                declaredID(ofFileAt: kind.relativePath(id: $0), fileSlug: $0, root: root)
            })
    }

    /// The names, without `.md`, of the Markdown files of `content/<section>/` (not `_…` or
    /// hidden ones), sorted.
    public static func fileSlugs(section: String, root: URL) -> [String] {
        let folder = root.appendingPathComponent(CorpusLoader.contentFolder).appendingPathComponent(section)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix("_") && !$0.hasPrefix(".") }.map { String($0.dropLast(3)) }
            .sorted()
    }

    /// The id the file at `path` (`content/cases/x.md`) declares, read now as the editor reads it
    /// (``EditorCorpus/declaredID(in:fileSlug:)``: its `id:`, else its file's name); nil when it
    /// cannot be read.
    public static func declaredID(ofFileAt path: String, fileSlug: String, root: URL) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map {
            EditorCorpus.declaredID(in: String(decoding: $0, as: UTF8.self), fileSlug: fileSlug)
        }
    }
}
