import Hummingbird
import NIOCore

/// The per-request context of the emulator: Hummingbird's core storage plus the connection, which a
/// lost-request or lost-response fault closes without answering.
@available(macOS 14, iOS 17, tvOS 17, *)
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
