import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import FuzzSupport
import NIOCore
import NIOEmbedded

/// One connection to the emulator, in memory: the bytes in, the client's side closed, what came out.
enum Exchange {
    /// When the region's clock starts: the captured official requests were signed at 16:17:58 that day,
    /// well within the region's 15 minutes of allowed skew.
    static let start = Date(timeIntervalSince1970: 1_795_710_000)  // 2026-11-26T16:20:00Z

    /// Small limits, so that inputs of a few kilobytes reach them.
    static let limits = RequestStream.Limits(maximumBodySize: 4096, maximumHeaderSize: 2048, maximumHeaderCount: 16)

    static let configuration = ECSEmulatorServer.Configuration(
        maximumRequestBodySize: limits.maximumBodySize, maximumHeaderSize: limits.maximumHeaderSize,
        maximumHeaderCount: limits.maximumHeaderCount, idleTimeout: .seconds(60))

    /// Serves `input` on a fresh region, from the fuzzer's synchronous entry point.
    static func run(_ input: [UInt8]) -> [UInt8] {
        switch SynchronousRun.run({ try await serve(input) }) {
        case .success(let output):
            return output
        case .failure(let error):
            mismatch("the connection could not be set up: \(error)", input)
        }
    }

    static func serve(_ input: [UInt8]) async throws -> [UInt8] {
        let region = SimulatedRegion(clock: VirtualClock(start: start))
        let server = ECSEmulatorServer(region: region, configuration: configuration)
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext { try server.configureConnection(channel) }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).get()
        // The whole input (the channel may close on the way: a refusal), then the client closes its side.
        _ = try? await channel.writeInbound(ByteBuffer(bytes: input))
        _ = try? await channel.testingEventLoop.executeInContext {
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
        await channel.testingEventLoop.run()
        var output: [UInt8] = []
        while let part = try await channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = part else { continue }
            output.append(contentsOf: buffer.readableBytesView)
        }
        // Closes the channel if the server left it open, which breaks the channel's cycle with its pipeline.
        _ = try? await channel.finish(acceptAlreadyClosed: true)
        await channel.testingEventLoop.shutdownGracefully()
        return output
    }
}
