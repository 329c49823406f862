import ServiceLifecycle
import SpikeLab
import Synchronization

/// The embedded pipeline as a `Service`: it serves until a graceful shutdown,
/// then drains for a bounded time and keeps the run's results.
final class PipelineService: Service, Sendable {
    let engine: WallClockEngine
    let stop: StopSignal
    private let outcome = Mutex<RunResult?>(nil)

    init(engine: WallClockEngine, stop: StopSignal) {
        self.engine = engine
        self.stop = stop
    }

    func run() async throws {
        let stop = self.stop
        await withGracefulShutdownHandler {
            let result = await engine.serve()
            outcome.withLock { $0 = result }
        } onGracefulShutdown: {
            stop.escalate()
        }
    }

    /// The run, once the service has stopped.
    var result: RunResult? { outcome.withLock { $0 } }
}
