import MinaoshiSupport

/// A parsed query: terms that must all match. JavaScript: `parseQuery` in `engine.js`.
///
/// Each run of an unquoted part is a term (a CJK run's bigrams must be adjacent and in order);
/// a quoted part is one phrase term whose runs follow each other. A lone CJK character matches
/// every indexed term it begins; the query's last term, when the query does not end in a
/// separator, matches words it begins (search as you type).
public struct SearchQuery: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public var runs: [SearchTokenizer.Run]
        public var phrase: Bool
        public var prefix: Bool
    }

    /// What a term looks up, slot by slot: an exact term, or every term beginning with `text`.
    enum Slot: Equatable {
        case exact(String)
        case prefix(String)
    }

    public var terms: [Term]

    public init(_ text: String) {
        terms = []
        var segment = String.UnicodeScalarView(), quoted = false
        func flush() {
            let runs = SearchTokenizer.runs(String(segment))
            if quoted {
                if !runs.isEmpty { terms.append(Term(runs: runs, phrase: true, prefix: false)) }
            } else {
                terms += runs.map { Term(runs: [$0], phrase: false, prefix: false) }
            }
            segment = String.UnicodeScalarView()
        }
        let normalized = text.nfkc
        for scalar in normalized.unicodeScalars {
            if scalar == "\"" { flush(); quoted.toggle() } else { segment.append(scalar) }
        }
        flush()
        if let last = normalized.unicodeScalars.last, SearchTokenizer.classify(SearchTokenizer.fold(last)) != nil,
            !terms.isEmpty, !terms[terms.count - 1].phrase
        {
            terms[terms.count - 1].prefix = true
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// Slots of each run of a term.
    static func slots(_ term: Term) -> [[Slot]] {
        term.runs.map { run in
            if run.kind == .cjk, run.text.unicodeScalars.count == 1 { return [.prefix(run.text)] }
            if run.kind == .word, term.prefix { return [.prefix(run.text)] }
            return run.tokens.map { .exact($0) }
        }
    }

    /// The texts a snippet highlights: each run as normalised.
    var needles: [[Unicode.Scalar]] {
        terms.flatMap { $0.runs.map { Array($0.text.unicodeScalars) } }
    }
}
