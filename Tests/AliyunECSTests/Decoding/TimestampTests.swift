import Foundation
import Testing
@testable import AliyunECS

/// ECS writes its times in several forms; each must land on the same instant, and anything else must be
/// refused rather than guessed at.
@Suite("ECS timestamps")
struct TimestampTests {
    /// 2026-11-20T08:00:05Z.
    static let instant = Date(timeIntervalSince1970: 1_795_132_800 + 8 * 3600 + 5)

    @Test("Every form ECS uses reads as the same instant", arguments: [
        ("2026-11-20T08:00:05Z", 0.0),
        ("2026-11-20T08:00Z", -5.0),
        ("2026-11-20 08:00:05Z", 0.0),
        ("2026-11-20T08:00:05z", 0.0),
        ("2026-11-20T08:00:05.25Z", 0.25),
        ("2026-11-20T16:00:05+08:00", 0.0),
        ("2026-11-20T03:00:05-0500", 0.0),
    ])
    func forms(text: String, offset: Double) throws {
        let date = try #require(ECSTimestamp.date(from: text))
        #expect(abs(date.timeIntervalSince(Self.instant) - offset) < 1e-6, "\(text)")
    }

    @Test("Anything else is refused", arguments: [
        "", "2026-11-20", "2026-11-20T08:00", "2026-13-01T00:00Z", "2026-11-32T00:00Z", "2026-11-20T24:00Z",
        "2026-11-20T08:00:05.Z", "2026-11-20T08:00Zjunk", "2026-11-20T08:0Z", "２０２６-11-20T08:00Z", "2026-11-20T08:00+8",
    ])
    func refused(text: String) {
        #expect(ECSTimestamp.date(from: text) == nil, "\(text)")
    }

    @Test("Writing and reading back round-trips, across a leap day and before 1970", arguments: [
        1_795_132_805.0, 1_709_251_199, -1, 0, 951_782_400,
    ])
    func roundTrip(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = ECSTimestamp.string(from: date)
        #expect(text.utf8.count == 20 && text.hasSuffix("Z"))
        #expect(ECSTimestamp.date(from: text) == date)
    }

    @Test("Known instants are written as ECS expects")
    func writes() {
        #expect(ECSTimestamp.string(from: Self.instant) == "2026-11-20T08:00:05Z")
        #expect(ECSTimestamp.string(from: Date(timeIntervalSince1970: 1_709_251_199)) == "2024-02-29T23:59:59Z")
        #expect(ECSTimestamp.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test("Instants the written form cannot hold are written as the nearer end, never trapping", arguments: [
        (Double.nan, "1970-01-01T00:00:00Z"),
        (Double.infinity, "9999-12-31T23:59:59Z"),
        (-Double.infinity, "0000-01-01T00:00:00Z"),
        (1e300, "9999-12-31T23:59:59Z"),
        (-1e18, "0000-01-01T00:00:00Z"),
        (253_402_300_799.9, "9999-12-31T23:59:59Z"),
    ])
    func writingExtremes(secondsSince1970: Double, written: String) {
        // Seconds rather than a Date in the arguments: Foundation's own description of a NaN date traps.
        #expect(ECSTimestamp.string(from: Date(timeIntervalSince1970: secondsSince1970)) == written)
    }
}
