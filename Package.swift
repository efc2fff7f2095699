// swift-tools-version:6.1
import PackageDescription

/// Skiff: a Kubernetes-compatible orchestrator in one binary.
/// One library target per component (see docs/architecture.md), plus the `skiff` executable.
let package = Package(
    name: "Skiff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skiff", targets: ["skiff"]),
        .library(name: "SkiffStore", targets: ["SkiffStore"]),
        .library(name: "SkiffTesting", targets: ["SkiffTesting"]),
        .library(name: "SkiffAPI", targets: ["SkiffAPI"]),
        .library(name: "SkiffModel", targets: ["SkiffModel"]),
        .library(name: "SkiffClient", targets: ["SkiffClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Storage: the Storage protocol, the SQLite revision log and the etcd v3 client backend.
        .target(
            name: "SkiffStore",
            dependencies: [
                "EtcdAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Generated etcd v3 protobuf messages and gRPC client stubs (scripts/generate-etcd-api.sh).
        .target(
            name: "EtcdAPI",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        // API machinery: Quantity, IntOrString, times, label selectors, Status errors (pure, Foundation only).
        .target(name: "SkiffAPI"),
        // Typed structs for the built-in kinds, generated from ../shared/k8s/swagger.json
        // by scripts/generate-model.py (output committed).
        .target(name: "SkiffModel", dependencies: ["SkiffAPI"]),
        // Test kit shared by tests and benchmarks: temp dirs, free ports, a real etcd process, an in-process API server (with a client), benchmark helpers.
        .target(
            name: "SkiffTesting",
            dependencies: [
                "SkiffStore", "SkiffAPIServer", "SkiffClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Kubernetes REST API on the store.
        .target(
            name: "SkiffAPIServer",
            dependencies: [
                "SkiffStore", "SkiffAPI", "SkiffModel", "SkiffClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The client every component (and operator authors) use: REST calls, informers, work
        // queue, leader election (docs/client.md).
        .target(
            name: "SkiffClient",
            dependencies: [
                "SkiffAPI", "SkiffModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The scheduler: snapshot, filter and score plugins, binding (docs/scheduler.md).
        .target(
            name: "SkiffScheduler",
            dependencies: [
                "SkiffAPI", "SkiffModel", "SkiffClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Container runtimes behind one protocol; the process runtime (docs/runtime.md).
        .target(
            name: "SkiffRuntime",
            dependencies: [
                "CSkiffSpawn",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The process runtime's C helpers: the spawner (clone(CLONE_VM|CLONE_VFORK), cgroup join, exec) and statfs
        // (docs/runtime.md).
        .target(name: "CSkiffSpawn"),
        // The node agent: registers the node, runs its pods through a ContainerRuntime, reports
        // their status, serves logs (docs/agent.md).
        .target(
            name: "SkiffAgent",
            dependencies: [
                "SkiffAPI", "SkiffModel", "SkiffClient", "SkiffRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "skiff",
            dependencies: [
                "SkiffStore", "SkiffAPIServer", "SkiffClient", "SkiffScheduler", "SkiffAgent",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Store benchmark (not a test): prints median figures for both backends.
        .executableTarget(
            name: "skiff-store-bench",
            dependencies: ["SkiffStore", "SkiffTesting"]
        ),
        // API server benchmark helpers (not a test): the bare Hummingbird route the issue compares
        // with, and the watch delivery client (scripts/bench/api-watch-bench.sh, api-bare-route-compare.sh).
        .executableTarget(
            name: "skiff-api-bench",
            dependencies: [
                "SkiffTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Pod startup benchmark (docs/benchmarks.md): drives a `skiff server` child process over HTTP.
        .executableTarget(
            name: "skiff-pod-bench",
            dependencies: ["SkiffClient", "SkiffModel", "SkiffTesting"]
        ),
        // Scheduler throughput benchmark (not a test): in-memory and end to end through an
        // in-process API server on SQLite (docs/benchmarks.md, Scheduler).
        .executableTarget(
            name: "skiff-scheduler-bench",
            dependencies: [
                "SkiffScheduler", "SkiffAPIServer", "SkiffStore", "SkiffTesting", "SkiffClient", "SkiffModel", "SkiffAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Child process of the crash-safety test: writes with concurrent writers until killed.
        .executableTarget(
            name: "skiff-store-crash-writer",
            dependencies: ["SkiffStore"]
        ),
        .testTarget(name: "SkiffAPITests", dependencies: ["SkiffAPI"]),
        .testTarget(
            name: "SkiffAPIServerTests",
            dependencies: [
                "SkiffAPIServer", "SkiffStore", "SkiffTesting", "SkiffAPI", "SkiffModel",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SkiffModelTests", dependencies: ["SkiffModel", "SkiffAPI"]),
        .testTarget(
            name: "SkiffClientTests",
            dependencies: [
                "SkiffClient", "SkiffAPIServer", "SkiffStore", "SkiffTesting", "SkiffAPI", "SkiffModel",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SkiffSchedulerTests",
            dependencies: [
                "SkiffScheduler", "SkiffModel", "SkiffAPI", "SkiffClient", "SkiffAPIServer", "SkiffStore", "SkiffTesting",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SkiffRuntimeTests", dependencies: ["SkiffRuntime", "SkiffTesting"]),
        .testTarget(
            name: "SkiffAgentTests",
            dependencies: [
                "SkiffAgent", "SkiffClient", "SkiffRuntime", "SkiffAPIServer", "SkiffStore", "SkiffTesting", "SkiffModel", "SkiffAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SkiffStoreTests",
            dependencies: ["SkiffStore", "SkiffTesting"]
        ),
    ]
)
