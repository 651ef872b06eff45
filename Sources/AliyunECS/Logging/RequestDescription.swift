/// The text of a request's `description`: its parameters in wire form, secrets replaced.
package enum RequestDescription {
    /// `Name(Param=value, Password=<redacted>, …)`, in wire-name order, from the generated writer.
    static func text<Request: ECSRequest & QueryWritable>(of request: Request) -> String {
        var writer = QueryWriter()
        request.writeQuery(to: &writer, prefix: "")
        return text(Request.self, writer.parameters)
    }

    /// The same text for a request without a generated writer (the actions outside `AliyunECS`), through
    /// the `Codable` query encoder; a request that cannot be encoded shows only its type.
    package static func text<Request: ECSRequest>(of request: Request) -> String {
        let parameters = (try? QueryEncoder().encode(request)) ?? []
        return text(Request.self, parameters.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
    }

    private static func text<Request>(_ type: Request.Type, _ parameters: [QueryParameter]) -> String {
        let pairs = parameters.map { "\($0.name)=\(Redaction.value($0.value, forName: $0.name))" }
        return "\(Request.self)(" + pairs.joined(separator: ", ") + ")"
    }
}
