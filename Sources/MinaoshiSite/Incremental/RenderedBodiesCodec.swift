import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// ``RenderedBodies`` as the build cache's payload, and back. Every field of an entry and of its
/// ``RenderedMarkdown`` is written; `RenderedBodiesCodecTests` fails when either type gains a
/// field this codec does not know, so a field can never be dropped on the way through the cache.
enum RenderedBodiesCodec {
    static func encode(_ bodies: RenderedBodies) -> [UInt8] {
        var writer = ByteWriter()
        writer.text(bodies.optionsFingerprint)
        writer.uint64(UInt64(bodies.entries.count))
        for entry in bodies.entries {
            writer.text(entry.sourcePath)
            writer.int(entry.lineOffset)
            writer.uint64(entry.sourceHash.high)
            writer.uint64(entry.sourceHash.low)
            writer.uint64(UInt64(entry.linkAnswers.count))
            for answer in entry.linkAnswers {
                writer.text(answer.destination)
                writer.optionalText(answer.answer)
            }
            let rendered = entry.rendered
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
        return writer.buffer
    }

    /// The bodies, or nil when the bytes are not what ``encode(_:)`` writes.
    static func decode(_ bytes: [UInt8]) -> RenderedBodies? {
        var reader = ByteReader(bytes)
        do throws(ByteReader.Malformed) {
            let fingerprint = try reader.text()
            var entries: [RenderedBodies.Entry] = []
            for _ in 0..<(try reader.count()) {
                let sourcePath = try reader.text()
                let lineOffset = try reader.int()
                let hash = StableHash(high: try reader.uint64(), low: try reader.uint64())
                var answers: [RenderedBodies.LinkAnswer] = []
                for _ in 0..<(try reader.count()) {
                    answers.append(
                        RenderedBodies.LinkAnswer(destination: try reader.text(), answer: try reader.optionalText()))
                }
                let html = try reader.data()
                let plainText = try reader.text()
                var headings: [Heading] = []
                for _ in 0..<(try reader.count()) {
                    headings.append(
                        Heading(
                            level: try reader.int(), text: try reader.text(), id: try reader.text(),
                            line: try reader.int()))
                }
                var links: [Link] = []
                for _ in 0..<(try reader.count()) {
                    guard let kind = Link.Kind(rawValue: try reader.text()) else { throw ByteReader.Malformed() }
                    links.append(
                        Link(
                            kind: kind, destination: try reader.text(), line: try reader.int(), column: try reader.int()
                        ))
                }
                let summary = try reader.text()
                var markers: [SourcePosition] = []
                for _ in 0..<(try reader.count()) {
                    markers.append(SourcePosition(line: try reader.int(), column: try reader.int()))
                }
                let rendered = RenderedMarkdown(
                    htmlBytes: html, plainText: plainText, headings: headings, links: links,
                    summary: summary, literalEmphasisMarkers: markers)
                entries.append(
                    RenderedBodies.Entry(
                        sourcePath: sourcePath, lineOffset: lineOffset, sourceHash: hash,
                        linkAnswers: answers, rendered: rendered))
            }
            guard reader.remaining == 0 else { return nil }
            return RenderedBodies(optionsFingerprint: fingerprint, entries: entries)
        } catch {
            return nil
        }
    }
}
