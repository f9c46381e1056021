import Foundation
import MinaoshiContent
import MinaoshiSupport

/// One named step of a build. A step reads the context, adds files or diagnostics, and throws
/// only when the build cannot go on (no config, an output folder it must not replace).
public struct BuildStep: Sendable {
    public let name: String
    /// Steps that write are left out of `check`, and run only while no error has been found.
    public let writes: Bool
    /// The earlier step this one may run beside: on a corpus of at most
    /// `BuildOptions.stepsBesideUpTo` documents it starts with that step, on a thread of its own and
    /// with its own copy of the context, and the pipeline waits for it where it stands in the
    /// list. Only a step that adds files and diagnostics, and reads nothing the steps in between
    /// change, may do so.
    public let runsBeside: String?
    /// A step that holds little memory of its own runs beside its partner at any corpus size, not
    /// only up to `BuildOptions.stepsBesideUpTo` documents.
    public let runsBesideAtAnySize: Bool
    let body: @Sendable (inout BuildContext) throws(DiagnosticsError) -> Void

    init(
        _ name: String, writes: Bool = false, runsBeside: String? = nil, atAnySize: Bool = false,
        _ body: @escaping @Sendable (inout BuildContext) throws(DiagnosticsError) -> Void
    ) {
        self.name = name
        self.writes = writes
        self.runsBeside = runsBeside
        self.runsBesideAtAnySize = atAnySize
        self.body = body
    }

    /// Runs the step, reporting its start to a kill test (``BuildPhaseProbe``).
    func run(_ context: inout BuildContext) throws(DiagnosticsError) {
        BuildPhaseProbe.reached(name)
        try body(&context)
    }
}

/// A step running beside another: its copy of the context, and how it ended.
// @unchecked: the step's thread writes `context` and `failure` before signalling `done`; the pipeline reads them only after waiting on it.
private final class StepBeside: @unchecked Sendable {
    let step: BuildStep
    /// Read by the pipeline only after `done`.
    var context: BuildContext
    var failure: DiagnosticsError?
    let fileCountBefore: Int, diagnosticCountBefore: Int
    private let done = DispatchSemaphore(value: 0)

