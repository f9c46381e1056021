import MinaoshiSupport
import Mustache

/// The HTML escaping every template renders with: the same five characters as swift-mustache's
/// own (`< > & " '`), through `escapedForMarkup`, which works on UTF-8 bytes. swift-mustache's
/// escaper walks the text as Characters (grapheme clusters) and looks each up in a dictionary,
/// which made escaping a fifth of a build's time on Japanese text.
///
/// Each template is parsed with `pragma` on a line of its own above its first line (a standalone
/// tag, so it prints nothing); partials and the base template get it too, since swift-mustache
/// starts every partial with its default escaper.
enum HTMLEscaping {
    static let name = "MINAOSHI_HTML"
    static let pragma = "{{%CONTENT_TYPE: \(name)}}\n"

    /// Registers the content type; registering again is harmless.
    static func register() {
        MustacheContentTypes.register(ContentType(), named: name)
    }

    struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { escape(text) }
    }

    /// The escaping itself is MinaoshiSupport's `escapedForMarkup`, shared with feeds and the sitemap.
    static func escape(_ text: String) -> String { text.escapedForMarkup }
}
