import NIOCore
import NIOPosix

/// One TCP connection driven byte by byte, for the requests no HTTP client would send.
enum RawConnection {
    /// What came back.
    struct Outcome: Sendable {
        /// Every byte the server sent.
        var received: [UInt8]
        /// `true` when the server closed the connection (or reset it) within the wait.
        var closedByServer: Bool

        /// The received bytes as text.
        var text: String { String(decoding: received, as: UTF8.self) }
        /// The status code of the first response, if one came.
        var firstStatus: Int? {
            guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return nil }
            return Int(text.dropFirst(9).prefix(3))
        }
        /// How many responses came (counted by status lines).
        var responseCount: Int { text.components(separatedBy: "HTTP/1.1 ").count - 1 }
    }

    /// How the client ends its side.
    enum Ending: Sendable {
        /// Keeps the connection open and waits for the server.
        case wait
        /// Closes the whole connection at once after sending (leaves in the middle of a request).
        case disconnect
    }

    /// Connects to `127.0.0.1:port`, sends `chunks` (in order), then ends as told and collects what the
    /// server sends until it closes or `wait` passes.
    static func exchange(port: Int, send chunks: [[UInt8]], ending: Ending = .wait, wait: Duration = .seconds(5)) async throws -> Outcome {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            do {
                for chunk in chunks {
                    try await outbound.write(ByteBuffer(bytes: chunk))
                }
            } catch {
                // The server may close before everything is written (oversized headers): that is an answer.
            }
            if case .disconnect = ending {
                return Outcome(received: [], closedByServer: false)
            }
            let collected = Collected()
            let closed = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    do {
                        for try await buffer in inbound {
                            await collected.append(Array(buffer.readableBytesView))
                        }
                        return !Task.isCancelled
                    } catch {
                        // A reset is a close too.
                        return !Task.isCancelled
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: wait)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            return Outcome(received: await collected.bytes, closedByServer: closed)
        }
    }

    /// The bytes received so far.
    private actor Collected {
        var bytes: [UInt8] = []
        func append(_ more: [UInt8]) { bytes += more }
    }

    /// `text` as bytes, with `\n` turned into CRLF.
    static func http(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
