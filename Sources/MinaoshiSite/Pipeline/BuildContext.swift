import Foundation
import MinaoshiContent
import MinaoshiSupport

/// Whether a run writes the site or only checks it.
public enum BuildMode: Sendable {
    /// Every step; the site is swapped in when no error was found.
    case build
    /// The same steps short of writing: `minaoshi check` can never disagree with `build`.
    case check
}

/// What the steps of a build share: each step reads what earlier ones left and adds its part,
/// files or diagnostics.
public struct BuildContext {
    public let options: BuildOptions
    public let mode: BuildMode
    let progress: BuildProgress

    public internal(set) var config = SiteConfig()
    public internal(set) var today: CalendarDate
    public internal(set) var corpus = Corpus(documents: [])
    /// Documents left out as drafts or future-dated.
    public internal(set) var skippedCount = 0
    /// What the load rendered or reused, when `options.keepsRenderedBodies`.
    var bodies: BodyRenderSession?
    var related: RelatedDocuments?
    var lists: SiteLists?
    var templates: TemplateSet?
    /// Every page the build writes, in a stable order.
    var pages: [PlannedPage] = []
    var staged: StagedOutput?
    /// Each page's fingerprint by its first output path, when `options.outputReuse` is set.
    var pageFingerprints: [String: StableHash]?
    /// Pages kept as published rather than rendered.
    var keptPageCount = 0
    /// Problems found so far, errors and warnings, from every step.
    public internal(set) var diagnostics: [Diagnostic] = []
    public internal(set) var pageCount = 0
    public internal(set) var fileCount = 0

    init(options: BuildOptions, mode: BuildMode, progress: BuildProgress) {
        self.options = options
        self.mode = mode
        self.progress = progress
        self.today = options.today ?? CalendarDate(Date(), in: TimeZone(identifier: "Asia/Tokyo")!)
    }

    /// The output folder as diagnostics show it: relative to the root when it is inside it.
    var outputDisplayPath: String {
        let output = options.output.path, root = options.root.path
        return output.hasPrefix(root + "/") ? String(output.dropFirst(root.count + 1)) : output
    }

    /// Opens the staging folder the writing steps write into, unless it is open already.
    mutating func stageOutput() throws(DiagnosticsError) {
        guard staged == nil else { return }
        do {
            staged = try StagedOutput(output: options.output, keepsStandby: options.keepsStandbyTree)
        } catch {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: outputDisplayPath), "cannot write the site: \(error)")
            ])
        }
    }

    /// The views of the loaded corpus; valid from the plan step on.
    var views: ViewFactory {
        ViewFactory(config: config, corpus: corpus, lists: lists!, related: related!)
    }
}
