import NIOCore
import NIOPosix

/// A bare HTTP/1.1 server on 127.0.0.1 that answers each request from a script: for the answers a real
/// ECS endpoint gives only on a bad day (a body cut off, no answer at all, a body too large).
struct ScriptedHTTPServer: Sendable {
    /// What to do with one request.
    enum Action: Sendable {
        /// Write these bytes (a whole response) and wait for the next request on the connection.
        case respond([UInt8])
        /// Write these bytes, then close the connection.
        case respondThenClose([UInt8])
        /// Never answer; keep the connection until the client leaves.
        case stall
    }

    /// Something the server saw.
    enum Event: Sendable, Equatable {
        /// A request head arrived on connection `connection` (numbered from 0).
        case request(connection: Int)
        /// The client closed connection `connection`.
        case clientClosed(connection: Int)
    }

    /// The port it listens on.
    let port: Int
    /// What happened so far.
    let events: EventLog

    /// The script: given the connection number and the request number on it (both from 0), what to do.
    typealias Script = @Sendable (_ connection: Int, _ request: Int) -> Action

    /// Runs a server around `body`, then stops it (closing every connection).
    static func run<Result: Sendable>(
        _ script: @escaping Script, _ body: @Sendable (ScriptedHTTPServer) async throws -> Result
    ) async throws -> Result {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let server = ScriptedHTTPServer(port: listener.channel.localAddress?.port ?? 0, events: EventLog())
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    await withDiscardingTaskGroup { handlers in
                        var number = 0
                        do {
                            for try await connection in connections {
                                let index = number
                                number += 1
                                handlers.addTask { await server.serve(connection, number: index, script: script) }
                            }
                        } catch {
                            // The listener was closed.
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(server)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, number: Int, script: Script) async {
        try? await connection.executeThenClose { inbound, outbound in
            var pending: [UInt8] = []
            var requests = 0
            var iterator = inbound.makeAsyncIterator()
            while let buffer = try await iterator.next() {
                pending += buffer.readableBytesView
                while let end = Self.endOfHead(in: pending) {
                    pending.removeFirst(end)
                    await events.append(.request(connection: number))
                    let action = script(number, requests)
                    requests += 1
                    switch action {
                    case .respond(let bytes):
                        try await outbound.write(ByteBuffer(bytes: bytes))
                    case .respondThenClose(let bytes):
                        try await outbound.write(ByteBuffer(bytes: bytes))
                        return
                    case .stall:
                        while try await iterator.next() != nil {}
                        await events.append(.clientClosed(connection: number))
                        return
                    }
                }
            }
            await events.append(.clientClosed(connection: number))
        }
    }

    /// The index just past the first `\r\n\r\n`, if any.
    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// A whole response with a JSON body.
    static func response(status: Int = 200, json: String) -> [UInt8] {
        Array("HTTP/1.1 \(status) OK\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8)
    }
}

/// What a scripted server saw, in order; tests wait for an event with a bounded poll.
actor EventLog {
    private(set) var entries: [ScriptedHTTPServer.Event] = []

    func append(_ event: ScriptedHTTPServer.Event) {
        entries.append(event)
    }

    /// Waits (polling every 10 ms, at most `limit`) until `event` has happened; `false` if it did not.
    func waitFor(_ event: ScriptedHTTPServer.Event, limit: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !entries.contains(event) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
