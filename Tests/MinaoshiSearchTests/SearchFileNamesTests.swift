import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The index's files are named by groups (`GroupHashes`): a group's name is a hash of its files'
/// bytes, so a name never stands for two contents, and an edit renames only the groups whose bytes
/// it changes. A build keeps the published files of the other groups (`SearchIndexStep`), and a
/// reader's browser keeps them cached.
@Suite struct SearchFileNamesTests {
    /// DamagedIndexTests' index (every kind of file: tails, counts, positions, fragments) with
    /// `nameGroupFiles` files to a group, and its documents edited by `edit`.
    static func files(nameGroupFiles: Int, maxNameGroups: Int = 128, edit: Int? = nil) -> [String: [UInt8]] {
        let files = DamagedIndexTests.files(
            nameGroupFiles: nameGroupFiles, maxNameGroups: maxNameGroups, smallShards: true, edit: edit)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
    }

    static func manifest(_ files: [String: [UInt8]]) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(try #require(files["manifest.json"])))
    }

    /// The files of each group, in the order the writer hashes them: per shard, the shard, its
    /// positions, its tails and its counts file; or the fragment bundles.
    static func groups(_ files: [String: [UInt8]]) throws -> [(series: String, names: [String])] {
        let manifest = try manifest(files)
        var groups: [(series: String, names: [String])] = []
        func shardFiles(_ prefix: String, _ index: Int, _ hash: String) -> [String] {
            var names = ["\(prefix)\(index).\(hash).bin"]
            if prefix == "s" { names.append("p\(index).\(hash).bin") }
            var k = 0
            while files["t\(prefix)\(index)-\(k).\(hash).bin"] != nil {
                names.append("t\(prefix)\(index)-\(k).\(hash).bin")
                k += 1
            }
            if files["n\(prefix)\(index).\(hash).bin"] != nil { names.append("n\(prefix)\(index).\(hash).bin") }
            return names
        }
        for (prefix, names, count) in [
            ("s", manifest.shards.hashes, Separators.decode(manifest.shards.first).count),
            ("g", manifest.shards.gramHashes, manifest.shards.grams),
            ("c", manifest.shards.characterHashes, Separators.decode(manifest.shards.characters).count)
        ] {
            for first in stride(from: 0, to: count, by: names.size) {
                let members = first..<min(first + names.size, count)
                groups.append(
                    (prefix, members.flatMap { shardFiles(prefix, $0, names.hash(of: $0)) }))
            }
        }
        let fragments = manifest.fragments.hashes
        for first in stride(from: 0, to: manifest.fragments.files, by: fragments.size) {
            let members = first..<min(first + fragments.size, manifest.fragments.files)
            groups.append(("f", members.map { "f\($0).\(fragments.hash(of: $0)).json" }))
        }
        return groups
    }

