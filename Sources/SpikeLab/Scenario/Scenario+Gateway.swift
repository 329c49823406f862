import SpikeLabCore

extension Scenario {
    /// The scenario's gateway: one route per workload, in the workloads' order
    /// (a route named in `gateway.routes` keeps its limits), each with its
    /// workload's validator.
    public func makeGateway() -> Gateway {
        var config = gateway
        config.routes = workloads.map { w in
            gateway.routes.first { $0.name == w.name } ?? GatewayConfig.Route(name: w.name)
        }
        let validators = workloads.map { w in
            PayloadValidator(schema: w.kind.schema, idField: w.kind.idField,
                             keyField: w.partitionKey == WorkloadSpec.recordTypeKey ? nil : w.partitionKey)
        }
        return Gateway(config: config, validators: validators)
    }
}
