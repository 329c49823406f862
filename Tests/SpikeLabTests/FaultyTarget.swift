import Foundation
import Synchronization

/// An HTTP target on a loopback port that fails as told, written on plain
/// sockets so that it can also answer what is not HTTP and reset connections.
/// `GET /health` is always answered (as a target that is not SpikeLab), so that
/// a run starts; every other request meets the fault. One thread per
/// connection; `stop()` closes every socket.
final class FaultyTarget: Sendable {
    enum Fault: Sendable {
        /// Answers every request with `status`.
        case status(Int)
        /// Answers 202 after `seconds`.
        case slow(Double)
        /// Reads every request and never answers.
        case silent
        /// Answers bytes that are not HTTP, then closes.
        case garbage
        /// Answers 202 to `after` requests, then resets every connection
        /// (RST) and stops listening, so that later connections are refused.
        case dies(after: Int)
    }

    let fault: Fault
    let port: Int
    private let listener: Int32
    private let state = Mutex((sockets: [Int32](), requests: 0, dead: false))

    init(_ fault: Fault) throws {
        self.fault = fault
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
                guard bind(listener, p, length) == 0, listen(listener, 64) == 0 else { return -1 }
                return getsockname(listener, p, &length)
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 { return }
                state.withLock { $0.sockets.append(fd) }
                Thread.detachNewThread { self.serve(fd) }
            }
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }
    /// Requests read, `/health` included.
    var requests: Int { state.withLock { $0.requests } }

    /// Closes every socket, the listener's too.
    func stop() {
        let sockets = state.withLock { s -> [Int32] in
            s.dead = true
            return s.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func serve(_ fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { close(fd); return }
            pending += buffer[0..<n]
            while let (head, used) = Self.request(in: pending) {
                pending.removeFirst(used)
                let count = state.withLock { s -> Int in
                    s.requests += 1
                    return s.requests
                }
                if head.hasPrefix("GET /health ") {
                    send(fd, status: 200, body: #"{"status":"ok"}"#)
                    continue
                }
                switch fault {
                case let .status(code): send(fd, status: code, body: "{}")
                case let .slow(seconds):
                    Thread.sleep(forTimeInterval: seconds)
                    send(fd, status: 202, body: "{}")
                case .silent: break
                case .garbage:
                    write(fd, "SSH-2.0-not-http\r\n\r\n\u{1}\u{2}\u{3}")
                    close(fd)
                    return
                case let .dies(after):
                    if count <= after + 1 {
                        send(fd, status: 202, body: "{}")
                    } else {
                        die()
                        return
                    }
                }
            }
        }
    }

    /// Stops listening and resets every connection.
    private func die() {
        let sockets = state.withLock { s -> [Int32] in
            defer { s.sockets = [] }
            s.dead = true
            return s.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in sockets {
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            close(fd)
        }
    }

    private func send(_ fd: Int32, status: Int, body: String) {
        write(fd, "HTTP/1.1 \(status) X\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    private func write(_ fd: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// A whole request at the start of `bytes` (its head, and the length of
    /// head and body), or nil while it is incomplete.
    static func request(in bytes: [UInt8]) -> (String, Int)? {
        let end: [UInt8] = [13, 10, 13, 10]
        guard let at = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == end }) else { return nil }
        let head = String(decoding: bytes[..<at], as: UTF8.self)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        guard bytes.count >= at + 4 + length else { return nil }
        return (head, at + 4 + length)
    }
}
