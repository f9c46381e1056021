import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// A ``RenderedBodies/Entry`` in the build cache, in two parts: what its reuse is decided by
/// (path, line offset, Markdown hash, link answers), in the index (``CacheIndexCodec``), and its
/// ``RenderedMarkdown``, as a record in a segment (``BodySegments``). Every field of both is
/// written; `BuildCacheFileTests` fails when either type gains a field this codec does not know,
/// so a field can never be dropped on the way through the cache.
enum RenderedBodiesCodec {
    static func encodeInputs(of entry: RenderedBodies.Entry, into writer: inout RecordWriter) {
        writer.text(entry.sourcePath)
        writer.int(entry.lineOffset)
        writer.uint64(entry.sourceHash.high)
        writer.uint64(entry.sourceHash.low)
        writer.uint64(UInt64(entry.linkAnswers.count))
        for answer in entry.linkAnswers {
            writer.text(answer.destination)
            writer.optionalText(answer.answer)
        }
    }

    /// An entry without its rendering (``decodeRecord(_:)`` gives it).
    static func decodeInputs(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> RenderedBodies.Entry {
        let sourcePath = try reader.text()
        let lineOffset = try reader.int()
        let hash = StableHash(high: try reader.uint64(), low: try reader.uint64())
        var answers: [RenderedBodies.LinkAnswer] = []
        for _ in 0..<(try reader.count()) {
            answers.append(RenderedBodies.LinkAnswer(destination: try reader.text(), answer: try reader.optionalText()))
        }
        return RenderedBodies.Entry(
            sourcePath: sourcePath, lineOffset: lineOffset, sourceHash: hash, linkAnswers: answers,
            rendered: RenderedMarkdown(htmlBytes: [], plainText: "", headings: [], links: [], summary: ""))
    }

    static func encodeRecord(_ rendered: RenderedMarkdown, into writer: inout RecordWriter) {
        writer.data(rendered.htmlBytes)
        writer.text(rendered.plainText)
        writer.uint64(UInt64(rendered.headings.count))
        for heading in rendered.headings {
            writer.int(heading.level)
            writer.text(heading.text)
            writer.text(heading.id)
            writer.int(heading.line)
        }
        writer.uint64(UInt64(rendered.links.count))
        for link in rendered.links {
            writer.text(link.kind.rawValue)
            writer.text(link.destination)
            writer.int(link.line)
            writer.int(link.column)
        }
        writer.text(rendered.summary)
        writer.uint64(UInt64(rendered.literalEmphasisMarkers.count))
        for marker in rendered.literalEmphasisMarkers {
            writer.int(marker.line)
            writer.int(marker.column)
        }
    }

    /// The rendering, or nil when the reader's bytes are not one record, whole.
    static func decodeRecord(_ reader: inout RecordReader) -> RenderedMarkdown? {
        do throws(RecordReader.Malformed) {
            let html = try reader.data()
            let plainText = try reader.text()
            var headings: [Heading] = []
            for _ in 0..<(try reader.count()) {
                headings.append(
                    Heading(
                        level: try reader.int(), text: try reader.text(), id: try reader.text(), line: try reader.int())
                )
            }
            var links: [Link] = []
            for _ in 0..<(try reader.count()) {
                guard let kind = Link.Kind(rawValue: try reader.text()) else { return nil }
                links.append(
                    Link(kind: kind, destination: try reader.text(), line: try reader.int(), column: try reader.int()))
            }
            let summary = try reader.text()
            var markers: [SourcePosition] = []
            for _ in 0..<(try reader.count()) {
                markers.append(SourcePosition(line: try reader.int(), column: try reader.int()))
            }
            guard reader.remaining == 0 else { return nil }
            return RenderedMarkdown(
                htmlBytes: html, plainText: plainText, headings: headings, links: links,
                summary: summary, literalEmphasisMarkers: markers)
        } catch {
            return nil
        }
    }
}
