import NIOCore

/// Runs task jobs on one SwiftNIO event loop.
///
/// The transport runs each exchange (send, wait, collect the body) on the event loop of its connection:
/// AsyncHTTPClient's own work for the request (its deadline timer, handing the request to the connection,
/// cancelling the timer, delivering the answer) then happens on that loop's thread, instead of each step
/// waking another thread. Only two thread hops are left per call: onto the loop and back.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop jobs run on.
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
