import Foundation
import Synchronization

/// Bytes written to a loopback port as they are, for requests that no HTTP
/// client would send: a body cut short, a bad chunk size, a length that lies.
enum RawHTTP {
    /// A socket connected to 127.0.0.1:`port`, or nil.
    static func connected(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends `bytes` to 127.0.0.1:`port`, half-closes when asked, and reads
    /// until the server closes, a whole head has come (with `headOnly`), or
    /// `timeout` passes. Returns what came back, and the seconds it took.
    static func exchange(port: Int, _ bytes: String, halfClose: Bool, headOnly: Bool = false, timeout: Double = 5) -> (text: String, seconds: Double) {
        guard let fd = connected(port: port) else { return ("", 0) }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let start = Date()
        _ = Array(bytes.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date().timeIntervalSince(start) < timeout {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
            if headOnly, String(decoding: received, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        return (String(decoding: received, as: UTF8.self), Date().timeIntervalSince(start))
    }
}

extension RawHTTP {
    /// A count shared between threads.
    final class Count: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var current: Int { value.withLock { $0 } }
    }

    /// Opens `count` connections and writes `head` to each one byte a second,
    /// for up to `seconds`; counts in `closed` each connection the server closes.
    static func trickle(port: Int, count: Int, head: String, for seconds: Int, closed: Count) {
        var sockets: [Int32] = []
        for _ in 0..<count {
            if let fd = connected(port: port) { sockets.append(fd) }
        }
        let bytes = Array(head.utf8)
        var open = Set(sockets)
        for second in 0..<seconds where !open.isEmpty {
            for fd in open {
                var byte = bytes[second % bytes.count]
                var probe: UInt8 = 0
                // A read that returns 0 (or fails) at once: the server closed it.
                if recv(fd, &probe, 1, Int32(MSG_DONTWAIT)) == 0 || send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 {
                    open.remove(fd)
                    close(fd)
                    closed.add()
                }
            }
            Thread.sleep(forTimeInterval: 1)
        }
        for fd in open { close(fd) }
    }
}
