/// Checks that the names one part of the configuration uses exist in another: roles and
/// command overrides must name a configured network.
enum ConfigurationReferences {
    static func problems(in configuration: AgentConfiguration) -> [ConfigProblem] {
        let networks = Set(configuration.networks.map { IdentityKey.network($0.name) })
        let known = configuration.networks.map(\.name).joined(separator: ", ")
        let hint = networks.isEmpty ? "no networks are configured" : "configured networks: \(known)"
        var problems: [ConfigProblem] = []
        for (index, grant) in configuration.roles.enumerated()
        where !networks.contains(IdentityKey.network(grant.network)) {
            problems.append(
                ConfigProblem(
                    path: "roles[\(index)].network", message: "there is no network called \"\(grant.network)\"",
                    hint: hint))
        }
        let overrides = Set(configuration.router.prefixOverrides.keys).union(
            configuration.router.unknownCommandOverrides.keys)
        for key in overrides.sorted() {
            let network = String(key.split(separator: "/", maxSplits: 1).first ?? "")
            if !networks.contains(network) {
                problems.append(
                    ConfigProblem(
                        path: "commands.overrides.\(key)", message: "there is no network called \"\(network)\"",
                        hint: hint))
            }
        }
        return problems
    }
}
