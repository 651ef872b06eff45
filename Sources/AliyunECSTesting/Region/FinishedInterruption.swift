import AliyunECS
import Foundation

/// A spot interruption that is over because StartInstance brought its stop-mode instance back: the instance
/// record keeps only its current interruption, and this keeps the earlier ones announced and in the history.
struct FinishedInterruption: Sendable, Hashable {
    /// The instance that was reclaimed.
    var instanceId: String
    /// When the `Recycling` lock appeared.
    var markedAt: Date
    /// When ECS stopped (or released) the instance.
    var endedAt: Date
    /// What ECS did to it.
    var behavior: SpotInterruptionBehavior
}
