import MinaoshiSupport

/// The page side of live reload: a small script `serve` hands out at a reserved path, and the
/// `<script src>` tag it adds to every HTML response (never to the built files on disk).
///
/// The tag names the build the page came from; the script listens to `eventsPath` (server-sent
/// events), reloads the page when a newer build succeeded (or a preview of an edit renders it,
/// ``BuildState/Snapshot/pages``), and shows a failed build's problems
/// over the page until they are fixed. It is a file, not inline script, so that a
/// `script-src 'self'` Content-Security-Policy lets it run; it styles through the CSSOM (allowed
/// by `style-src 'self'` too) and writes the problems as text, never as markup.
public enum LiveReload {
    /// Every path `serve` answers itself starts here; the site's own files there are hidden.
    public static let reservedPrefix = "/_minaoshi/"
    public static let scriptPath = "/_minaoshi/live.js"
    public static let eventsPath = "/_minaoshi/events"

    /// The tag put into an HTML page served for `build`.
    public static func tag(build: String) -> String {
        "<script src=\"\(scriptPath)\" data-build=\"\(build.escapedForMarkup)\" defer></script>"
    }

    /// `html` with `tag` inserted before its `</head>` (before the end when it has none).
    public static func inject(_ tag: String, into html: [UInt8]) -> [UInt8] {
        let at = firstIndex(of: Array("</head>".utf8), in: html) ?? html.endIndex
        var result = [UInt8]()
        result.reserveCapacity(html.count + tag.utf8.count)
        result.append(contentsOf: html[..<at])
        result.append(contentsOf: tag.utf8)
        result.append(contentsOf: html[at...])
        return result
    }

    /// The first place `needle` stands in `bytes`, ASCII letters compared without case.
    static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
        outer: for start in 0...(bytes.count - needle.count) {
            for offset in needle.indices where lower(bytes[start + offset]) != needle[offset] { continue outer }
            return start
        }
        return nil
    }

    public static let script = #"""
        // minaoshi serve: reloads this page when a rebuild succeeds, and shows a failed build's problems
        // over it until they are fixed. Added only by `minaoshi serve`, never part of a built site.
        (() => {
          "use strict";
          const script = document.currentScript;
          const pageBuild = script ? script.dataset.build : "";
          let overlay = null;

          function hide() {
            if (overlay) { overlay.remove(); overlay = null; }
          }

          function show(lines) {
            hide();
            overlay = document.createElement("div");
            overlay.id = "minaoshi-overlay";
            overlay.setAttribute("role", "alert");
            overlay.lang = "ja";
            Object.assign(overlay.style, {
              position: "fixed", top: "0", right: "0", bottom: "0", left: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
              background: "rgba(20, 20, 20, 0.94)", color: "#fff", font: "16px/1.6 sans-serif",
            });
            const heading = document.createElement("h2");
            heading.textContent = "ビルドに失敗しました。直すと自動で再読み込みします（表示中のページは最後に成功したビルドのものです）";
            Object.assign(heading.style, { margin: "0 0 1rem", fontSize: "1.2rem", color: "#ffb4a8" });
            overlay.append(heading);
            for (const line of lines) {
              const item = document.createElement("pre");
              item.className = "minaoshi-diagnostic";
              item.textContent = line;
              Object.assign(item.style, {
                margin: "0 0 0.75rem", whiteSpace: "pre-wrap", overflowWrap: "anywhere",
                font: "14px/1.5 ui-monospace, monospace", color: "#fff",
              });
              overlay.append(item);
            }
            document.body.append(overlay);
          }

          const events = new EventSource("/_minaoshi/events");
          events.onmessage = (event) => {
            const state = JSON.parse(event.data);
            if (state.diagnostics.length > 0) { show(state.diagnostics); return; }
            // A page served from a preview of an edit carries the preview's name, not the build's.
            const path = location.pathname.replace(/index\.html$/, "");
            const expected = (state.pages && Object.hasOwn(state.pages, path)) ? state.pages[path] : state.build;
            if (expected !== pageBuild) { location.reload(); return; }
            hide();
          };
        })();
        """#
}
