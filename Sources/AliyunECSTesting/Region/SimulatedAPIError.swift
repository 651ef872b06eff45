/// An ECS error the simulated region answers with.
struct SimulatedAPIError: Error, Sendable {
    var status: Int
    var code: String
    var message: String

    static func missingParameter(_ name: String) -> Self {
        Self(status: 400, code: "MissingParameter", message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    static func invalidParameter(_ name: String, _ detail: String = "is not valid") -> Self {
        Self(status: 400, code: "InvalidParameter", message: "The specified parameter \"\(name)\" \(detail).")
    }

    static func notFound(_ code: String, _ message: String) -> Self {
        Self(status: 404, code: code, message: message)
    }

    /// ECS's answer to a failure on its own side.
    static let internalError = Self(status: 500, code: "InternalError", message: "The request processing has failed due to some unknown error.")
}
