import Foundation
import MinaoshiContent
import MinaoshiSupport

/// What each page of a published site was rendered from, as a hash (``PageInputs``), and which
/// published tree holds those pages. A build that finds a page's fingerprint unchanged does not
/// render it: it keeps the published file in its staging folder (a hard link, or nothing when the
/// standby it stages into holds that very file: ``StagedOutput/keepPublished(_:)``). Trusted only for the very tree it describes: a tree
/// replaced since (by `--no-cache`, another program, a build killed after publishing and before
/// writing its cache) has another ``tree`` and reuses nothing.
public struct OutputFingerprints: Equatable, Sendable {
    /// ``treeIdentity(of:)`` of the output folder as the build published it.
    public var tree: String
    /// By the page's first output path (`regulations/x/index.html`): the fingerprint of what it,
    /// and every other output of the page (its feeds), was rendered from.
    public var pages: [String: StableHash]

    public init(tree: String, pages: [String: StableHash]) {
        self.tree = tree
        self.pages = pages
    }

    /// ``StagedOutput/treeIdentity(of:)`` of the output folder.
    public static func treeIdentity(of output: URL) -> String {
        StagedOutput.treeIdentity(of: output)
    }
}

/// What a build may reuse of the published site: the fingerprints of the build that published
/// it, and the hash of the project's files every page reads, taken before the build read any
/// of them (so a file saved during the build makes the fingerprints older than the pages, never
/// newer: the next build renders those pages again).
public struct OutputReuse: Sendable {
    public var previous: OutputFingerprints?
    /// ``SiteInputs/hash(root:)`` at the start of the build.
    public var siteFiles: StableHash

    public init(previous: OutputFingerprints?, siteFiles: StableHash) {
        self.previous = previous
        self.siteFiles = siteFiles
    }

    /// The fingerprints, when the tree published at `output` is the one they describe: only then
    /// may a build keep published files (pages by fingerprint, search files by name).
    func trusted(at output: URL) -> OutputFingerprints? {
        guard let previous, !previous.tree.isEmpty, previous.tree == OutputFingerprints.treeIdentity(of: output)
        else { return nil }
        return previous
    }
}

/// The project's files outside the documents that pages read: `minaoshi.yml`, every file under
/// `templates/` and under `content/_data/` (vocabularies, synonyms, progress figures, the
/// accessibility report).
public enum SiteInputs {
    public static func hash(root: URL) -> StableHash {
        var hasher = StableHasher()
        let rootPath = root.path
        for relative in [SiteConfig.fileName] + files(under: TemplateSet.folder, in: rootPath)
            + files(under: Vocabularies.folder, in: rootPath)
        {
            hasher.add(relative)
            if let bytes = FileManager.default.contents(atPath: rootPath + "/" + relative) {
                hasher.add(1)
                hasher.add(bytes)
            } else {
                hasher.add(0)
            }
        }
        return hasher.value
    }

    /// Regular files below `folder` (relative to the root), sorted, symbolic links followed as
    /// the build follows them.
    static func files(under folder: String, in rootPath: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: rootPath + "/" + folder) else { return [] }
        var found: [String] = []
        while let entry = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let relative = folder + "/" + entry
            if FileManager.default.fileExists(atPath: rootPath + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}
