@testable import SpikeLab
import SpikeLabCore

/// `serve`'s pipeline without its HTTP server, for tests that hand it HTTP
/// clients' bodies themselves: the store keeps bodies.
enum ServedPipeline {
    /// A pipeline for one orders workload (its own traffic unused), with no
    /// gateway overhead or write latency, and the top-level lines of `yaml`
    /// (topology, queue, consumers) added.
    static func make(_ yaml: String, seed: UInt64) throws -> Pipeline {
        var scenario = try Fixtures.scenario("""
            name: served
            workloads:
              - type: orders
                rate: { constant: { rate: 1, duration: 1s } }
            gateway: { overhead: 0s }
            store: { writeLatency: 0s }
            \(yaml)
            """)
        scenario.store.retainBodies = true
        return Pipeline(scenario: scenario, seed: seed)
    }

    /// A valid order body with id `id`.
    static func order(_ id: String) -> [UInt8] {
        Array(#"{"orderId":"\#(id)","customerId":"c-1","items":[{"sku":"s","quantity":1,"price":2.5}],"total":2.5,"currency":"GBP"}"#.utf8)
    }

    /// Request `id` of workload 0, prepared from `body` as the server prepares
    /// an HTTP client's (validated with the strings' pass).
    static func prepared(_ body: [UInt8], id: UInt64, in pipeline: Pipeline) -> RequestPreparer.Prepared {
        let request = ClientRequest(requestId: id, workload: 0, key: -1, attempt: 1, variant: .valid, isDuplicate: false,
                                    external: true, intendedAt: .zero, firstIntendedAt: .zero, sentAt: .zero)
        let validation = body.withUnsafeBufferPointer { pipeline.preparer.validators[0].validate($0) }
        return RequestPreparer.Prepared(request: request, size: body.count, check: pipeline.preparer.check(validation, workload: 0))
    }

    /// Runs a consumer invocation from `first` to its end, each step at its own time.
    static func run(_ first: ConsumerStep, in pipeline: inout Pipeline) {
        var step: ConsumerStep? = first
        while let next = step { step = pipeline.perform(next, now: next.at) }
    }
}