    init(_ step: BuildStep, context: BuildContext) {
        self.step = step
        self.context = context
        fileCountBefore = context.fileCount
        diagnosticCountBefore = context.diagnostics.count
        let thread = Thread { [self] in
            do throws(DiagnosticsError) { try step.run(&self.context) } catch { failure = error }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the step; what it added goes into `context`.
    func join(into context: inout BuildContext) throws(DiagnosticsError) {
        done.wait()
        context.fileCount += self.context.fileCount - fileCountBefore
        context.diagnostics += self.context.diagnostics.dropFirst(diagnosticCountBefore)
        if let failure { throw failure }
    }
}

/// The steps of a build, in order. `check` runs the same list and skips the steps that write,
/// so whatever `build` would refuse, `check` reports.
public struct BuildPipeline: Sendable {
    public var steps: [BuildStep]

    public static let standard = BuildPipeline(steps: [
        .checkOutputFolder, .configure, .load, .relate, .loadTemplates, .plan, .render, .searchIndex, .openData,
        .writeSiteFiles, .publish
    ])

    /// Runs the steps for `mode`. Diagnostics, errors included, are in the result; it throws
    /// only for a step that cannot go on.
    public func run(_ options: BuildOptions, mode: BuildMode, progress: BuildProgress = .silent)
        throws(DiagnosticsError) -> BuildResult
    {
        var context = BuildContext(options: options, mode: mode, progress: progress)
        var clock = Stopwatch()
        let selected = steps.filter { mode == .build || !$0.writes }
        var besides: [StepBeside] = []
        // Steps running beside must be done before the build ends, well or not.
        func joinBesides(named name: String? = nil) throws(DiagnosticsError) {
            let joining = besides.filter { name == nil || $0.step.name == name }
            besides.removeAll { name == nil || $0.step.name == name }
            var failure: DiagnosticsError?
            for running in joining {
                do throws(DiagnosticsError) { try running.join(into: &context) } catch { failure = failure ?? error }
            }
            if let failure { throw failure }
        }
        for (index, step) in selected.enumerated() {
            if step.writes, context.diagnostics.containsErrors { break }
            progress.report(.started(step: step.name, index: index + 1, count: selected.count))
            do throws(DiagnosticsError) {
                if besides.contains(where: { $0.step.name == step.name }) {
                    try joinBesides(named: step.name)
                } else {
                    // None starts beside when the limit is negative; a writing one only while no error
                    // has been found, as it would in turn; a heavy one only up to the limit.
                    func startsBeside(_ partner: BuildStep) -> Bool {
                        guard partner.runsBeside == step.name, options.stepsBesideUpTo >= 0 else { return false }
                        if partner.writes, context.diagnostics.containsErrors { return false }
                        return partner.runsBesideAtAnySize || context.corpus.documents.count <= options.stepsBesideUpTo
                    }
                    let partners = selected[(index + 1)...].filter(startsBeside)
                    if mode == .build, !partners.isEmpty {
                        try context.stageOutput()
                        besides += partners.map { StepBeside($0, context: context) }
                    }
                    try step.run(&context)
                }
                // What the step freed goes back to the system before the next one allocates.
                FreedMemory.returnToSystem()
            } catch {
                do throws(DiagnosticsError) { try joinBesides() } catch { context.diagnostics += error.diagnostics }
                context.staged?.discard()
                throw DiagnosticsError((context.diagnostics + error.diagnostics).sorted())
            }
            clock.lap(step.name)
            let lap = clock.laps.last!
            progress.report(
                .finished(
                    step: step.name, seconds: lap.seconds, cpuSeconds: lap.cpuSeconds,
                    peakResidentBytes: lap.peakResidentBytes))
        }
        do throws(DiagnosticsError) { try joinBesides() } catch { context.diagnostics += error.diagnostics }
        context.staged?.discard()
        let result = BuildResult(context: context, laps: clock.laps, seconds: clock.elapsedSeconds)
        if !options.freesMemoryWhenDone { _ = Unmanaged.passRetained(KeptUntilExit(context)) }
        return result
    }
}

/// A run's context kept alive on purpose (see `BuildOptions.freesMemoryWhenDone`).
private final class KeptUntilExit {
    let context: BuildContext
    init(_ context: BuildContext) { self.context = context }
}

/// What a run found and did.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var documentCount: Int
    /// HTML pages written (or, for `check`, planned).
    public var pageCount: Int
    /// Every file written, pages and assets included.
    public var fileCount: Int
    /// Documents left out as drafts or future-dated.
    public var skippedCount: Int
    public var laps: [Stopwatch.Lap]
    public var seconds: Double
    /// What the load rendered or reused, for the next build (`BuildOptions.keepsRenderedBodies`).
    public var bodies: RenderedBodies?
    /// Every document's related documents, for the next build (``BuildOptions/previousRelated``).
    public var related: RelatedDocuments?
    /// Whether they were `BuildOptions.previousRelated`, taken whole.
    public var reusedRelated = false
    /// Where the open data records lie in the published files (``OpenDataPlaces``), filled in by
    /// whoever publishes and keeps them (``IncrementalBuild``).
    public var openData: OpenDataPlaces?
    /// Open data records taken from the last build's instead of made (``OpenDataRows``).
    public var reusedOpenDataRowCount = 0
    /// Bodies the load took from `BuildOptions.previousBodies`, and bodies it rendered.
    public var reusedBodyCount = 0, renderedBodyCount = 0
    /// Content files whose front matter came from `BuildOptions.frontMatterCache`, and files read;
    /// both 0 without that cache.
    public var reusedFrontMatterCount = 0, readFileCount = 0
    /// Each page's fingerprint, when `BuildOptions.outputReuse` was set; its `tree` is filled in
    /// by whoever publishes and keeps it (``IncrementalBuild``).
    public var outputs: OutputFingerprints?
    /// Pages kept as published, unrendered, because nothing they are rendered from changed.
    public var keptPageCount = 0
    /// What the pages were rendered from, when `BuildOptions.keepsModel` was set and the build wrote the site.
    public var model: SiteModel?

    init(context: BuildContext, laps: [Stopwatch.Lap], seconds: Double) {
        if let pages = context.pageFingerprints { outputs = OutputFingerprints(tree: "", pages: pages) }
        keptPageCount = context.keptPageCount
        if context.options.keepsModel, context.mode == .build, !context.diagnostics.containsErrors {
            model = SiteModel(context)
        }
        if let session = context.bodies {
            bodies = session.bodies
            related = context.related
            reusedRelated = related != nil && related?.inputs == context.options.previousRelated?.inputs
            reusedBodyCount = session.reusedCount
            renderedBodyCount = session.renderedCount
        }
        if let frontMatter = context.options.frontMatterCache {
            (reusedFrontMatterCount, readFileCount) = frontMatter.lastLoadCounts
        }
        diagnostics = context.diagnostics.sorted()
        documentCount = context.corpus.documents.count
        pageCount = context.pageCount
        fileCount = context.fileCount
        skippedCount = context.skippedCount
        self.laps = laps
        self.seconds = seconds
    }

    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
