import Foundation

/// The `ECSEmulator` executable run as a separate process on loopback, for the HTTP benchmarks.
final class EmulatorProcess {
    /// `http://127.0.0.1:<port>`.
    let url: String
    /// Its process ID, to read its CPU time.
    let pid: Int32
    private let process: Process

    /// Starts `executable --port 0 --quiet` and waits for its `{"event":"listening",…}` line on stderr.
    init(executable: URL) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--quiet"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var buffered = Data()
        var listening: [String: Any]?
        while listening == nil {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            buffered.append(chunk)
            for line in String(decoding: buffered, as: UTF8.self).split(separator: "\n") where line.hasPrefix(#"{"event":"listening""#) {
                listening = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }
        }
        guard let listening, let url = listening["url"] as? String else {
            process.terminate()
            throw Workloads.BenchmarkError.unexpected("ECSEmulator did not report where it listens")
        }
        // Keep reading its stderr so that it never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        self.url = url
        pid = process.processIdentifier
        self.process = process
    }

    /// Stops it (SIGTERM: a graceful shutdown) and waits for it to exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// `ECSEmulator` beside the running benchmark binary (both are built into the same folder).
    static func defaultExecutable() -> URL {
        let own = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return own.deletingLastPathComponent().appendingPathComponent("ECSEmulator")
    }
}
