/// Names and order of the content sections, as readers see them.
public struct SectionInfo: Sendable, Equatable {
    public var folder: String
    public var title: String
    public var description: String
}

public enum SectionCatalog {
    /// Known sections first in this order, then any other folder by name.
    static let known: [SectionInfo] = [
        SectionInfo(folder: "regulations", title: "規制の見直し", description: "目視・実地監査・書面掲示などアナログな方法を求めていた規定と、その見直しの内容。"),
        SectionInfo(folder: "cases", title: "実装事例", description: "自治体や事業者がデジタル技術でアナログ規制の見直しを実現した事例。"),
        SectionInfo(folder: "pages", title: "このサイトについて", description: "サイトの目的、投稿の方法、アクセシビリティ方針。")
    ]

    public static func info(for folder: String) -> SectionInfo {
        known.first { $0.folder == folder } ?? SectionInfo(folder: folder, title: folder, description: "")
    }

    /// Sorts section folders: known ones in their order, then the rest alphabetically.
    public static func ordered(_ folders: [String]) -> [String] {
        folders.sorted { a, b in
            let ia = known.firstIndex { $0.folder == a } ?? Int.max
            let ib = known.firstIndex { $0.folder == b } ?? Int.max
            return ia == ib ? a < b : ia < ib
        }
    }
}
