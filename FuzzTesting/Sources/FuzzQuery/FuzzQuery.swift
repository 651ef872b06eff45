import Foundation
@testable import AliyunECS
@testable import AliyunECSTesting

/// libFuzzer entry point for the simulator's and emulator's request decoding, and for both query writers.
///
/// The input is a form-encoded request body (`Name=value&…`, as the emulator receives it). It is read as
/// the simulated region reads a request (`IncomingRequest`: split, percent-decode, the business
/// parameters), then decoded as every generated request type with `QueryDecoder`, as the region's
/// handlers do. For each request that decodes, it checks, and stops the fuzzer with a message naming the
/// difference when one fails:
/// - the canonical query the generated fast writer writes into its fixed buffer equals the one built
///   through `Codable` (`QueryEncoder.encodeWithCoder`, sorted, percent-encoded), for the actions that have
///   one (`actions.txt` marks the others `codable`);
/// - the fast writer's parameters equal the `Codable` encoder's;
/// - the canonical query read back (`CanonicalQuery.parameters`) gives those parameters, in order;
/// - decoding those parameters again gives a request that writes the same canonical query (or, when a
///   list element had no field set and so no wire form, the same values, settling after one more trip).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = size == 0 ? Data() : Data(bytes: UnsafeRawPointer(data.unsafelyUnwrapped), count: size)
    let request = ECSHTTPRequest(
        method: "POST", urlString: "http://127.0.0.1:8080/",
        headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: body)
    let parameters = IncomingRequest(request).businessParameters
    for requestType in GeneratedActions.requestTypes {
        QueryChecks.check(requestType, parameters)
    }
    return 0
}

enum QueryChecks {
    static func mismatch(_ message: String, _ parameters: [String: String]) -> Never {
        let shown = parameters.sorted { $0.key < $1.key }.prefix(40).map { "\($0.key.debugDescription)=\($0.value.debugDescription)" }
        fatalError("FuzzQuery mismatch: \(message)\nparameters: \(shown.joined(separator: " "))")
    }

    static func check<Request: ECSRequest>(_ type: Request.Type, _ parameters: [String: String]) {
        // The region turns a refusal into InvalidParameter; anything but a DecodingError would be a 500.
        let request: Request
        do {
            request = try QueryDecoder().decode(Request.self, from: parameters)
        } catch is DecodingError {
            return
        } catch {
            mismatch("QueryDecoder threw a \(Swift.type(of: error)), not a DecodingError, for \(Request.self): \(error)", parameters)
        }
        let (fastQuery, fastParameters) = written(request, parameters)

        // The round trip: what we wrote, decoded again, writes the same query. A list element with no field
        // set (`Filter.1.Unknown=x` makes `Filter.1` an empty filter) has no wire form, so the elements after
        // it are numbered one lower the second time: the values survive, and the query settles after one trip.
        let (queryAgain, parametersAgain) = written(decodedAgain(Request.self, from: fastParameters, parameters), parameters)
        guard queryAgain != fastQuery else { return }
        guard fastParameters.map(\.value).sorted() == parametersAgain.map(\.value).sorted() else {
            mismatch("""
                \(Request.self) decoded from its own parameters lost or changed a value:
                \(String(decoding: fastQuery, as: UTF8.self))
                \(String(decoding: queryAgain, as: UTF8.self))
                """, parameters)
        }
        let (queryThird, _) = written(decodedAgain(Request.self, from: parametersAgain, parameters), parameters)
        guard queryThird == queryAgain else {
            mismatch("""
                \(Request.self) written and read back does not settle:
                \(String(decoding: queryAgain, as: UTF8.self))
                \(String(decoding: queryThird, as: UTF8.self))
                """, parameters)
        }
    }

    static func decodedAgain<Request: ECSRequest>(_ type: Request.Type, from written: [QueryParameter], _ parameters: [String: String]) -> Request {
        do {
            return try QueryDecoder().decode(Request.self, from: written.dictionary)
        } catch {
            mismatch("\(Request.self) does not decode from its own parameters: \(error)", parameters)
        }
    }

    /// The canonical query and parameters of `request`, after checking that both writers agree (an action
    /// marked `codable` in `actions.txt` has only the `Codable` one, whose query is then checked alone).
    static func written<Request: ECSRequest>(_ request: Request, _ parameters: [String: String]) -> ([UInt8], [QueryParameter]) {
        let coded: [QueryParameter]
        do {
            coded = try QueryEncoder().encodeWithCoder(request)
        } catch {
            mismatch("the Codable encoder refuses a decoded \(Request.self): \(error)", parameters)
        }
        let sortedCoded = CanonicalQuery.sorted(coded)
        let codedQuery = CanonicalQuery.bytes(sortedCoded)
        let fastQuery = (request as? any QueryWritable).map { canonicalQuery(of: $0) } ?? codedQuery
        guard fastQuery == codedQuery else {
            mismatch("""
                the fast writer and the Codable encoder write different canonical queries for \(Request.self):
                fast:    \(String(decoding: fastQuery, as: UTF8.self))
                Codable: \(String(decoding: codedQuery, as: UTF8.self))
                """, parameters)
        }
        let fastParameters: [QueryParameter]
        do {
            fastParameters = try QueryEncoder().encode(request)
        } catch {
            mismatch("the fast writer refuses a decoded \(Request.self): \(error)", parameters)
        }
        guard CanonicalQuery.sorted(fastParameters) == sortedCoded else {
            mismatch("the fast writer and the Codable encoder write different parameters for \(Request.self)", parameters)
        }
        guard CanonicalQuery.parameters(fastQuery) == sortedCoded.filter({ !$0.name.isEmpty || !$0.value.isEmpty }) else {
            mismatch("the canonical query of \(Request.self) does not read back as its parameters: \(String(decoding: fastQuery, as: UTF8.self))", parameters)
        }
        return (fastQuery, fastParameters)
    }

    /// The fast writer's canonical query, opened from the existential so it runs on the concrete type.
    static func canonicalQuery<Value: QueryWritable>(of value: Value) -> [UInt8] {
        QueryEncoder.canonicalQuery(of: value, overrides: .none)
    }
}
