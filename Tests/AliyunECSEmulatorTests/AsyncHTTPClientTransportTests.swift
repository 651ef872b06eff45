import AliyunECS
import AliyunECSAsyncHTTPClient
import AliyunECSEmulator
import AliyunECSTesting
import AsyncHTTPClient
import EventLoopTaskExecutor
import Foundation
import NIOPosix
import Testing

/// The AsyncHTTPClient transport on a bad day: answers too large, a caller that gives up, nothing to
/// connect to, a connection that drops halfway through an answer.
@Suite("AsyncHTTPClient transport", .timeLimit(.minutes(1)))
struct AsyncHTTPClientTransportTests {
    static let runInstancesAnswer = #"{"RequestId":"R-1","TradePrice":0.1,"InstanceIdSets":{"InstanceIdSet":["i-scripted"]}}"#

    /// A client of a scripted server, with a transport of its own.
    static func client(port: Int, transport: AsyncHTTPClientTransport, retryPolicy: RetryPolicy = .none) throws -> ECSClient {
        try Emulator.client(url: "http://127.0.0.1:\(port)", transport: transport, retryPolicy: retryPolicy)
    }

    /// Runs `body` with an `HTTPClient` on an event-loop group of two loops of its own, then shuts both down.
    static func withOwnHTTPClient(
        configuration: HTTPClient.Configuration = .init(),
        _ body: (HTTPClient, MultiThreadedEventLoopGroup) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let httpClient = HTTPClient(eventLoopGroup: group, configuration: configuration)
        do {
            try await body(httpClient, group)
        } catch {
            try? await httpClient.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
        try await httpClient.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("A body over the cap is a typed, final error: responseTooLarge, not retried")
    func bodyCap() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.addInstances(count: 20)
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let capped = AsyncHTTPClientTransport(configuration: .init(maximumResponseBodySize: 4096))
            let client = try Emulator.client(url: endpoint.url, transport: capped, retryPolicy: Emulator.quickRetries)
            let error = await #expect(throws: ECSClientError.self) {
                try await client.describeInstances(DescribeInstancesRequest().with { $0.maxResults = 20 })
            }
            #expect(error?.kind == .responseTooLarge)
            #expect(error?.description.contains("4096") == true)
            #expect(error.map { RetryPolicy.default.isRetryable($0) } == false)
            #expect(region.calls.count == 1)
            // A small answer still fits.
            #expect(try await client.describeImages(DescribeImagesRequest()).images.isEmpty)
        }
    }

    @Test("A chunked body (no Content-Length) over the cap is cut off while it streams")
    func chunkedBodyCap() async throws {
        let chunk = String(repeating: "x", count: 1000)
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(repeating: "3e8\r\n\(chunk)\r\n", count: 10) + "0\r\n\r\n"
        try await ScriptedHTTPServer.run({ _, _ in .respond(Array(chunked.utf8)) }) { server in
            let transport = AsyncHTTPClientTransport(configuration: .init(maximumResponseBodySize: 5000))
            let request = ECSHTTPRequest(method: "GET", urlString: "http://127.0.0.1:\(server.port)/", headers: [])
            let error = await #expect(throws: ECSTransportError.self) { try await transport.send(request) }
            #expect(error?.kind == .responseTooLarge)
            let roomy = AsyncHTTPClientTransport(configuration: .init(maximumResponseBodySize: 10_000))
            let whole = try await roomy.send(request)
            #expect(whole.body.count == 10_000)
        }
    }

    @Test("A cancelled call ends at once with CancellationError, and its connection is closed, not leaked")
    func cancellation() async throws {
        try await ScriptedHTTPServer.run({ _, _ in .stall }) { server in
            let client = try Self.client(port: server.port, transport: AsyncHTTPClientTransport(configuration: .init(requestTimeout: .seconds(30))))
            let call = Task { try await client.runInstances(Emulator.launch()) }
            #expect(await server.events.waitFor(.request(connection: 0)))
            let cancelledAt = ContinuousClock.now
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            // Far below the 30-second request timeout (loose, for a busy test process).
            #expect(ContinuousClock.now - cancelledAt < .seconds(10))
            #expect(await server.events.waitFor(.clientClosed(connection: 0), limit: .seconds(10)))
        }
    }

    @Test("A server that never answers is a retryable timeout after the request timeout")
    func requestTimeout() async throws {
        try await ScriptedHTTPServer.run({ _, _ in .stall }) { server in
            let transport = AsyncHTTPClientTransport(configuration: .init(requestTimeout: .milliseconds(300)))
            let client = try Self.client(port: server.port, transport: transport)
            let started = ContinuousClock.now
            let error = await #expect(throws: ECSClientError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
            #expect(error?.kind == .timedOut)
            #expect(error.map { RetryPolicy.default.isRetryable($0) } == true)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("A refused connection is a retryable connection failure, reported at once")
    func connectionRefused() async throws {
        let port = try await ScriptedHTTPServer.run({ _, _ in .stall }) { $0.port }
        let client = try Self.client(port: port, transport: AsyncHTTPClientTransport(configuration: .init(connectTimeout: .seconds(30))))
        let started = ContinuousClock.now
        let error = await #expect(throws: ECSClientError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(error?.kind == .connectionFailed)
        #expect(error.map { RetryPolicy.default.isRetryable($0) } == true)
        // Reported at once, not after the 30-second connect timeout.
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("A connection that hangs while connecting is a retryable connection failure after the connect timeout")
    func connectTimeout() async throws {
        try await withSaturatedListener { port in
            let transport = AsyncHTTPClientTransport(configuration: .init(connectTimeout: .milliseconds(300), requestTimeout: .seconds(10)))
            let client = try Self.client(port: port, transport: transport)
            let started = ContinuousClock.now
            let error = await #expect(throws: ECSClientError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
            #expect(error?.kind == .connectionFailed)
            #expect(error.map { RetryPolicy.default.isRetryable($0) } == true)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("A connection lost in the middle of an answer is retried, and the retry succeeds")
    func lostMidResponse() async throws {
        let full = ScriptedHTTPServer.response(json: Self.runInstancesAnswer)
        let cut = Array(full.prefix(full.count - 20))
        try await ScriptedHTTPServer.run({ connection, _ in connection == 0 ? .respondThenClose(cut) : .respond(full) }) { server in
            let client = try Self.client(port: server.port, transport: AsyncHTTPClientTransport(), retryPolicy: Emulator.quickRetries)
            let launched = try await client.runInstances(Emulator.launch())
            #expect(launched.instanceIds == ["i-scripted"])
            #expect(await server.events.entries.filter { if case .request = $0 { true } else { false } }.count == 2)
        }
    }

    @Test("Calls made on the client's own event loops, from both loops at once, are answered there")
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    func callsFromTheClientsLoops() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await Self.withOwnHTTPClient { httpClient, group in
            let loops = [group.next(), group.next()]
            try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
                let client = try Emulator.client(url: endpoint.url, transport: AsyncHTTPClientTransport(httpClient: httpClient))
                try await withThrowingTaskGroup(of: Bool.self) { tasks in
                    for index in 0..<20 {
                        let loop = loops[index % 2]
                        // A task on the loop, as a handler of a server on the same loops (or NIO's executor) runs.
                        tasks.addTask(executorPreference: EventLoopTaskExecutor(eventLoop: loop)) {
                            let launched = try await client.runInstances(Emulator.launch())
                            return launched.instanceIds.count == 1 && loop.inEventLoop
                        }
                    }
                    for try await answeredOnItsLoop in tasks {
                        #expect(answeredOnItsLoop)
                    }
                }
                #expect(region.allInstances.count == 20)
            }
        }
    }

    @Test("Calls from a loop with no idle connection of its own reuse the pool's connection instead of opening one each")
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    func callsFromAnotherLoopReuseThePool() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1
        try await Self.withOwnHTTPClient(configuration: configuration) { httpClient, group in
            let loops = [group.next(), group.next()]
            let answer = ScriptedHTTPServer.response(json: Self.runInstancesAnswer)
            try await ScriptedHTTPServer.run({ _, _ in .respond(answer) }) { server in
                let client = try Self.client(port: server.port, transport: AsyncHTTPClientTransport(httpClient: httpClient))
                // The pool's one connection is opened from the first loop, then called from the second.
                for loop in loops {
                    try await Task(executorPreference: EventLoopTaskExecutor(eventLoop: loop)) {
                        for _ in 0..<5 { _ = try await client.runInstances(Emulator.launch()) }
                    }.value
                }
                let connections = await server.events.entries.compactMap { event -> Int? in
                    if case .request(let connection) = event { connection } else { nil }
                }
                #expect(connections == Array(repeating: 0, count: 10), "one kept-alive connection for all ten calls")
            }
        }
    }

    @Test("Calls in withPreferredExecutor are sent, answered and resumed on the transport's one event loop")
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    func preferredExecutor() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await Self.withOwnHTTPClient { httpClient, group in
            try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
                let client = try Emulator.client(url: endpoint.url, transport: AsyncHTTPClientTransport(httpClient: httpClient))
                _ = try await client.runInstances(Emulator.launch())
                #expect(!group.any().inEventLoop, "without it, the caller stays where it was")
                let loops = try await client.withPreferredExecutor {
                    var loops: [ObjectIdentifier] = []
                    for _ in 0..<5 {
                        _ = try await client.runInstances(Emulator.launch())
                        if group.any().inEventLoop, let loop = MultiThreadedEventLoopGroup.currentEventLoop {
                            loops.append(ObjectIdentifier(loop))
                        }
                    }
                    return loops
                }
                #expect(loops.count == 5 && Set(loops).count == 1)
                #expect(region.allInstances.count == 6)
                let closure = try ECSClient(region: "cn-hangzhou", credentials: .static(accessKeyId: "id", accessKeySecret: "secret"), transport: ClosureTransport { _ in
                    ECSHTTPResponse(statusCode: 200, body: Data(Self.runInstancesAnswer.utf8))
                })
                let ran = try await closure.withPreferredExecutor {
                    try await closure.runInstances(Emulator.launch()).instanceIds
                }
                #expect(ran == ["i-scripted"], "a transport without a preferred executor just runs the body")
            }
        }
    }

    @Test("An injected HTTPClient is used as it is; the one-line factory gives the process-wide one")
    func injectedClient() async throws {
        let httpClient = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let injected: AsyncHTTPClientTransport = .asyncHTTPClient(httpClient)
        #expect(injected.httpClient === httpClient)
        try await httpClient.shutdown()
        let first: AsyncHTTPClientTransport = .asyncHTTPClient()
        let second = AsyncHTTPClientTransport()
        #expect(first.httpClient === second.httpClient)
        #expect(AsyncHTTPClientTransport(configuration: .init(connectTimeout: .seconds(3))).httpClient !== first.httpClient)
        // The request timeout is each request's deadline, not the HTTPClient's: it needs no client of its own.
        #expect(AsyncHTTPClientTransport(configuration: .init(requestTimeout: .seconds(7))).httpClient === first.httpClient)
    }
}
