import AliyunECS

extension RegionState {
    /// A page number of at least 1 and a size between 1 and `maximumSize` (10 when unset): the
    /// `PageNumber` + `PageSize` style.
    static func page(number: Int?, size: Int?, maximumSize: Int) -> (number: Int, size: Int) {
        (max(number ?? 1, 1), min(max(size ?? 10, 1), maximumSize))
    }

    /// The page of `items` that `token` points at (`sim.<offset>`, from the start when empty) and the token of
    /// the next page (empty after the last): the `NextToken` + `MaxResults` style.
    static func tokenPage<Item>(_ items: [Item], token: String?, size: Int) throws(SimulatedAPIError) -> (items: [Item], nextToken: String) {
        var start = 0
        if let token, !token.isEmpty {
            guard token.hasPrefix("sim."), let parsed = Int(token.dropFirst(4)), parsed >= 0 else {
                throw SimulatedAPIError(status: 400, code: "InvalidParameter.NextToken", message: "The specified NextToken is not valid.")
            }
            start = parsed
        }
        return (Array(items.dropFirst(start).prefix(size)), start + size < items.count ? "sim.\(start + size)" : "")
    }
}
