import ServiceLifecycle
import SkiffStore

/// Owns the store for the lifetime of the process: does nothing until graceful shutdown, then
/// closes the store. Listed first in the `ServiceGroup`, so it is shut down last, after the API
/// server has finished its requests.
struct StorageService: Service {
    let storage: any Storage

    func run() async throws {
        try? await gracefulShutdown()
        await storage.close()
    }
}
