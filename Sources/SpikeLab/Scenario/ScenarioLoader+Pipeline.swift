import SpikeLabCore

extension ScenarioLoader.Context {
    /// A throttle's mapping: its limit (nil when it gives no rate, or a bad one)
    /// and its fields, for the caller's `extra` keys; nil when it is not a
    /// mapping. A bad rate stops nothing: the burst and the extra keys are read
    /// too, and the problem, reported, fails the file.
    func limit(_ node: ScenarioNode, _ path: String, extra: [String] = []) -> (GatewayConfig.Limit?, ScenarioReader.Fields)? {
        guard let f = reader.mapping(node, path, allowed: ["rate", "burst"] + extra) else { return nil }
        let rate = f["rate"].flatMap { reader.double($0, f.path("rate")) }
        var burst: Double? = nil
        f.read("burst", { reader.double($0, $1) }) { burst = $0 }
        guard let rate else { return (nil, f) }
        return (GatewayConfig.Limit(rate: rate, burst: burst ?? rate), f)
    }

    /// The gateway; `declared` are the names of every workload the file gives,
    /// read or refused, so that a workload with a bad field does not also make
    /// its route an unknown one. Nil when a workload's name cannot be told (the
    /// list or an entry is malformed, already an error): then no route is unknown.
    func gateway(_ node: ScenarioNode, _ path: String, workloads: [WorkloadSpec], declared: [String]?) -> GatewayConfig? {
        guard let f = reader.mapping(node, path, allowed: ["account", "routes", "apiKeys", "maxPayload", "overhead"]) else { return nil }
        var g = GatewayConfig()
        f.read("account", { n, p in limit(n, p)?.0 }) { g.account = $0 }
        if let routesNode = f["routes"],
           let routes = reader.mapping(routesNode, f.path("routes"), allowed: declared ?? routesNode.keys) {
            // Every declared workload's route is read, a refused one's too, so that its
            // problems are reported with the workload's own.
            for name in declared ?? workloads.map(\.name) {
                guard let r = routes[name], let (l, rf) = limit(r, routes.path(name), extra: ["apiKeyRequired"]) else { continue }
                var route = GatewayConfig.Route(name: name, limit: l)
                rf.read("apiKeyRequired", { reader.bool($0, $1) }) { route.requiresAPIKey = $0 }
                g.routes.append(route)
            }
        }
        if let keysNode = f["apiKeys"], let items = reader.list(keysNode, f.path("apiKeys")) {
            for (i, item) in items.enumerated() {
                let p = "\(f.path("apiKeys"))[\(i)]"
                guard let (l, kf) = limit(item, p, extra: ["key", "quota"]) else { continue }
                let key = kf.required("key", reader.string)
                var quota: Int? = nil
                kf.read("quota", { reader.int($0, $1, 0...Int.max) }) { quota = $0 }
                guard let key else { continue }
                var plan = GatewayConfig.UsagePlan(key: key, limit: l)
                plan.dailyQuota = quota
                g.usagePlans.append(plan)
            }
        }
        f.read("maxPayload", { reader.bytes($0, $1, min: 1, max: 10 * 1024 * 1024) }) { g.maxPayloadBytes = $0 }
        f.read("overhead", { distribution($0, $1) }) { g.overhead = $0 }
        return g
    }

    func queue(_ node: ScenarioNode, _ path: String) -> QueueConfig? {
        guard let f = reader.mapping(node, path, allowed: ["visibilityTimeout", "retention", "maxReceiveCount", "delay", "maxDepth",
                                                           "inFlightLimit", "duplicateProbability", "receiveWait"]) else { return nil }
        var q = QueueConfig()
        f.read("visibilityTimeout", { reader.duration($0, $1, max: .seconds(12 * 3600)) }) { q.visibilityTimeout = $0 }
        f.read("retention", { reader.duration($0, $1, min: .seconds(60), max: .seconds(14 * 86_400)) }) { q.retention = $0 }
        f.read("maxReceiveCount", { n, p in reader.isNone(n) ? .some(nil) : reader.int(n, p, 1...1000).map { Optional($0) } }) { q.maxReceiveCount = $0 }
        f.read("delay", { reader.duration($0, $1, max: .seconds(900)) }) { q.deliveryDelay = $0 }
        f.read("maxDepth", { n, p in reader.isNone(n) ? .some(nil) : reader.int(n, p, 1...Int.max).map { Optional($0) } }) { q.maxDepth = $0 }
        f.read("inFlightLimit", { reader.int($0, $1, 1...120_000) }) { q.inFlightLimit = $0 }
        f.read("duplicateProbability", { reader.share($0, $1) }) { q.duplicateProbability = $0 }
        f.read("receiveWait", { reader.duration($0, $1, max: .seconds(20)) }) { q.receiveWait = $0 }
        return q
    }

