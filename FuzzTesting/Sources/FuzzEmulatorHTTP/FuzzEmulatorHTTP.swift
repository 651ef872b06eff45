import Foundation

/// libFuzzer entry point for the emulator's HTTP request handling, in process: the input is what a client
/// sends on one connection, fed through the channel pipeline the server sets up on every connection it
/// accepts (`ECSEmulatorServer.configureConnection`), on SwiftNIO's in-memory `NIOAsyncTestingChannel`, to
/// a fresh `SimulatedRegion` on a `VirtualClock` (see `Exchange`). Then the client closes its side.
///
/// For each input it checks, and stops the fuzzer with a message naming the difference when one fails:
/// - nothing crashes or leaks (each request is answered as it is read, with no latency fault in the
///   region, so an answer that never came shows as a missing response below);
/// - what the server wrote reads as a sequence of HTTP/1.1 responses, each with a status from 100 to 599;
/// - each complete, well-formed request at the start of the input (`RequestStream`) has exactly one
///   response, a 2xx, 3xx or 4xx (a 5xx would be an error the responder did not expect);
/// - after them, input that ends inside a request gets at most one response, a 4xx, or none (the channel
///   closed); a request after `Connection: close` or a refused body gets none; other input (requests this
///   reading makes no claim about) gets at most one response per header block it holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEmulatorHTTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    HTTPChecks.check(Exchange.run(input), input)
    return 0
}

/// Stops the fuzzer: libFuzzer saves the input as a reproducer.
func mismatch(_ message: String, _ input: [UInt8], output: [UInt8] = []) -> Never {
    let shown = String(decoding: input.prefix(600), as: UTF8.self).debugDescription
    let written = String(decoding: output.prefix(600), as: UTF8.self).debugDescription
    fatalError("FuzzEmulatorHTTP mismatch: \(message)\ninput (\(input.count) bytes): \(shown)\noutput (\(output.count) bytes): \(written)")
}

enum HTTPChecks {
    static func check(_ output: [UInt8], _ input: [UInt8]) {
        let expected = RequestStream(input, limits: Exchange.limits)
        var responses = ResponseStream(output)
        var statuses: [Int] = []
        while let status = responses.next() {
            guard (100...599).contains(status) else { mismatch("a response with status \(status)", input, output: output) }
            statuses.append(status)
        }
        if responses.failure != nil && !(expected.rest == .unclaimed && expected.mayHaveHeadRequest) {
            mismatch("the server wrote something that is not an HTTP/1.1 response: \(responses.failure ?? "")", input, output: output)
        }
        guard statuses.count >= expected.claimed else {
            mismatch("\(expected.claimed) well-formed request(s), \(statuses.count) response(s)", input, output: output)
        }
        for (index, status) in statuses.prefix(expected.claimed).enumerated() where !(200...499).contains(status) {
            mismatch("well-formed request \(index + 1) was answered with \(status)", input, output: output)
        }
        let extra = Array(statuses.dropFirst(expected.claimed))
        if expected.endsConnection || expected.rest == .none {
            guard extra.isEmpty else {
                mismatch("\(expected.claimed) well-formed request(s) and nothing after them, \(statuses.count) response(s)", input, output: output)
            }
            return
        }
        switch expected.rest {
        case .incomplete:
            guard extra.count <= 1, extra.allSatisfy({ (400...499).contains($0) }) else {
                mismatch("input that ends inside a request was answered with \(extra)", input, output: output)
            }
        case .unclaimed:
            guard extra.count <= expected.possibleHeadBlocks else {
                mismatch("\(extra.count) responses to input with at most \(expected.possibleHeadBlocks) header block(s)", input, output: output)
            }
        case .none:
            break
        }
    }
}
