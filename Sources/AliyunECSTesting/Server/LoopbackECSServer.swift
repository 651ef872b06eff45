import AliyunECS
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves a ``SimulatedRegion`` over real HTTP/1.1 on 127.0.0.1: a local ECS emulator.
///
/// Point any client at ``endpoint`` (for this package, `ECSClient(endpoint:)` or the
/// `ALIBABA_CLOUD_ECS_ENDPOINT` variable) and it talks to the simulated region over a socket, signature
/// checks included. Each connection gets one request and `Connection: close`; a lost-response fault
/// closes the connection without an answer. It binds to the loopback interface only.
public final class LoopbackECSServer: @unchecked Sendable {
    /// The region being served.
    public let region: SimulatedRegion
    /// The port it listens on (chosen by the system when created with port 0).
    public let port: Int

    // `listener` is written once in init and closed once in stop(), guarded by `lock`.
    private let lock = NSLock()
    private var listener: Int32
    private var running = false

    /// Binds to `127.0.0.1:port` (0 for any free port).
    /// - Throws: ``ECSTransportError`` when the socket cannot be opened or bound.
    public init(region: SimulatedRegion, port: Int = 0) throws {
        self.region = region
        let socketType: Int32
        #if canImport(Glibc)
        socketType = Int32(SOCK_STREAM.rawValue)
        #else
        socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { throw ECSTransportError(kind: .cannotConnect, message: "socket() failed") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw ECSTransportError(kind: .cannotConnect, message: "Cannot listen on 127.0.0.1:\(port)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts accepting connections on a background thread.
    public func start() {
        let descriptor: Int32 = lock.withLock {
            running = true
            return listener
        }
        let thread = Thread { [weak self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else {
                    if errno == EINTR { continue }
                    return
                }
                guard let self, self.isRunning else {
                    close(connection)
                    return
                }
                let worker = Thread { [self] in self.serve(connection) }
                worker.start()
            }
        }
        thread.start()
    }

    /// Stops accepting connections and closes the listening socket.
    public func stop() {
        let descriptor: Int32? = lock.withLock {
            guard listener >= 0 else { return nil }
            defer { listener = -1 }
            running = false
            return listener
        }
        guard let descriptor else { return }
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        let action = request.headers[header: "x-acs-action"] ?? ""
        let delay = region.takeLatency(for: action)
        if delay > .zero { Thread.sleep(forTimeInterval: delay.inSeconds) }
        guard let response = region.handle(request) else { return }
        var head = "HTTP/1.1 \(response.statusCode) \(Self.reason(response.statusCode))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        write(connection, Array(head.utf8) + Array(response.body))
    }

    private func readRequest(_ connection: Int32) -> ECSHTTPRequest? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headerEnd = Self.find([13, 10, 13, 10], in: buffer)
            if buffer.count > 1 << 20 { return nil }
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [HTTPHeader] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(HTTPHeader(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = Int(headers[header: "Content-Length"] ?? "0") ?? 0
        var body = Array(buffer[(headerEnd + 4)...])
        while body.count < length {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return ECSHTTPRequest(
            method: String(requestLine[0]), urlString: "http://127.0.0.1:\(port)" + requestLine[1], headers: headers,
            body: Data(body.prefix(length)))
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer -> Int in
                #if canImport(Glibc)
                return send(connection, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                #else
                return send(connection, buffer.baseAddress, buffer.count, 0)
                #endif
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    private static func find(_ pattern: [UInt8], in buffer: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start..<start + pattern.count].elementsEqual(pattern) {
            return start
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
