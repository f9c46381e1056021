/// YAML texts that attack the reader rather than say anything.
public enum HostileYAML {
    /// "Billion laughs": `levels` fields, the first an anchored list of `width` words, each next one
    /// an anchored list of `width` aliases of the one before; the last holds `width^levels` words.
    /// Nine levels of nine: 387,420,489 words in about 400 bytes. `prefix` starts each line.
    public static func aliasBomb(levels: Int = 9, width: Int = 9, prefix: String = "") -> String {
        let names = (0..<levels).map { "l\($0)" }
        var lines: [String] = []
        for (level, name) in names.enumerated() {
            let items =
                level == 0
                ? Array(repeating: "lol", count: width) : Array(repeating: "*\(names[level - 1])", count: width)
            lines.append("\(prefix)\(name): &\(name) [\(items.joined(separator: ","))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
