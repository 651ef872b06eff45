import NIOCore
import NIOHTTP1

@available(macOS 14, iOS 17, tvOS 17, *)
extension ECSEmulatorServer {
    /// Sets up what serves one accepted connection, on `channel`'s event loop: the idle timeout, NIO's
    /// HTTP/1.1 server pipeline with the configured header limits (one request at a time), then the handler
    /// that answers from the region, malformed requests included (NIO's own error handler would answer a
    /// request that was already refused a second time). The server calls it for each connection; the fuzz
    /// target calls it on an in-memory channel.
    /// - Throws: What adding the handlers threw (the channel closed meanwhile).
    package func configureConnection(_ channel: any Channel) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = configuration.maximumHeaderSize
        limits.maxHeaderListSize = configuration.maximumHeaderSize
        limits.maxHeaderFieldCount = configuration.maximumHeaderCount
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount.nanoseconds(configuration.idleTimeout.nanoseconds)))
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: true, withErrorHandling: false, withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: limits)
        try pipeline.addHandler(
            EmulatorConnectionHandler(
                region: region, messageQueues: messageQueues, maximumBodySize: configuration.maximumRequestBodySize, latencyWaits: latencyWaits,
                logger: configuration.logger))
    }
}
