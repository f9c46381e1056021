import Foundation
import MinaoshiContent
import MinaoshiSupport

/// Refuses an output folder whose replacement would destroy the project's own files.
enum OutputFolderGuard {
    static func check(_ options: BuildOptions) throws(DiagnosticsError) {
        let output = options.output.resolvingSymlinksInPath().path
        let root = options.root.resolvingSymlinksInPath().path
        let protected = [root, root + "/" + CorpusLoader.contentFolder, root + "/" + TemplateSet.folder]
        let isProtected =
            protected.contains(output) || root.hasPrefix(output + "/") || output == "/"
            || protected.dropFirst().contains { output.hasPrefix($0 + "/") }
        if isProtected {
            throw DiagnosticsError([
                .error(
                    at: SourceLocation(file: options.output.path),
                    "refusing to use this folder as the output: building replaces the whole folder",
                    hint: "choose a folder of its own, such as 'site'")
            ])
        }
        // Building replaces the output whole, so it must be a site built before, or empty:
        // `--output ~/Documents` or a file given by mistake must never be swapped away.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        let entries =
            isDirectory.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []) : []
        let looksLikeASite = entries.isEmpty || entries.contains("index.html") || entries.contains("sitemap.xml")
        if !isDirectory.boolValue || !looksLikeASite {
            throw DiagnosticsError([
                .error(
                    at: SourceLocation(file: options.output.path),
                    isDirectory.boolValue
                        ? "refusing to replace this folder: it is not empty and holds no site built before (no index.html)"
                        : "refusing to replace this file with the site",
                    hint: "building replaces the whole output; choose a new or empty folder, such as 'site'")
            ])
        }
    }
}
