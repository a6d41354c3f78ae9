public import AgentCore
public import Community

extension Invocation {
    /// The member who typed the command; throws the standard "identify first" reply when the
    /// network vouches for no account.
    public func member() throws(UserError) -> Identity {
        Identity(network: speaker.network, account: try requireAccount())
    }
}
