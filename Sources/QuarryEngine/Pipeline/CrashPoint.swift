import Foundation

/// Named points where a test can kill the process (`QUARRY_CRASH_AT=name` or `name:N` for the N-th
/// time the point is reached). The crash test uses them to land a real SIGKILL exactly between a
/// side effect and its bookkeeping; in normal use the variable is unset and this does nothing.
enum CrashPoint {
    static let target: (name: String, count: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["QUARRY_CRASH_AT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: ":")
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    static let hits = Locked<[String: Int]>([:])

    /// Kills the process with SIGKILL if this is the configured point and occurrence.
    static func hit(_ name: String) {
        guard let target, target.name == name else { return }
        let n = hits.withLock { h -> Int in
            h[name, default: 0] += 1
            return h[name]!
        }
        if n == target.count { kill(getpid(), SIGKILL) }
    }
}
