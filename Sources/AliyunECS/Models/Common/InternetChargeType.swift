/// How public bandwidth is billed (`InternetChargeType`).
public struct InternetChargeType: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A fixed bandwidth.
    public static let payByBandwidth: Self = "PayByBandwidth"
    /// Billed by the traffic used; the bandwidth is an upper limit.
    public static let payByTraffic: Self = "PayByTraffic"
}
