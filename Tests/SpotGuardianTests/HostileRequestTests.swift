import Foundation
import NIOCore
import NIOPosix
import Testing

/// Malformed HTTP sent straight down a socket: each gets a 4xx or a closed connection, and the service keeps
/// answering.
@Suite("Hostile requests")
struct HostileRequestTests {
    static let cases: [(name: String, bytes: [UInt8])] = [
        ("garbage request line", Array("HELLO\r\n\r\n".utf8)),
        ("binary noise", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }),
        ("negative Content-Length", Array("POST /events/cloudmonitor HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".utf8)),
        ("two Content-Lengths", Array("POST /events/cloudmonitor HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd".utf8)),
        ("a header of 100 KiB", Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100 << 10))\r\n\r\n".utf8)),
        ("500 headers", Array(("GET /healthz HTTP/1.1\r\nHost: x\r\n" + (0..<500).map { "X-\($0): y\r\n" }.joined() + "\r\n").utf8)),
        ("a body cut short", Array("POST /events/cloudmonitor?token=x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":".utf8)),
        ("half a request head", Array("POST /events/cloudmonitor HTTP/1.1\r\nHost: x\r\nContent-Le".utf8)),
    ]

    @Test("Each malformed request ends in a 4xx or a closed connection, and the next request is served", arguments: [true, false])
    func malformedRequests(halfClose: Bool) async throws {
        // A short idle timeout, so that a client that stalls (no half-close) is cut off within the test.
        let harness = try await GuardianHarness.start { $0.http.idleTimeout = .seconds(1) }
        for (name, bytes) in Self.cases {
            let answer = try await Self.exchange(port: harness.port, bytes: bytes, halfClose: halfClose)
            let statusLine = answer.split(separator: "\r\n").first.map(String.init) ?? ""
            let refused = statusLine.isEmpty || statusLine.contains(" 4")
            #expect(refused, "\(name): \(statusLine)")
            #expect(await harness.get("/healthz").status == 200, "after \(name)")
        }
        await harness.stop()
    }

    /// Sends `bytes`, half-closes (or stalls), and reads what comes back until the server closes (or 5 s pass).
    static func exchange(port: Int, bytes: [UInt8], halfClose: Bool) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try? await outbound.write(ByteBuffer(bytes: bytes))
            if halfClose { outbound.finish() }
            return try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    var received = ByteBuffer()
                    do {
                        for try await var part in inbound { received.writeBuffer(&part) }
                    } catch {
                        // A reset is an answer too: the connection was refused.
                    }
                    return String(buffer: received)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? "(no answer within 5 s)"
            }
        }
    }
}