    func consumers(_ node: ScenarioNode, _ path: String) -> ConsumerConfig? {
        guard let f = reader.mapping(node, path, allowed: ["concurrency", "scaling", "batchSize", "batchingWindow", "coldStart",
                                                           "keepWarm", "handler", "timeout", "failureProbability", "poisonShare",
                                                           "partialBatchResponse", "storeRetry"]) else { return nil }
        var c = ConsumerConfig()
        if f["concurrency"] != nil && f["scaling"] != nil {
            reader.fail(f["scaling"], f.path("scaling"), "give either concurrency (fixed) or scaling (managed), not both")
        }
        f.read("concurrency", { reader.int($0, $1, 1...10_000) }) { c.scaling = .fixed($0) }
        if let s = f["scaling"], let sf = reader.mapping(s, f.path("scaling"), allowed: ["initial", "perMinute", "maximum"]) {
            var initial = 5, perMinute = 300, maximum = 1_000
            sf.read("initial", { reader.int($0, $1, 1...1_000) }) { initial = $0 }
            sf.read("perMinute", { reader.int($0, $1, 1...10_000) }) { perMinute = $0 }
            sf.read("maximum", { reader.int($0, $1, 2...1_000) }) { maximum = $0 }
            c.scaling = .managed(initial: min(initial, maximum), perMinute: perMinute, maximum: maximum)
        }
        f.read("batchSize", { reader.int($0, $1, 1...10_000) }) { c.batchSize = $0 }
        f.read("batchingWindow", { reader.duration($0, $1, max: .seconds(300)) }) { c.batchingWindow = $0 }
        if c.batchSize > 10 && c.batchingWindow == .zero {
            reader.fail(f["batchSize"], f.path("batchSize"), "\(c.batchSize) is over 10, which needs a batchingWindow (as Lambda's SQS mapping does)")
        }
        f.read("coldStart", { distribution($0, $1) }) { c.coldStart = $0 }
        f.read("keepWarm", { reader.duration($0, $1, max: .seconds(7 * 86_400)) }) { c.keepWarm = $0 }
        f.read("handler", { distribution($0, $1) }) { c.handler = $0 }
        f.read("timeout", { reader.positiveDuration($0, $1, max: .seconds(900)) }) { c.timeout = $0 }
        f.read("failureProbability", { reader.share($0, $1) }) { c.failureProbability = $0 }
        f.read("poisonShare", { reader.share($0, $1) }) { c.poisonShare = $0 }
        f.read("partialBatchResponse", { reader.bool($0, $1) }) { c.partialBatchResponse = $0 }
        if let r = f["storeRetry"], let rf = reader.mapping(r, f.path("storeRetry"), allowed: ["base", "cap", "attempts"]) {
            rf.read("base", { reader.duration($0, $1, max: .seconds(3600)) }) { c.storeRetry.base = $0 }
            rf.read("cap", { reader.duration($0, $1, max: .seconds(3600)) }) { c.storeRetry.cap = $0 }
            rf.read("attempts", { reader.int($0, $1, 1...100) }) { c.storeRetry.maxAttempts = $0 }
        }
        return c
    }

    func store(_ node: ScenarioNode, _ path: String) -> StoreConfig? {
        guard let f = reader.mapping(node, path, allowed: ["partitions", "mode", "writeCapacity", "readCapacity", "partitionWriteLimit",
                                                           "burstSeconds", "writeLatency", "maxItemSize"]) else { return nil }
        var s = StoreConfig()
        f.read("partitions", { reader.int($0, $1, 1...10_000) }) { s.partitions = $0 }
        f.read("mode", { n, p in
            reader.string(n, p).flatMap { m -> StoreConfig.CapacityMode? in
                if let mode = StoreConfig.CapacityMode(rawValue: m) { return mode }
                reader.fail(n, p, "'\(m)' is not one of provisioned, onDemand")
                return nil
            }
        }) { s.mode = $0 }
        f.read("writeCapacity", { reader.double($0, $1, min: 1) }) { s.writeCapacity = $0 }
        f.read("readCapacity", { reader.double($0, $1, min: 1) }) { s.readCapacity = $0 }
        f.read("partitionWriteLimit", { reader.double($0, $1, min: 1) }) { s.partitionWriteLimit = $0 }
        f.read("burstSeconds", { reader.double($0, $1, min: 0, max: 300) }) { s.burstSeconds = $0 }
        f.read("writeLatency", { distribution($0, $1) }) { s.writeLatency = $0 }
        f.read("maxItemSize", { reader.bytes($0, $1, min: 1, max: 400 * 1024) }) { s.maxItemBytes = $0 }
        return s
    }

    func stream(_ node: ScenarioNode, _ path: String) -> NotifierConfig? {
        guard let f = reader.mapping(node, path, allowed: ["enabled", "pollInterval", "batchSize", "subscribers"]) else { return nil }
        var n = NotifierConfig()
        f.read("enabled", { reader.bool($0, $1) }) { n.enabled = $0 }
        // At least 1 ms: each poll is an event, so a nanosecond interval would never finish.
        f.read("pollInterval", { reader.duration($0, $1, min: .milliseconds(1), max: .seconds(3600)) }) { n.pollInterval = $0 }
        f.read("batchSize", { reader.int($0, $1, 1...10_000) }) { n.batchSize = $0 }
        if let s = f["subscribers"], let items = reader.list(s, f.path("subscribers")) {
            // One subscriber per entry, a malformed one (already an error) as the
            // default, so that later checks name each by its index in the file.
            n.subscribers = items.enumerated().map { i, item in
                let p = "\(f.path("subscribers"))[\(i)]"
                var sub = NotifierConfig.Subscriber(name: "subscriber-\(i)", latency: .fixed(.milliseconds(50)))
                guard let sf = reader.mapping(item, p, allowed: ["name", "latency", "rate"]) else { return sub }
                sf.read("name", { reader.string($0, $1) }) { sub.name = $0 }
                sf.read("latency", { distribution($0, $1) }) { sub.latency = $0 }
                sf.read("rate", { reader.double($0, $1, min: 0.001) }) { sub.ratePerSecond = $0 }
                return sub
            }
        }
        return n
    }
}
