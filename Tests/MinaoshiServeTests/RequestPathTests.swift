import MinaoshiServe
import Testing

@Suite struct RequestPathTests {
    @Test func plainPathsBecomeDecodedSegments() {
        #expect(RequestPath.parse("/") == .segments([], isFolder: true))
        #expect(RequestPath.parse("/cases/a/") == .segments(["cases", "a"], isFolder: true))
        #expect(RequestPath.parse("/feed.json?x=1#top") == .segments(["feed.json"], isFolder: false))
        #expect(RequestPath.parse("/categories/%E7%9B%AE%E8%A6%96") == .segments(["categories", "目視"], isFolder: false))
        // Empty segments (an absolute path glued on: `//etc/passwd`) stay under the folder.
        #expect(RequestPath.parse("//etc/passwd") == .segments(["etc", "passwd"], isFolder: false))
    }

    @Test(arguments: [
        "/../etc/passwd", "/cases/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2e%2e/etc/passwd", "/.%2e/x",
        "/./index.html", "/..%2fetc%2fpasswd", "/cases%2f..%2f..%2fetc", "/..%5c..%5cetc%5cpasswd", "/a%5cb",
        "/index.html%00.txt", "/%00", "/%zz", "/%e7%9b", "http://127.0.0.1/index.html", "etc/passwd", "*", ""
    ])
    func everyWayOutIsRefused(_ target: String) {
        guard case .refused(let reason) = RequestPath.parse(target) else {
            Issue.record("'\(target)' was not refused: \(RequestPath.parse(target))")
            return
        }
        #expect(!reason.isEmpty)
    }
}
