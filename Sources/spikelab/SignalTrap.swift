import Dispatch
import Foundation
import SpikeLab

/// SIGINT and SIGTERM during a wall-clock run: the first stops the generator
/// and drains, the second stops at once. Either way the report is still written
/// whole, marked as interrupted.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// - Parameter first: what the first signal prints (default: the wall-clock
    ///   run's drain).
    init(_ stop: StopSignal, drain: Double, first: String? = nil) {
        let first = first ?? "stopping: the generator has stopped; draining for up to \(Int(drain))s (interrupt again to stop at once)"

        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                switch stop.escalate() {
                case .draining:
                    FileHandle.standardError.write(Data("\n\(first)\n".utf8))
                default:
                    FileHandle.standardError.write(Data("\nstopping at once; writing the report\n".utf8))
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
