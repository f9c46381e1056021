import Foundation

/// Who may use the editor, and with what: because the editor writes files, every request to it
/// must come to the address `serve` listens on by its own name (`Host`, which defeats DNS
/// rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own name),
/// and every write must also come from a page of that address (`Origin`, which defeats
/// cross-site forms and `fetch`; ``checkSender(host:origin:referer:fetchSite:declaredLength:)``)
/// and carry the token handed out with the form (which no other page can read: in a header from
/// `editor.js`, in a hidden input from a plain form), with a body of at most `maxBodyBytes`.
public struct EditorGuard: Sendable {
    public enum Refusal: Error, Equatable, Sendable {
        case notLoopback, wrongHost, wrongOrigin, wrongToken, tooLarge

        /// Why, in Japanese, for the official who sees it.
        public var message: String {
            switch self {
            case .notLoopback:
                "編集は、サーバーがこのコンピューターの中だけ（127.0.0.1 など）で待ち受けているときにしか使えません。--host を付けずに minaoshi serve を起動してください。"
            case .wrongHost: "このアドレスからは編集できません。minaoshi serve が表示したアドレス（http://127.0.0.1:ポート/）で開いてください。"
            case .wrongOrigin: "ほかのサイトのページからの保存・確認は受け付けません。編集画面から操作してください。"
            case .wrongToken: "編集画面の有効期限が切れています（サーバーを起動し直した後など）。ページを再読み込みしてから、もう一度操作してください。"
            case .tooLarge: "送られた内容が大きすぎます。本文を分けるなどして、小さくしてください。"
            }
        }
    }

    /// Whether the server listens on a loopback address: the editor is on only then.
    public let isEnabled: Bool
    /// The `Host` values that name this server: `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`.
    public let hosts: Set<String>
    /// Handed out with each form; required with each write.
    public let token: String
    public let maxBodyBytes: Int

    public init(
        isLoopback: Bool, host: String, port: Int, token: String = EditorGuard.newToken(), maxBodyBytes: Int = 1 << 20
    ) {
        isEnabled = isLoopback
        let names = Set([host.contains(":") ? "[\(host)]" : host, "127.0.0.1", "localhost", "[::1]"])
        hosts = Set(names.map { "\($0):\(port)" })
        self.token = token
        self.maxBodyBytes = maxBodyBytes
    }

    /// 32 random bytes as hex, from the system's generator.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether a request that only reads (a form, the editor's script) may be answered.
    public func checkRead(host: String?) -> Refusal? {
        guard isEnabled else { return .notLoopback }
        guard let host, hosts.contains(host.lowercased()) else { return .wrongHost }
        return nil
    }

    /// Whether a write comes from a page of this server, before its body is read.
    ///
    /// `Origin` decides when it is sent (every browser sends it with a POST, a form's or a
    /// script's). Without it, a browser's `Sec-Fetch-Site` must say `same-origin`, or else its
    /// `Referer` must be a page of this server; a request with none of the three is refused: it
    /// proves nothing of where it came from.
    public func checkSender(
        host: String?, origin: String?, referer: String?, fetchSite: String?, declaredLength: Int?
    ) -> Refusal? {
        if let refusal = checkRead(host: host) { return refusal }
        guard let host else { return .wrongHost }
        let own = "http://" + host.lowercased()
        if let origin {
            guard origin.lowercased() == own else { return .wrongOrigin }
        } else if let fetchSite {
            guard fetchSite.lowercased() == "same-origin" else { return .wrongOrigin }
        } else if let referer {
            let lowered = referer.lowercased()
            guard lowered == own || lowered.hasPrefix(own + "/") else { return .wrongOrigin }
        } else {
            return .wrongOrigin
        }
        if let declaredLength, declaredLength > maxBodyBytes { return .tooLarge }
        return nil
    }

    /// Whether the request carries this session's token.
    public func checkToken(_ token: String?) -> Refusal? {
        guard let token, Self.equalInConstantTime(token, self.token) else { return .wrongToken }
        return nil
    }

    /// Compares every byte whatever the first difference, so that timing tells nothing of the token.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
