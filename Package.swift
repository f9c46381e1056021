// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way:
//   CCmarkGFM ← MinaoshiMarkdown ← MinaoshiContent ← MinaoshiSearch ← MinaoshiSite ← MinaoshiCLI ← minaoshi
// and every module sits on MinaoshiSupport. MinaoshiTemplate (the Mustache renderer) knows
// nothing of content; MinaoshiSite uses it. ArgumentParser stays out of the core.
let package = Package(
    name: "Minaoshi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minaoshi", targets: ["minaoshi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // Reads .xlsx workbooks (a ZIP of XML parts) for `minaoshi import`.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "MinaoshiSupport"),
        .target(name: "MinaoshiMarkdown", dependencies: ["CCmarkGFM", "MinaoshiSupport"]),
        .target(name: "MinaoshiContent", dependencies: [
            "MinaoshiSupport", "MinaoshiMarkdown",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Search: the tokenizer, index writer and query engine; no Mustache, no ArgumentParser.
        .target(name: "MinaoshiSearch", dependencies: ["MinaoshiSupport", "MinaoshiContent"]),
        // Mustache templates compiled to a tree that renders into bytes; views answer names with a switch.
        .target(name: "MinaoshiTemplate", dependencies: ["MinaoshiSupport"]),
        .target(name: "MinaoshiSite", dependencies: [
            "MinaoshiSupport", "MinaoshiMarkdown", "MinaoshiContent", "MinaoshiSearch", "MinaoshiTemplate",
        ]),
        .target(name: "MinaoshiCLI", dependencies: [
            "MinaoshiSupport", "MinaoshiContent", "MinaoshiSite", "MinaoshiSearch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release builds allocate with jemalloc (Debian's libjemalloc-dev): glibc's malloc scanned
        // its fragmented heap at 100,000 documents; jemalloc built 10k about 8% and 100k 12% faster,
        // and peaked 11% lower at 100k (Benchmarks/README.md). Debug builds, the tests and TSan keep
        // the system allocator.
        // jemalloc's options, as the `malloc_conf` symbol it reads at start-up (allocator_config.c).
        .target(name: "CAllocatorConfig"),
        .executableTarget(name: "minaoshi", dependencies: ["MinaoshiCLI", "CAllocatorConfig"],
                          linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]),
        // One step at a time, many rounds in one process (Benchmarks/README.md); with the same
        // allocator as `minaoshi`, so that its steps time what a build does.
        .executableTarget(name: "minaoshi-step-times", dependencies: ["MinaoshiSupport", "MinaoshiSite", "CAllocatorConfig"],
                          path: "Benchmarks/StepTimes",
                          linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]),

        .target(name: "MinaoshiTestSupport", dependencies: ["MinaoshiSupport"], path: "Tests/MinaoshiTestSupport"),
        .testTarget(name: "MinaoshiSupportTests", dependencies: ["MinaoshiSupport", "MinaoshiTestSupport"]),
        .testTarget(name: "MinaoshiMarkdownTests", dependencies: ["MinaoshiMarkdown", "MinaoshiTestSupport"]),
        .testTarget(name: "MinaoshiContentTests", dependencies: ["MinaoshiContent", "MinaoshiTestSupport"]),
        .testTarget(name: "MinaoshiSearchTests", dependencies: ["MinaoshiSearch", "MinaoshiContent", "MinaoshiTestSupport"]),
        .testTarget(name: "MinaoshiTemplateTests", dependencies: ["MinaoshiTemplate"]),
        .testTarget(name: "MinaoshiSiteTests", dependencies: ["MinaoshiSite", "MinaoshiContent", "MinaoshiTestSupport"]),
        .testTarget(name: "MinaoshiCLITests", dependencies: ["minaoshi", "MinaoshiTestSupport"]),
    ]
)

// libFuzzer targets (Tests/Fuzz/README.md), declared only when `scripts/fuzz.sh` builds them: it
// sets MINAOSHI_FUZZ and compiles with `-sanitize=fuzzer,address`. SwiftPM renames an
// executable's `main` on Linux, so libFuzzer's `main` never runs: each target's `main.swift`
// hands its test function to libFuzzer's driver (FuzzDriver). `@testable` reads the modules'
// internals, as the tests do (debug builds only).
if Context.environment["MINAOSHI_FUZZ"] != nil {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("front-matter", ["MinaoshiContent", .product(name: "Yams", package: "Yams")]),
        ("markdown", ["MinaoshiMarkdown"]),
        ("tokenizer", ["MinaoshiSearch"]),
        ("query", ["MinaoshiSearch"]),
        ("template", ["MinaoshiTemplate"]),
        ("csv-import", ["MinaoshiContent"]),
        ("xlsx-import", ["MinaoshiContent"]),
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Tests/Fuzz/FuzzDriver"))
    package.targets += fuzzTargets.map { target in
        .executableTarget(name: "fuzz-\(target.name)", dependencies: ["FuzzDriver"] + target.dependencies,
                          path: "Tests/Fuzz/\(target.name)", exclude: ["corpus", "fuzz.dict"])
    }
}
