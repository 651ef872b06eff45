import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import InMemoryLogging
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// Requests no HTTP client would send, over raw TCP: each is answered with a 4xx or a closed connection,
/// and afterwards the server still answers a normal signed request on a new connection.
@Suite("Emulator server: hostile input", .timeLimit(.minutes(1)))
struct HostileInputTests {
    /// A hostile exchange and what must come of it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var chunks: [[UInt8]]
        var ending: RawConnection.Ending = .wait
        /// `nil`: the server must close the connection (with or without an answer); else the 4xx expected.
        var expectedStatus: Int?
        /// Whether the answer must arrive: where the server closes while the client is still sending, the
        /// kernel may turn the close into a reset that discards the answer, so only its status is checked.
        var answerCertain = true
        /// A stalled client: the server runs with a short idle timeout, and must close the connection.
        var stalls = false

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Content-Length: -5",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: -5\n\n")], expectedStatus: 400),
        Case(name: "Content-Length: abc",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: abc\n\n")], expectedStatus: 400),
        Case(name: "two different Content-Lengths",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 3\nContent-Length: 4\n\nabcd")], expectedStatus: 400),
        Case(name: "a garbage request line",
             chunks: [RawConnection.http("GARBAGE\n\n")], expectedStatus: 400),
        Case(name: "binary noise",
             chunks: [(0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }], expectedStatus: 400),
        Case(name: "1 MiB of headers",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nX-Filler: ") + Array(repeating: UInt8(ascii: "a"), count: 1 << 20)
                 + RawConnection.http("\n\n")],
             expectedStatus: nil),
        Case(name: "5,000 small headers",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\n" + (0..<5000).map { "X-H\($0): v\n" }.joined() + "\n")],
             expectedStatus: nil),
        Case(name: "a declared body larger than the limit",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 100000\n\n")], expectedStatus: 413),
        Case(name: "a declared body larger than the limit, sent",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 100000\n\n") + Array(repeating: 0x61, count: 100_000)],
             expectedStatus: 413, answerCertain: false),
        Case(name: "a chunked body larger than the limit",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n\n")]
                 + Array(repeating: RawConnection.http("400\n") + Array(repeating: 0x61, count: 1024) + RawConnection.http("\n"), count: 8),
             expectedStatus: 413, answerCertain: false),
        Case(name: "half a body, then the client leaves",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 100\n\n") + Array(repeating: 0x61, count: 50)],
             ending: .disconnect),
        Case(name: "half a request head, then a stall (idle timeout)",
             chunks: [RawConnection.http("POST /?Action=DescribeInstances HTTP/1.1\nHost: 127.0.0.1\nX-Partial: ")],
             expectedStatus: nil, stalls: true),
        Case(name: "half a body, then a stall (idle timeout)",
             chunks: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 100\n\n") + Array(repeating: 0x61, count: 50)],
             expectedStatus: nil, stalls: true),
    ]

    @Test("Refused or cut off, never a crash; the next signed request still succeeds", arguments: cases)
    func hostile(_ hostile: Case) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let configuration = hostile.stalls ? Emulator.stallConfiguration : Emulator.testConfiguration
        try await ECSEmulatorServer.withRunningServer(region: region, configuration: configuration) { endpoint in
            let outcome = try await RawConnection.exchange(port: endpoint.port, send: hostile.chunks, ending: hostile.ending, wait: .seconds(8))
            switch hostile.ending {
            case .disconnect:
                break
            case .wait:
                if let status = hostile.expectedStatus, hostile.answerCertain || !outcome.received.isEmpty {
                    #expect(outcome.firstStatus == status, "answered: \(outcome.text.prefix(120))")
                } else if let status = outcome.firstStatus {
                    #expect((400..<500).contains(status), "answered: \(outcome.text.prefix(120))")
                }
                // One answer at most, and the server does not keep a connection that sent garbage.
                #expect(outcome.responseCount <= 1)
                #expect(outcome.closedByServer)
            }
            #expect(region.calls.isEmpty)
            #expect(try await Emulator.servesSignedRequests(endpoint))
            #expect(region.calls.count == 1)
        }
    }

    @Test("A request refused over the body limit is answered once, even when the input then ends inside it")
    func refusedOnce() async throws {
        // Found by FuzzEmulatorHTTP: the refusal (413) was followed by NIO's own 400 for the cut-off body.
        let server = ECSEmulatorServer(region: SimulatedRegion(clock: SystemClock()), configuration: Emulator.testConfiguration)
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext { try server.configureConnection(channel) }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).get()
        _ = try? await channel.writeInbound(ByteBuffer(bytes: RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 99999999\n\nabc")))
        _ = try? await channel.testingEventLoop.executeInContext {
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
        var written: [UInt8] = []
        while let part = try await channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = part { written += buffer.readableBytesView }
        }
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 413"))
        #expect(text.components(separatedBy: "HTTP/1.1 ").count - 1 == 1, "answered: \(text)")
        #expect(try await !channel.testingEventLoop.executeInContext { channel.isActive })
        _ = try? await channel.finish(acceptAlreadyClosed: true)
    }

    @Test("The server logs where it listens and, at debug, each request it refuses")
    func logsRefusals() async throws {
        var handler = InMemoryLogHandler()
        handler.logLevel = .debug
        var configuration = Emulator.testConfiguration
        configuration.logger = Logger(label: "emulator-test") { _ in handler }
        try await ECSEmulatorServer.withRunningServer(region: SimulatedRegion(clock: SystemClock()), configuration: configuration) { endpoint in
            _ = try await RawConnection.exchange(port: endpoint.port, send: [RawConnection.http("GARBAGE\n\n")], wait: .seconds(5))
            #expect(handler.entries.contains { $0.level == .info && $0.message == "Listening" && $0.metadata["url"] == "\(endpoint.url)" })
        }
        #expect(handler.entries.contains { $0.level == .debug && $0.message == "Refusing a request" && $0.metadata["status"] == "400" })
        #expect(handler.entries.contains { $0.level == .info && $0.message == "Stopped serving" })
    }

    @Test("A stalled client is cut off by the idle timeout, not kept forever")
    func stallIsBounded() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region, configuration: Emulator.stallConfiguration) { endpoint in
            let started = ContinuousClock.now
            // The client gives up after 15 seconds; the server, with a 0.3-second idle timeout, must close first
            // (the bound is loose because a busy test process may read the close late).
            let outcome = try await RawConnection.exchange(
                port: endpoint.port, send: [RawConnection.http("POST / HTTP/1.1\nHost: 127.0.0.1\n")], wait: .seconds(15))
            #expect(outcome.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }
}
