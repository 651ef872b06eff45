#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` with the port of a loopback listener that never accepts and whose accept queue is full,
/// so that a new connection attempt hangs (its SYN is dropped) until the client's connect timeout.
func withSaturatedListener<Result>(_ body: (Int) async throws -> Result) async throws -> Result {
    func makeSocket() -> Int32 {
        #if canImport(Glibc)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }
    func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
    func withSockaddr<T>(_ address: inout sockaddr_in, _ use: (UnsafeMutablePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { use($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    let listener = makeSocket()
    var descriptors = [listener]
    defer { for descriptor in descriptors { close(descriptor) } }
    var address = loopback(port: 0)
    guard listener >= 0, withSockaddr(&address, { bind(listener, $0, $1) }) == 0, listen(listener, 0) == 0 else {
        throw SaturatedListenerError()
    }
    var bound = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
    let port = UInt16(bigEndian: bound.sin_port)
    // Fill the accept queue with connections nobody accepts (non-blocking, so a dropped SYN does not wait here).
    for _ in 0..<4 {
        let filler = makeSocket()
        guard filler >= 0 else { throw SaturatedListenerError() }
        descriptors.append(filler)
        _ = fcntl(filler, F_SETFL, fcntl(filler, F_GETFL) | O_NONBLOCK)
        var target = loopback(port: port)
        _ = withSockaddr(&target) { connect(filler, $0, $1) }
    }
    // Give the handshakes that can complete the time to do so.
    try await Task.sleep(for: .milliseconds(50))
    return try await body(Int(port))
}

/// The saturated listener could not be set up.
struct SaturatedListenerError: Error {}
