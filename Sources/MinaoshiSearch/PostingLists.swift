import MinaoshiSupport

extension PostingBuilder {
    /// The result: terms in UTF-16 order with their document counts; each term's list bytes are
    /// put together from the chunks' parts when a shard asks for them, so the step never holds
    /// a merged copy of every list beside the parts (at 100k documents, hundreds of megabytes).
    struct Lists: Sendable {
        var terms: [String] = []
        var documentCounts: [Int] = []
        /// Body tokens per document (what BM25 calls the length).
        var bodyLengths: [Int] = []
        var chunks: [Chunk] = []
        /// Each term's parts, in chunk order: `refs[refStarts[term]..<refStarts[term + 1]]`.
        var refs: [PartRef] = []
        var refStarts: [Int] = [0]

        /// Documents in the index: a list of at least an eighth of them is a bitmap.
        var documentTotal = 0

        func parts(of index: Int) -> ArraySlice<PartRef> { refs[refStarts[index]..<refStarts[index + 1]] }

        /// Term `index`'s posting list: its documents (a bitmap, or gaps with each part's first gap
        /// from the previous part's last document), then each document's payload, in order.
        func appendPostings(of index: Int, to writer: inout ByteWriter) {
            if SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal) {
                var map = [UInt8](repeating: 0, count: (documentTotal + 7) / 8)
                forEachDocument(of: index) { map[$0 >> 3] |= 1 << UInt8($0 & 7) }
                writer.append(map)
            } else {
                var last = -1
                for ref in parts(of: index) {
                    let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                    writer.varint(chunk.first(part) - last - 1)
                    writer.append(chunk.gaps(part))
                    last = chunk.last(part)
                }
            }
            for ref in parts(of: index) { writer.append(chunks[Int(ref.chunk)].payload(Int(ref.part))) }
        }

        /// Term `index`'s documents, in order.
        func forEachDocument(of index: Int, _ body: (Int) -> Void) {
            for ref in parts(of: index) {
                let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                var document = chunk.first(part), offset = 0
                let gaps = chunk.gaps(part)
                while true {
                    body(document)
                    if offset >= gaps.count { break }
                    document += ByteReader.varint(in: gaps, at: &offset) + 1
                }
            }
        }

        func appendPositions(of index: Int, to writer: inout ByteWriter) {
            for ref in parts(of: index) { writer.append(chunks[Int(ref.chunk)].positions(Int(ref.part))) }
        }

        /// Bytes of each term's document list (its parts and their first gaps) and of its positions;
        /// counted once here, read when shards are cut and made.
        private(set) var postingsSizes: [Int] = []
        private(set) var positionsSizes: [Int] = []
        /// Of each list's bytes, those of its documents (the rest are its payloads).
        private(set) var documentsSizes: [Int] = []

        func postingsSize(of index: Int) -> Int { postingsSizes[index] }
        func documentsSize(of index: Int) -> Int { documentsSizes[index] }
        func positionsSize(of index: Int) -> Int { positionsSizes[index] }

        mutating func countSizes() {
            let sizes = terms.indices.map { index in
                let bitmap = SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal)
                var last = -1, size = bitmap ? (documentTotal + 7) / 8 : 0, payloads = 0
                for ref in parts(of: index) {
                    let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                    if !bitmap { size += ByteWriter.varintSize(chunk.first(part) - last - 1) + chunk.gaps(part).count }
                    payloads += chunk.payload(part).count
                    last = chunk.last(part)
                }
                return (documents: size, all: size + payloads)
            }
            postingsSizes = sizes.map(\.all)
            documentsSizes = sizes.map(\.documents)
            positionsSizes = terms.indices.map { index in
                parts(of: index).reduce(0) { $0 + chunks[Int($1.chunk)].positions(Int($1.part)).count }
            }
        }
    }

    /// One term's part of its list inside one chunk.
    struct PartRef {
        var chunk: Int32
        var part: Int32
    }
}
