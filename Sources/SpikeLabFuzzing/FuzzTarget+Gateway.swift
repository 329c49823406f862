import SpikeLab
import SpikeLabCore

extension FuzzTarget {
    /// The gateway of `baseScenario`, made once; each input gets a fresh copy.
    static let baseGateway: Gateway = {
        // The base scenario is valid; a failure here is a bug in this file.
        try! ScenarioLoader.parse(text: baseScenario, file: "fuzz.yaml").makeGateway()
    }()

    /// Three parts: the `x-api-key` header (empty: none), the route (its first
    /// byte, modulo the routes) and the body. The answer is one the gateway
    /// documents, and it admits only a body its route's validator accepts.
    static func checkGateway(_ bytes: [UInt8]) -> String? {
        let parts = sections(bytes, count: 3)
        var gateway = Self.baseGateway
        let route = Int(parts[1].first ?? 0) % gateway.config.routes.count
        let key = parts[0].isEmpty ? nil : text(parts[0])
        let verdict = parts[2].withUnsafeBufferPointer {
            gateway.handle(route: route, apiKey: key, body: $0, queueAtCap: false, now: .zero)
        }
        switch verdict {
        case .admitted:
            if parts[2].count > gateway.config.maxPayloadBytes { return "admitted a body over the size limit" }
            if case .failure = gateway.validators(route: route).validate(parts[2]) { return "admitted a body its validator refuses" }
        case .throttled:
            return "throttled the first request at time zero"
        case let .rejected(r):
            if ![400, 401, 403, 413].contains(r.status) { return "answered \(r.status)" }
            if r.message.isEmpty { return "answered \(r.status) with no message" }
        }
        return nil
    }

    /// One body, checked by both passes of each workload's validator.
    static func checkValidator(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { body in
            for route in baseGateway.config.routes.indices {
                if let problem = baseGateway.validators(route: route).disagreement(body) { return problem }
            }
            return nil
        }
    }
}
