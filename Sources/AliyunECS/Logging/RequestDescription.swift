/// The text of a request's `description`: its parameters in wire form, secrets replaced.
enum RequestDescription {
    /// `Name(Param=value, Password=<redacted>, …)`, in wire-name order.
    static func text<Request: ECSRequest & QueryWritable>(of request: Request) -> String {
        var writer = QueryWriter()
        request.writeQuery(to: &writer, prefix: "")
        let pairs = writer.parameters.map { "\($0.name)=\(Redaction.value($0.value, forName: $0.name))" }
        return "\(Request.self)(" + pairs.joined(separator: ", ") + ")"
    }
}
