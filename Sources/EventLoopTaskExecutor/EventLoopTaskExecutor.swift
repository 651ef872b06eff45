import NIOCore

/// Runs task jobs on one SwiftNIO event loop.
///
/// Work that waits on a channel of that loop then continues on the loop's own thread when the channel
/// answers, instead of each step waking a thread of the concurrency pool: the AsyncHTTPClient transport
/// runs each exchange on one (its deadline timer, the hand-off of the request, the answer), and the
/// emulator runs its server on one.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
package final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop jobs run on.
    package let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    package init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Runs `job` on the loop (at once when called on it, after the current work otherwise).
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
