import Foundation

extension String {
    /// `String(validating: bytes, as: UTF8.self)`, by another road: `String(decoding:)` puts U+FFFD
    /// (EF BF BD) where the bytes are not UTF-8, and a run that is not UTF-8 is never those three
    /// bytes, so the text's bytes are `bytes` exactly when they were valid. `validating`'s generic
    /// path looked the encoding's type metadata up at every call: a third of its time on the
    /// caches' mostly short texts (`RecordReader.text()` was 8% of a body edit's CPU samples at
    /// 10,000 documents). What the caches' readers decode texts with; `RecordCodingTests` holds it
    /// to `String(validating:)` over random bytes.
    public init?(validUTF8 raw: UnsafeRawBufferPointer) {
        let bytes = raw.bindMemory(to: UInt8.self)
        let text = String(decoding: bytes, as: UTF8.self)
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return nil }
        let unchanged =
            utf8.withContiguousStorageIfAvailable { stored in
                bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            } ?? utf8.elementsEqual(bytes)
        guard unchanged else { return nil }
        self = text
    }
}
