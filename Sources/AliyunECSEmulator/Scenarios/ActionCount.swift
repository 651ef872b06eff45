/// `ACTION:N` as the emulator's command line takes it (`--throttle`, `--lose-answer`): an action and a
/// number of its calls.
package struct ActionCount: Sendable, Hashable {
    /// The API action, e.g. `StartInstance`.
    package var action: String
    /// How many calls.
    package var count: Int

    /// Reads `ACTION:N`; `nil` unless both parts are there and N is a positive number.
    package init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count > 0 else { return nil }
        action = String(parts[0])
        self.count = count
    }
}
