// swift-tools-version:6.1
import PackageDescription

// Dependencies flow one way:
//   CCmarkGFM ← MinaoshiMarkdown ← MinaoshiContent ← MinaoshiSite ← MinaoshiServe ← MinaoshiCLI ← minaoshi
// and every module sits on MinaoshiSupport. MinaoshiSearch (tokenizer, index writer, engine) and
// MinaoshiTemplate (the Mustache renderer) know nothing of content or pages and sit on
// MinaoshiSupport alone; MinaoshiSite uses both. ArgumentParser stays out of the core, and
// Hummingbird (the preview server's HTTP) stays in MinaoshiServe.
// Every Swift target imports what it uses: a member of a module is visible only where that module
// is imported (SE-0444), not wherever some other import brings it in.
let explicitImports: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]
// The search index's tokenizer and posting builder are optimised in debug builds too: unoptimised,
// their generic code (metadata lookups in every loop) took the debug binary 43 s of CPU to index one
// 50 MB body, which the bad-input tests build twice, and most of the search index step of every
// site the tests and the search-quality check build. Only this module: optimising Support,
// Markdown and Template as well slowed the builds and the leak check more than it saved (the
// closing note of 2026-12-07 has the figures).
let optimizedInDebug: [SwiftSetting] = explicitImports + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Minaoshi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minaoshi", targets: ["minaoshi"])
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // Reads .xlsx workbooks (a ZIP of XML parts) for `minaoshi import`.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.0"),
        // `minaoshi serve`; without its default traits, so swift-configuration is not built.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0", traits: []),
        // Hummingbird's own foundations, named because MinaoshiServe imports them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.0.0")
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "MinaoshiSupport", swiftSettings: explicitImports),
        .target(
            name: "MinaoshiMarkdown", dependencies: ["CCmarkGFM", "MinaoshiSupport"], swiftSettings: explicitImports),
        .target(
            name: "MinaoshiContent",
            dependencies: [
                "MinaoshiSupport", "MinaoshiMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ], swiftSettings: explicitImports),
        // Search: the tokenizer, index writer and query engine; its documents and facets are given
        // to it by the site (MinaoshiSite/SiteSearchDocuments.swift).
        .target(name: "MinaoshiSearch", dependencies: ["MinaoshiSupport"], swiftSettings: optimizedInDebug),
        // Mustache templates compiled to a tree that renders into bytes; views answer names with a switch.
        .target(name: "MinaoshiTemplate", dependencies: ["MinaoshiSupport"], swiftSettings: explicitImports),
        .target(
            name: "MinaoshiSite",
            dependencies: [
                "MinaoshiSupport", "MinaoshiMarkdown", "MinaoshiContent", "MinaoshiSearch", "MinaoshiTemplate"
            ], swiftSettings: explicitImports),
        // `minaoshi serve`: builds, serves the output on loopback, watches the sources, rebuilds and
        // reloads open pages. The only module that knows HTTP.
        .target(
            name: "MinaoshiServe",
            dependencies: [
                "MinaoshiSupport", "MinaoshiContent", "MinaoshiSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ], swiftSettings: explicitImports),
        .target(
            name: "MinaoshiCLI",
            dependencies: [
                "MinaoshiSupport", "MinaoshiContent", "MinaoshiSite", "MinaoshiSearch", "MinaoshiServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], swiftSettings: explicitImports),
        // Release builds allocate with jemalloc (Debian's libjemalloc-dev): glibc's malloc scanned
        // its fragmented heap at 100,000 documents; jemalloc built 10k about 8% and 100k 12% faster,
        // and peaked 11% lower at 100k (Benchmarks/README.md). Debug builds, the tests and TSan keep
        // the system allocator.
        // jemalloc's options, as the `malloc_conf` symbol it reads at start-up (allocator_config.c).
        .target(name: "CAllocatorConfig"),
        .executableTarget(
            name: "minaoshi",
            dependencies: [
                "MinaoshiCLI", "CAllocatorConfig", .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], swiftSettings: explicitImports,
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]),
        // One step at a time, many rounds in one process (Benchmarks/README.md); with the same
        // allocator as `minaoshi`, so that its steps time what a build does.
        .executableTarget(
            name: "minaoshi-step-times", dependencies: ["MinaoshiSupport", "MinaoshiSite", "CAllocatorConfig"],
            path: "Benchmarks/StepTimes", swiftSettings: explicitImports,
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]),

        .target(
            name: "MinaoshiTestSupport", dependencies: ["MinaoshiSupport"], path: "Tests/MinaoshiTestSupport",
            swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiSupportTests", dependencies: ["MinaoshiSupport", "MinaoshiTestSupport"],
            swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiMarkdownTests",
            dependencies: ["CCmarkGFM", "MinaoshiSupport", "MinaoshiMarkdown", "MinaoshiTestSupport"],
            swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiContentTests",
            dependencies: [
                "MinaoshiSupport", "MinaoshiMarkdown", "MinaoshiContent", "MinaoshiTestSupport",
                .product(name: "Yams", package: "Yams")
            ], swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiSearchTests", dependencies: ["MinaoshiSearch", "MinaoshiSupport", "MinaoshiTestSupport"],
            swiftSettings: explicitImports),
        .testTarget(name: "MinaoshiTemplateTests", dependencies: ["MinaoshiTemplate"], swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiSiteTests",
            dependencies: ["MinaoshiSupport", "MinaoshiContent", "MinaoshiSite", "MinaoshiTestSupport"],
            swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiServeTests",
            dependencies: [
                "MinaoshiServe", "MinaoshiSite", "MinaoshiContent", "MinaoshiSupport", "MinaoshiTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio")
            ], swiftSettings: explicitImports),
        .testTarget(
            name: "MinaoshiCLITests",
            dependencies: [
                "minaoshi", "MinaoshiCLI", "MinaoshiContent", "MinaoshiTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], swiftSettings: explicitImports)
    ]
)

// libFuzzer targets (Tests/Fuzz/README.md), declared only when `scripts/fuzz.sh` builds them: it
// sets MINAOSHI_FUZZ and compiles with `-sanitize=fuzzer,address`. SwiftPM renames an
// executable's `main` on Linux, so libFuzzer's `main` never runs: each target's `main.swift`
// hands its test function to libFuzzer's driver (FuzzDriver). `@testable` reads the modules'
// internals, as the tests do (debug builds only).
// The package then holds only the fuzz targets and the modules they read, so that one `swift build`
// with no product builds all seven: one build per target planned the whole graph seven times (15 s
// each when nothing was left to build). The other targets go, and the products with them (the
// dependencies stay declared, so that Package.resolved is the same).
if Context.environment["MINAOSHI_FUZZ"] != nil {
    let fuzzedModules: Set = [
        "CCmarkGFM", "MinaoshiSupport", "MinaoshiMarkdown", "MinaoshiContent", "MinaoshiSearch", "MinaoshiTemplate"
    ]
    package.targets.removeAll { !fuzzedModules.contains($0.name) }
    package.products = []
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("front-matter", ["MinaoshiContent", .product(name: "Yams", package: "Yams")]),
        ("markdown", ["MinaoshiMarkdown"]),
        ("tokenizer", ["MinaoshiSearch"]),
        ("query", ["MinaoshiSearch"]),
        ("template", ["MinaoshiTemplate"]),
        ("csv-import", ["MinaoshiContent"]),
        ("xlsx-import", ["MinaoshiContent"])
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Tests/Fuzz/FuzzDriver"))
    package.targets += fuzzTargets.map { target in
        .executableTarget(
            name: "fuzz-\(target.name)", dependencies: ["FuzzDriver"] + target.dependencies,
            path: "Tests/Fuzz/\(target.name)", exclude: ["corpus", "fuzz.dict"])
    }
}

// `make tsan`: the suite again under ThreadSanitizer, with this package's own modules instrumented
// and its dependencies built as `make test` built them. Set for the build only (MINAOSHI_TSAN), so
// it rebuilds this package's modules in the same scratch path and reuses the dependencies' objects
// there; `--sanitize=thread` instrumented every dependency too and built them all again in a
// scratch path of its own (in the Makefile, the figures). Like the toolchain's runtime, the
// dependencies are then seen by the race detector only through their locks and system calls.
// The condition MINAOSHI_TSAN is defined for the code too (`FreedMemory` trims no glibc heap there).
if Context.environment["MINAOSHI_TSAN"] != nil {
    for target in package.targets where target.type != .system {
        target.swiftSettings =
            (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=thread"]), .define("MINAOSHI_TSAN")]
        target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(["-sanitize=thread"])]
    }
}
