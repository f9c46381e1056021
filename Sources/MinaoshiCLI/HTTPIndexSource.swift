import Foundation
import MinaoshiSearch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Another site's index files read over HTTP(S), for `minaoshi search` across sites. A status
/// other than 200, a refused connection or no answer within `timeout` seconds is an error naming
/// the file, which `SearchFederation` turns into "〇〇の索引に接続できませんでした".
struct HTTPIndexSource: SearchIndexSource {
    /// The index folder, ending in `/` (a site's base URL + `search/`).
    let folder: URL
    var timeout: TimeInterval = 15

    func read(_ name: String) throws -> [UInt8] {
        let url = folder.appendingPathComponent(name)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("application/json, application/octet-stream", forHTTPHeaderField: "Accept")
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        session.dataTask(with: request) { data, response, error in
            answer.set(data, response as? HTTPURLResponse, error)
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        let (data, response, error) = answer.get()
        if let error { throw Failure("\(url.absoluteString): \(error.localizedDescription)") }
        guard let response, response.statusCode == 200, let data else {
            throw Failure("\(url.absoluteString): HTTP \(answer.get().1?.statusCode ?? 0)")
        }
        return Array(data)
    }

    struct Failure: LocalizedError {
        var errorDescription: String?
        init(_ message: String) { errorDescription = message }
    }

    /// The completion handler's results, handed from URLSession's queue to the waiting caller.
    private final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, HTTPURLResponse?, (any Error)?) = (nil, nil, nil)
        func set(_ data: Data?, _ response: HTTPURLResponse?, _ error: (any Error)?) {
            lock.withLock { value = (data, response, error) }
        }
        func get() -> (Data?, HTTPURLResponse?, (any Error)?) { lock.withLock { value } }
    }
}
