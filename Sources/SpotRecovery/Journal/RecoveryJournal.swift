import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What SpotRecovery keeps on local disk because ECS cannot hold it: each fleet member's launch
/// specification with its user data (up to 32 KB, which no tag can carry), so that a replacement launched
/// after a restart, after ECS released the source, still gets it.
///
/// One file per instance in a directory readable by its owner only (0700; files 0600: user data may hold
/// secrets). Every write goes to a temporary file that is flushed to disk (`fsync`) and then renamed over
/// the old one, and the directory is flushed too, so a crash at any point leaves the old entry or the new
/// one, never a torn one. The journal holds at most ``maximumEntries`` entries, dropping the oldest first.
///
/// This is written on POSIX calls rather than `FileManager` because `FileManager`'s atomic write does not
/// flush the file or the directory to disk, and durability across a crash is the point.
public actor RecoveryJournal {
    /// The directory.
    public nonisolated let directory: URL
    /// The most entries kept.
    public nonisolated let maximumEntries: Int
    /// The largest entry accepted, in bytes.
    public static let maximumEntrySize = 256 * 1024

    private var modified: [String: Date] = [:]

    /// Opens (and creates, if needed) a journal.
    /// - Parameters:
    ///   - directory: Where the entries live; created with mode 0700, and set to 0700 if it exists.
    ///   - maximumEntries: How many entries to keep at most. Default: 10,000.
    /// - Throws: ``RecoveryJournalError`` when the directory cannot be created, secured or read.
    public init(directory: URL, maximumEntries: Int = 10_000) throws {
        self.directory = directory
        self.maximumEntries = max(1, maximumEntries)
        let path = directory.path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        } catch {
            throw RecoveryJournalError(kind: .unusableDirectory, message: "The journal directory cannot be created or secured", path: path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw RecoveryJournalError(kind: .unusableDirectory, message: "The journal directory cannot be read", path: path)
        }
        var modified: [String: Date] = [:]
        for name in names {
            let file = directory.appendingPathComponent(name).path
            if name.hasPrefix(Self.temporaryPrefix) {
                // A write cut short by a crash: the entry it would have replaced is intact.
                unlink(file)
                continue
            }
            guard name.hasSuffix(Self.entrySuffix) else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            modified[String(name.dropLast(Self.entrySuffix.count))] = attributes?[.modificationDate] as? Date ?? .distantPast
        }
        self.modified = modified
    }

    /// How many entries the journal holds.
    public var count: Int { modified.count }

    /// The IDs of the instances the journal holds an entry for.
    public var instanceIds: Set<String> { Set(modified.keys) }

    /// Stores an instance's specification durably (replacing an older one), dropping the oldest entries
    /// beyond ``maximumEntries``.
    /// - Throws: ``RecoveryJournalError`` when it cannot be written (the old entry, if any, is intact).
    public func store(_ specification: LaunchSpecification, for instanceId: String) throws {
        let name = try Self.entryName(instanceId)
        let data: Data
        do {
            data = try JSONEncoder().encode(specification)
        } catch {
            throw RecoveryJournalError(kind: .writeFailed, message: "The specification could not be encoded", path: directory.path)
        }
        guard data.count <= Self.maximumEntrySize else {
            throw RecoveryJournalError(kind: .writeFailed, message: "The specification is larger than \(Self.maximumEntrySize) bytes", path: directory.path)
        }
        try writeDurably(data, to: name)
        modified[name] = Date()
        while modified.count > maximumEntries, let oldest = modified.min(by: { $0.value < $1.value })?.key {
            remove(entryNamed: oldest)
        }
    }

    /// An instance's specification, if the journal holds a readable one.
    public func specification(for instanceId: String) -> LaunchSpecification? {
        guard let name = try? Self.entryName(instanceId), modified[name] != nil,
              let data = FileManager.default.contents(atPath: path(of: name)) else { return nil }
        return try? JSONDecoder().decode(LaunchSpecification.self, from: data)
    }

    /// Forgets an instance.
    public func remove(_ instanceId: String) {
        guard let name = try? Self.entryName(instanceId) else { return }
        remove(entryNamed: name)
    }

    /// Forgets every instance not in `keep` whose entry is older than `date` (instances gone for good).
    public func removeEntries(olderThan date: Date, except keep: Set<String>) {
        for (name, time) in modified where time < date && !keep.contains(name) {
            remove(entryNamed: name)
        }
    }

    private func remove(entryNamed name: String) {
        unlink(path(of: name))
        modified[name] = nil
    }

    private func path(of name: String) -> String {
        directory.appendingPathComponent(name + Self.entrySuffix).path
    }

    private static let entrySuffix = ".json"
    private static let temporaryPrefix = ".tmp-"

    /// The file name of an instance's entry: its ID, which ECS spells with letters, digits and `-`.
    private static func entryName(_ instanceId: String) throws -> String {
        guard !instanceId.isEmpty, instanceId.utf8.count <= 128,
              instanceId.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else {
            throw RecoveryJournalError(kind: .writeFailed, message: "Not an instance ID", path: "")
        }
        return instanceId
    }

    /// Writes `data` as the entry `name`: a flushed temporary file renamed over the entry, then the
    /// directory flushed.
    private func writeDurably(_ data: Data, to name: String) throws {
        let temporary = directory.appendingPathComponent(Self.temporaryPrefix + name).path
        let final = path(of: name)
        let failure = { (step: String) in
            RecoveryJournalError(kind: .writeFailed, message: "Writing the entry failed (\(step), errno \(errno))", path: self.directory.path)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open") }
        var written = 0
        let complete = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return true
        }
        guard complete, fsync(descriptor) == 0 else {
            close(descriptor)
            unlink(temporary)
            throw failure("write")
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw failure("rename")
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// Why the ``RecoveryJournal`` could not do something. It names the directory, never an entry's content.
public struct RecoveryJournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The directory cannot be created, secured (mode 0700) or listed.
        public static let unusableDirectory = Kind(name: "unusableDirectory")
        /// An entry could not be written.
        public static let writeFailed = Kind(name: "writeFailed")
        /// The kind's name.
        public var description: String { name }
    }

    /// What went wrong.
    public var kind: Kind
    /// A readable explanation.
    public var message: String
    /// The journal's directory.
    public var path: String

    /// `kind: message (path)`.
    public var description: String { "\(kind): \(message)\(path.isEmpty ? "" : " (\(path))")" }
}
