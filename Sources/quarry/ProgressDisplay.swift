import Foundation
import QuarryEngine
import Synchronization

/// Shows run progress: one redrawn line on a terminal, a plain line every few seconds otherwise.
final class ProgressDisplay: Sendable {
    let terminal: Bool
    let quiet: Bool
    private let state = Mutex<(last: Double, drawn: Bool, lastPhase: String)>((0, false, ""))

    init(terminal: Bool, quiet: Bool) {
        self.terminal = terminal
        self.quiet = quiet
    }

    func show(_ p: RunProgress) {
        guard !quiet else { return }
        let now = Date().timeIntervalSince1970
        let line: String? = state.withLock { s in
            let interval = terminal ? 0.2 : 5
            let phaseChanged = s.lastPhase != p.phase.rawValue
            guard phaseChanged || now - s.last >= interval || p.phase == .done else { return nil }
            s.last = now
            s.lastPhase = p.phase.rawValue
            s.drawn = terminal
            return Self.render(p)
        }
        guard let line else { return }
        let out = terminal ? "\r\u{1B}[2K" + line : line + "\n"
        FileHandle.standardError.write(Data(out.utf8))
    }

    func finish() {
        let drawn = state.withLock { s in
            defer { s.drawn = false }
            return s.drawn
        }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func render(_ p: RunProgress) -> String {
        let pct = p.rowsTotal > 0 ? Double(p.rowsDone) * 100 / Double(p.rowsTotal) : 0
        var text = "[\(p.phase.rawValue)] \(Format.number(p.rowsDone))/\(Format.number(p.rowsTotal)) rows (\(String(format: "%.0f", pct))%)"
        text += " · ok \(Format.number(p.rowsOK)) · failed \(Format.number(p.rowsFailed))"
        if p.rowsStaged < p.rowsTotal { text += " · staged \(Format.number(p.rowsStaged))" }
        if p.rowsRetrying > 0 { text += " · retrying \(Format.number(p.rowsRetrying))" }
        if !p.jobsByStatus.isEmpty {
            text += " · jobs " + p.jobsByStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        if let eta = p.eta { text += " · ETA \(Format.duration(eta))" }
        return text
    }
}
