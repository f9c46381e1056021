import MinaoshiMarkdown
import MinaoshiSupport

/// Bodies rendered by an earlier load, reused when rendering again would give the same result.
///
/// Rendering a body is a function of its Markdown, its file's path and line offset, the Markdown
/// options, and the answers the link rewriter gave for the destinations the renderer asked about.
/// An entry keeps the first four (the options for the whole set) and the questions with their
/// answers; it is reused only when every one of them is the same now, the answers asked again of
/// this load's rewriter. So a body depends on the links it resolves, not on every other file.
public struct RenderedBodies: Equatable, Sendable {
    /// What rendering one body read and gave.
    public struct Entry: Equatable, Sendable {
        public var sourcePath: String
        public var lineOffset: Int
        /// ``StableHash`` of the body's Markdown.
        public var sourceHash: StableHash
        /// Each destination the renderer asked the rewriter about, with the answer, in order.
        public var linkAnswers: [LinkAnswer]
        public var rendered: RenderedMarkdown

        public init(
            sourcePath: String, lineOffset: Int, sourceHash: StableHash, linkAnswers: [LinkAnswer],
            rendered: RenderedMarkdown
        ) {
            self.sourcePath = sourcePath
            self.lineOffset = lineOffset
            self.sourceHash = sourceHash
            self.linkAnswers = linkAnswers
            self.rendered = rendered
        }
    }

    public struct LinkAnswer: Hashable, Sendable {
        public var destination: String
        public var answer: String?

        public init(destination: String, answer: String?) {
            self.destination = destination
            self.answer = answer
        }
    }

    /// ``fingerprint(of:)`` of the options every entry was rendered with.
    public var optionsFingerprint: String
    /// At most one per source path.
    public var entries: [Entry]

    public init(optionsFingerprint: String, entries: [Entry]) {
        self.optionsFingerprint = optionsFingerprint
        self.entries = entries
    }

    /// Every stored property of the options, by name, with a set's members sorted: a property
    /// added to ``MarkdownOptions`` later is part of it without anyone remembering to add it.
    public static func fingerprint(of options: MarkdownOptions) -> String {
        Mirror(reflecting: options).children.map { child in
            let value =
                if let extensions = child.value as? Set<MarkdownOptions.Extension> {
                    extensions.map(\.rawValue).sorted().joined(separator: ",")
                } else {
                    String(reflecting: child.value)
                }
            return "\(child.label ?? "?")=\(value)"
        }.joined(separator: ";")
    }
}

/// One load's use of ``RenderedBodies``: renders each body or reuses the earlier rendering, and
/// keeps what this load rendered or reused, which is what the next load may reuse.
/// Safe to call from the loader's parallel render.
public final class BodyRenderSession: Sendable {
    private let optionsFingerprint: String
    private let previous: [String: RenderedBodies.Entry]
    private let kept = Locked<[String: RenderedBodies.Entry]>([:])
    private let counts = Locked((reused: 0, rendered: 0))

    /// Reuses `previous` only if it was rendered with the same options.
    public init(previous: RenderedBodies?, options: MarkdownOptions) {
        optionsFingerprint = RenderedBodies.fingerprint(of: options)
        if let previous, previous.optionsFingerprint == optionsFingerprint {
            self.previous = Dictionary(
                previous.entries.map { ($0.sourcePath, $0) }, uniquingKeysWith: { _, last in last })
        } else {
            self.previous = [:]
        }
    }

    /// `MarkdownRenderer.render(source, options:lineOffset:rewriteLink:)` of the body whose
    /// Markdown has the ``StableHash`` `hash`, or the result of an earlier call that read the same
    /// things. `source` is asked for the Markdown only when the body must be rendered again; nil
    /// when it has none (``CorpusLoader/FrontMatterPass/body(rootPath:)``).
    func render(
        hash: StableHash, source: () -> String?, sourcePath: String, options: MarkdownOptions, lineOffset: Int,
        rewriteLink: @escaping LinkRewriter
    ) -> RenderedMarkdown? {
        if let entry = previous[sourcePath], entry.sourceHash == hash, entry.lineOffset == lineOffset,
            entry.linkAnswers.allSatisfy({ rewriteLink($0.destination) == $0.answer })
        {
            kept.withLock { $0[sourcePath] = entry }
            counts.withLock { $0.reused += 1 }
            return entry.rendered
        }
        guard let source = source() else { return nil }
        let answers = Locked<[RenderedBodies.LinkAnswer]>([])
        let rendered = MarkdownRenderer.render(source, options: options, lineOffset: lineOffset) { destination in
            let answer = rewriteLink(destination)
            answers.withLock { $0.append(RenderedBodies.LinkAnswer(destination: destination, answer: answer)) }
            return answer
        }
        let entry = RenderedBodies.Entry(
            sourcePath: sourcePath, lineOffset: lineOffset, sourceHash: hash,
            linkAnswers: answers.withLock { $0 }, rendered: rendered)
        kept.withLock { $0[sourcePath] = entry }
        counts.withLock { $0.rendered += 1 }
        return rendered
    }

    /// What this load rendered or reused, sorted by path: the next load's `previous`.
    public var bodies: RenderedBodies {
        RenderedBodies(
            optionsFingerprint: optionsFingerprint,
            entries: kept.withLock { $0.values.sorted { $0.sourcePath < $1.sourcePath } })
    }

    /// Bodies reused and rendered so far.
    public var reusedCount: Int { counts.withLock { $0.reused } }
    public var renderedCount: Int { counts.withLock { $0.rendered } }
}
