/// A server a test started and must stop, whatever happens.
public protocol TestServer: Sendable {
    /// Stops the server by PID and removes its files.
    func tearDown() async
}

/// Runs `body` with `server`, then tears the server down, also when `body` throws.
public func using<Server: TestServer, T>(_ server: Server, _ body: (Server) async throws -> T) async throws -> T {
    do {
        let result = try await body(server)
        await server.tearDown()
        return result
    } catch {
        await server.tearDown()
        throw error
    }
}
