extension ECSClient {
    /// Runs `body` on the transport's ``ECSTransport/preferredTaskExecutor``, so that the calls it makes in a
    /// row cost the least CPU: with the AsyncHTTPClient transport, each call is then sent, answered and
    /// decoded on the transport's event loop (on the connection the pool keeps there, when there is one), and
    /// resumes `body` there, with no thread woken to hand the work over. With a transport that prefers no
    /// executor, `body` simply runs.
    ///
    /// ```swift
    /// let ecs = try ECSClient(region: "cn-hangzhou", transport: .asyncHTTPClient())
    /// let pages = try await ecs.withPreferredExecutor {
    ///     var pages: [DescribeInstancesResponse] = []
    ///     for batch in batches { pages.append(try await ecs.describeInstances(.init(instanceIds: batch))) }
    ///     return pages
    /// }
    /// ```
    ///
    /// On an event loop, `body` shares its thread with network I/O: keep blocking and long computations out
    /// of it. Tasks `body` starts (child tasks, task groups) inherit the preference; tasks made with
    /// `Task.detached` do not. On systems without task executors it just runs `body`.
    ///
    /// Code isolated to an actor keeps running on that actor (the executor preference applies only to
    /// code that is not isolated), so call it from nonisolated code to have any effect.
    /// - Parameters:
    ///   - isolation: The caller's isolation, which `body` keeps.
    ///   - body: The work to run, typically calls made one after another.
    /// - Returns: What `body` returns.
    public func withPreferredExecutor<Value, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            return try await withTaskExecutorPreference(transport.preferredTaskExecutor, isolation: isolation, operation: body)
        }
        return try await body()
    }
}
