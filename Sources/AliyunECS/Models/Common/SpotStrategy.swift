/// How an instance is billed on the spot market (`SpotStrategy`).
public struct SpotStrategy: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A regular pay-as-you-go instance, never reclaimed.
    public static let noSpot: Self = "NoSpot"
    /// A spot instance with a maximum hourly price (`SpotPriceLimit`).
    public static let spotWithPriceLimit: Self = "SpotWithPriceLimit"
    /// A spot instance that pays the market price, up to the pay-as-you-go price.
    public static let spotAsPriceGo: Self = "SpotAsPriceGo"
}
