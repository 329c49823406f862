import Testing
@testable import SpikeLabCore

struct GatewayTests {
    static func body(_ kind: WorkloadKind, _ id: UInt64, _ variant: PayloadVariant = .valid) -> [UInt8] {
        var b: [UInt8] = []
        PayloadWriter.write(kind, requestId: id, key: 7, variant: variant, into: &b)
        return b
    }

    static func gateway(_ configure: (inout GatewayConfig) -> Void) -> Gateway {
        var config = GatewayConfig()
        config.routes = [.init(name: "orders")]
        configure(&config)
        return Gateway(config: config, validators: [PayloadValidator(schema: WorkloadKind.orders.schema, idField: "orderId", keyField: "customerId")])
    }

    func send(_ g: inout Gateway, key: String? = nil, body: [UInt8] = body(.orders, 1), atCap: Bool = false, at t: Instant = .zero) -> GatewayVerdict {
        body.withUnsafeBufferPointer { g.handle(route: 0, apiKey: key, body: $0, queueAtCap: atCap, now: t) }
    }

    @Test("Admits a valid order and captures its id and partition key")
    func admits() {
        var g = Self.gateway { _ in }
        let verdict = send(&g)
        #expect(verdict == .admitted)
        let captured = Self.body(.orders, 1).withUnsafeBufferPointer { g.validators(route: 0).validate($0) }
        #expect(captured == .success(.init(id: "o-000000000001", partitionKey: "c-00000007")))
    }

    @Test("Account limit: offered twice the rate for 10 s, accepts rate·T + burst within one")
    func accountLimit() {
        var g = Self.gateway { $0.account = .init(rate: 200, burst: 50) }
        var accepted = 0
        var throttled = 0
        for i in 0..<4000 {
            switch send(&g, at: Instant(nanoseconds: Int64(i) * 2_500_000)) {
            case .admitted: accepted += 1
            case .throttled(.account): throttled += 1
            default: Issue.record("unexpected verdict")
            }
        }
        #expect(abs(accepted - 2050) <= 1)
        #expect(accepted + throttled == 4000)
    }

    @Test("Key rate and route limits throttle before the account, and spend none of its tokens")
    func mostSpecificFirst() {
        var g = Self.gateway {
            $0.account = .init(rate: 0.001, burst: 10)
            $0.routes = [.init(name: "orders", limit: .init(rate: 0.001, burst: 6))]
            $0.usagePlans = [.init(key: "k", limit: .init(rate: 0.001, burst: 3))]
        }
        var levels: [String] = []
        for _ in 0..<12 {
            switch send(&g, key: "k") {
            case .admitted: levels.append("ok")
            case let .throttled(l): levels.append(l.rawValue)
            default: levels.append("?")
            }
        }
        #expect(levels == Array(repeating: "ok", count: 3) + Array(repeating: "key", count: 9))
        // Without the key's plan the route allows three more (6 - 3 spent), then throttles at route level,
        // and the account still has 10 - 6 = 4 tokens it never gave.
        var after: [String] = []
        for _ in 0..<5 {
            switch send(&g, key: "other") {
            case .admitted: after.append("ok")
            case let .throttled(l): after.append(l.rawValue)
            default: after.append("?")
            }
        }
        #expect(after == ["ok", "ok", "ok", "route", "route"])
    }

    @Test("A daily quota throttles at level quota and resets the next day")
    func quota() {
        var g = Self.gateway { $0.usagePlans = [.init(key: "k", dailyQuota: 2)] }
        let verdicts = (0..<3).map { _ in send(&g, key: "k") }
        #expect(verdicts.map { $0 == .throttled(.quota) } == [false, false, true])
        let tomorrow = Instant(nanoseconds: Gateway.nanosecondsPerDay + 1)
        if case .admitted = send(&g, key: "k", at: tomorrow) {} else { Issue.record("quota did not reset") }
    }

    @Test("Answers 401, 403, 413, 400 and 503 for their causes")
    func refusals() {
        var g = Self.gateway {
            $0.routes = [.init(name: "orders", requiresAPIKey: true)]
            $0.usagePlans = [.init(key: "good")]
            $0.maxPayloadBytes = 400
        }
        func status(_ v: GatewayVerdict) -> Int? { if case let .rejected(r) = v { return r.status }; return nil }
        let statuses = [
            status(send(&g)),
            status(send(&g, key: "bad")),
            status(send(&g, key: "good", body: Array(repeating: 32, count: 401))),
            status(send(&g, key: "good", body: Self.body(.orders, 2, .wrongType))),
            status(send(&g, key: "good", atCap: true)),
        ]
        #expect(statuses == [401, 403, 413, 400, 503])
        if case let .rejected(r) = send(&g, key: "good", body: Self.body(.orders, 3, .missingField)) {
            #expect(r.message == "missing required field 'customerId'")
        } else {
            Issue.record("missing field admitted")
        }
    }
}