    /// Every group is named by the hash of its files' bytes, in the writer's order; every file of a
    /// series is in exactly one group.
    @Test(arguments: [1, 2, 3, 16])
    func eachGroupIsNamedByTheHashOfItsFiles(size: Int) throws {
        let files = Self.files(nameGroupFiles: size)
        let groups = try Self.groups(files)
        var named = Set<String>()
        for group in groups {
            let bytes = try group.names.map { try #require(files[$0], "\($0) is not written") }
            let hash = try #require(group.names.first?.split(separator: ".").dropFirst().first.map(String.init))
            #expect(contentHash(bytes) == hash, "\(group.names)")
            #expect(group.names.allSatisfy { $0.split(separator: ".")[1] == hash })
            named.formUnion(group.names)
        }
        let series = files.keys.filter { !$0.hasPrefix("facet") && !$0.hasPrefix("synonyms") && $0 != "manifest.json" }
        #expect(Set(series) == named, "files no group names: \(Set(series).subtracting(named).sorted())")
        #expect(groups.filter { $0.series == "s" }.count > 1 || size == 16, "several groups of shards")
    }

    /// One document's body edited: a name the two indexes share names the same bytes in both, and a
    /// group is renamed exactly when one of its files changed.
    @Test(arguments: [1, 3, 16])
    func anEditRenamesOnlyTheGroupsItChanges(size: Int) throws {
        let before = Self.files(nameGroupFiles: size), after = Self.files(nameGroupFiles: size, edit: 17)
        for name in Set(before.keys).intersection(after.keys) where name != "manifest.json" {
            let same = before[name] == after[name]
            #expect(same, "\(name) names two contents")
        }
        // The groups by their place: (series, ordinal) → names, bytes.
        func places(_ files: [String: [UInt8]]) throws -> [String: (names: [String], bytes: [[UInt8]])] {
            var places: [String: (names: [String], bytes: [[UInt8]])] = [:]
            var ordinal: [String: Int] = [:]
            for group in try Self.groups(files) {
                let n = ordinal[group.series, default: 0]
                ordinal[group.series] = n + 1
                places["\(group.series)\(n)"] = (group.names, group.names.map { files[$0]! })
            }
            return places
        }
        let (old, new) = (try places(before), try places(after))
        #expect(old.count == new.count, "the edit keeps the shard cuts")
        var renamed = 0
        for (place, group) in new {
            let previous = try #require(old[place])
            let kept = previous.names == group.names
            #expect(kept == (previous.bytes == group.bytes), "\(place)")
            if !kept { renamed += 1 }
        }
        #expect(renamed > 0)
        if size < 16 { #expect(renamed < new.count, "some group is kept") }
    }

    /// The engines read an index whatever its groups: the same results, counts and snippets with
    /// one file to a group, three, or every file of a series in one.
    @Test func theResultsDoNotDependOnTheGroups() throws {
        func answers(_ size: Int, maxGroups: Int = 128) throws -> [String] {
            let files = Self.files(nameGroupFiles: size, maxNameGroups: maxGroups)
            let index = try SearchIndex(source: MemoryIndexSource(files.map { .init(path: $0.key, bytes: $0.value) }))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try DamagedIndexTests.queries.map { query in
                let results = try index.search(query, limit: 5)
                let parts = [
                    try encoder.encode(results.hits), try encoder.encode(results.facets),
                    try encoder.encode(results.total)
                ]
                return parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            }
        }
        let one = try answers(1)
        #expect(one.contains { $0.contains("\"title\"") }, "some query finds something")
        #expect(try answers(3) == one)
        #expect(try answers(1, maxGroups: 1) == one)
    }

    /// However many files a series has, it has at most `maxNameGroups` hashes.
    @Test func aSeriesHasAtMostMaxNameGroupsHashes() throws {
        var options = SearchIndexOptions()
        options.maxNameGroups = 5
        #expect(options.nameGroupSize(files: 0) == 16)
        #expect(options.nameGroupSize(files: 80) == 16)
        #expect(options.nameGroupSize(files: 81) == 17)
        for count in [0, 1, 79, 80, 81, 1_000, 123_457] {
            let size = options.nameGroupSize(files: count)
            #expect((count + size - 1) / size <= 5, "\(count) files")
        }
        let manifest = try Self.manifest(Self.files(nameGroupFiles: 1, maxNameGroups: 2))
        #expect(manifest.fragments.hashes.hashes.count == 2 * GroupHashes.hashLength)
    }

    /// A manifest whose names do not name its files is refused before any file is asked for.
    @Test func namesThatDoNotFitTheFilesAreADamagedIndex() throws {
        let names = GroupHashes(size: 2, hashes: "0123456789ab" + "cdef01234567")
        #expect(names.names(files: 3) && names.names(files: 4))
        #expect(!names.names(files: 5) && !names.names(files: 2))
        #expect(!GroupHashes(size: 2, hashes: "0123456789AB").names(files: 1), "upper case")
        #expect(!GroupHashes(size: 0, hashes: "").names(files: 0))
        #expect(!GroupHashes(size: 1, hashes: "../../etc/pa").names(files: 1))
        #expect(GroupHashes(size: 1, hashes: "").names(files: 0))
        #expect(!GroupHashes(size: 1, hashes: "").names(files: Int.max), "no overflow")
        #expect(names.hash(of: 3) == "cdef01234567" && names.hash(of: 4) == "" && names.hash(of: -1) == "")
        #expect(GroupHashes(size: Int.max, hashes: "0123456789ab").hash(of: Int.max - 1) == "0123456789ab")

        var files = Self.files(nameGroupFiles: 2)
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(files["manifest.json"]!)) as? [String: Any])
        var fragments = object["fragments"] as! [String: Any]
        var hashes = fragments["hashes"] as! [String: Any]
        hashes["hashes"] = String((hashes["hashes"] as! String).dropLast(12))
        fragments["hashes"] = hashes
        object["fragments"] = fragments
        files["manifest.json"] = Array(try JSONSerialization.data(withJSONObject: object))
        #expect {
            _ = try SearchIndex(source: MemoryIndexSource(files.map { .init(path: $0.key, bytes: $0.value) }))
        } throws: { error in
            (error as? DamagedIndex).map { $0.file == "manifest.json" && $0.problem == "fragment names" } ?? false
        }
    }
}
