import DequeModule
import HeapModule
import SpikeLabCore

/// The floor under the M/M/c benchmark: the same M/M/c queue as a bare
/// discrete-event loop, with only what any simulation of it needs (the engine's
/// own `Heap` of `(time, sequence)` events, `Xoshiro256` exponential samples, a
/// `Deque` of waiting arrivals) and nothing of the pipeline: no payloads, gateway,
/// queue semantics, store, histograms or time series. The whole pipeline cannot
/// run faster than this loop does alone on the same machine.
///
/// Cost: two heap pushes and two pops per request on a heap of about `servers`
/// events, two exponential samples; O(1) memory beyond the waiting line.
struct QueueingFloor {
    private struct Event: Comparable {
        var time: Double
        var sequence: UInt64
        var isArrival: Bool

        static func < (a: Event, b: Event) -> Bool {
            a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
        }
    }

    let servers: Int
    let arrivalRate: Double
    let meanService: Double
    let seconds: Double

    /// Runs the queue until every arrival before `seconds` has been served.
    /// Returns the number served and their mean wait in seconds.
    func run(seed: UInt64) -> (served: Int, meanWait: Double) {
        var rng = Xoshiro256(seed: seed)
        var events = Heap<Event>()
        var waiting = Deque<Double>()
        var sequence: UInt64 = 0
        var busy = 0
        var served = 0
        var waitSum = 0.0
        events.insert(Event(time: rng.exponential(mean: 1 / arrivalRate), sequence: 0, isArrival: true))
        while let event = events.popMin() {
            if event.isArrival {
                if event.time < seconds {
                    sequence += 1
                    events.insert(Event(time: event.time + rng.exponential(mean: 1 / arrivalRate), sequence: sequence, isArrival: true))
                }
                if busy < servers {
                    busy += 1
                    sequence += 1
                    events.insert(Event(time: event.time + rng.exponential(mean: meanService), sequence: sequence, isArrival: false))
                } else {
                    waiting.append(event.time)
                }
            } else {
                served += 1
                if let arrived = waiting.popFirst() {
                    waitSum += event.time - arrived
                    sequence += 1
                    events.insert(Event(time: event.time + rng.exponential(mean: meanService), sequence: sequence, isArrival: false))
                } else {
                    busy -= 1
                }
            }
        }
        return (served, served > 0 ? waitSum / Double(served) : 0)
    }
}
