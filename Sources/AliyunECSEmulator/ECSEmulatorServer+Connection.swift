import Hummingbird
import HummingbirdCore
import NIOConcurrencyHelpers
import NIOCore

@available(macOS 14, iOS 17, tvOS 17, *)
extension ECSEmulatorServer {
    /// What the server sets up on every connection it accepts, bound to no socket: HTTP/1.1 with the
    /// configured header limits and idle timeout, the handler that closes a connection after a refusal, and
    /// the region's responder behind Hummingbird's application (which turns an unexpected error into a 500
    /// and adds the `Date` header), built exactly as ``run()`` builds them.
    ///
    /// Set it up on any channel (`setup(channel:logger:)`, on the channel's event loop) and serve that
    /// channel (`handle(value:logger:)`): the emulator's fuzz target feeds raw bytes through it on SwiftNIO's
    /// in-memory `NIOAsyncTestingChannel`. Nothing listens, and the server's own ``run()`` is unaffected.
    ///
    /// Hummingbird hands its per-request responder only to the builder of a server it is about to bind;
    /// this builder keeps that responder and stops the application there, before anything is bound.
    /// - Parameter eventLoopGroup: The group the application is given (nothing runs on it here).
    /// - Returns: The connection handler.
    /// - Throws: ``ECSEmulatorError`` (`notRunning`) if the application did not hand over its responder.
    package func connectionHandler(eventLoopGroup: any EventLoopGroup) async throws -> HTTP1Channel {
        let captured = NIOLockedValueBox<HTTPChannelHandler.Responder?>(nil)
        let builder = HTTPServerBuilder { responder in
            captured.withLockedValue { $0 = responder }
            throw ResponderCaptured()
        }
        do {
            try await makeApplication(server: builder, eventLoopGroup: eventLoopGroup).run()
        } catch is ResponderCaptured {
            // Stopped as planned, before binding.
        }
        // Taken out of the box: the responder holds the application, which holds this builder and the box.
        let taken = captured.withLockedValue { responder in
            defer { responder = nil }
            return responder
        }
        guard let responder = taken else {
            throw ECSEmulatorError(kind: .notRunning, message: "The application did not hand over its responder")
        }
        return HTTP1Channel(responder: responder, configuration: channelConfiguration)
    }
}

/// Stops an application once its server builder has its responder (see `connectionHandler(eventLoopGroup:)`).
private struct ResponderCaptured: Error {}
