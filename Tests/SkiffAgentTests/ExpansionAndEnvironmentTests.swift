import Foundation
import SkiffAPI
import SkiffAgent
import SkiffModel
import SkiffRuntime
import Testing

@Suite struct VariableExpansionTests {
    @Test func expandsKnownReferencesAndKeepsUnknownOnes() {
        let variables = ["POD_IP": "127.42.0.2", "PORT": "8080"]
        #expect(VariableExpansion.expand("--bind $(POD_IP):$(PORT)", variables) == "--bind 127.42.0.2:8080")
        #expect(VariableExpansion.expand("$(MISSING) x", variables) == "$(MISSING) x")
    }

    @Test func dollarDollarEscapesAndLoneDollarsStay() {
        let variables = ["A": "1"]
        #expect(VariableExpansion.expand("$$(A)", variables) == "$(A)")
        #expect(VariableExpansion.expand("$$", variables) == "$")
        #expect(VariableExpansion.expand("cost $5 $", variables) == "cost $5 $")
        #expect(VariableExpansion.expand("$(A", variables) == "$(A")
        #expect(VariableExpansion.expand("$(A)$(A)", variables) == "11")
    }
}

@Suite struct ContainerEnvironmentTests {
    func pod() -> CoreV1.Pod {
        CoreV1.Pod(
            metadata: MetaV1.ObjectMeta(annotations: ["note": "n1"], labels: ["app": "web"], name: "web-1",
                                        namespace: "prod", uid: "uid-1"),
            spec: CoreV1.PodSpec(nodeName: "node-a", serviceAccountName: "sa"))
    }

    @Test func fieldRefsResourceRefsAndDependentValues() throws {
        let container = CoreV1.Container(
            args: ["$(GREETING)", "$$(GREETING)", "$(POD_IP)"], command: ["echo"],
            env: [
                CoreV1.EnvVar(name: "NAME", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.name"))),
                CoreV1.EnvVar(name: "GREETING", value: "hello $(NAME) in $(NS)"),
                CoreV1.EnvVar(name: "NS", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.namespace"))),
                CoreV1.EnvVar(name: "APP", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.labels['app']"))),
                CoreV1.EnvVar(name: "NOTE", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.annotations['note']"))),
                CoreV1.EnvVar(name: "NODE", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "spec.nodeName"))),
                CoreV1.EnvVar(name: "MY_IP", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "status.podIP"))),
                CoreV1.EnvVar(name: "MEM_MI", valueFrom: CoreV1.EnvVarSource(resourceFieldRef: CoreV1.ResourceFieldSelector(
                    divisor: try Quantity(parsing: "1Mi"), resource: "limits.memory"))),
                CoreV1.EnvVar(name: "CPU", valueFrom: CoreV1.EnvVarSource(resourceFieldRef: CoreV1.ResourceFieldSelector(resource: "limits.cpu"))),
                CoreV1.EnvVar(name: "CPU_REQ_M", valueFrom: CoreV1.EnvVarSource(resourceFieldRef: CoreV1.ResourceFieldSelector(
                    divisor: try Quantity(parsing: "1m"), resource: "requests.cpu"))),
            ],
            name: "main",
            resources: CoreV1.ResourceRequirements(limits: ["memory": try Quantity(parsing: "64Mi")],
                                                   requests: ["cpu": try Quantity(parsing: "250m")]))
        let builder = ContainerEnvironment(podIP: "127.42.0.7", nodeCPUCores: 4, nodeMemoryBytes: 1 << 30)
        let environment = try builder.environment(for: container, in: pod())
        let values = Dictionary(environment.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["POD_IP"] == "127.42.0.7")
        #expect(values["PATH"] == ContainerEnvironment.defaultPath)
        #expect(values["NAME"] == "web-1")
        #expect(values["GREETING"] == "hello web-1 in $(NS)")   // NS is defined after GREETING
        #expect(values["APP"] == "web")
        #expect(values["NOTE"] == "n1")
        #expect(values["NODE"] == "node-a")
        #expect(values["MY_IP"] == "127.42.0.7")
        #expect(values["MEM_MI"] == "64")
        #expect(values["CPU"] == "4")                              // no limit: node allocatable
        #expect(values["CPU_REQ_M"] == "250")
        let command = try builder.commandLine(for: container, environment: environment)
        #expect(command == ["echo", "hello web-1 in $(NS)", "$(GREETING)", "127.42.0.7"])
    }

    @Test func containerWithoutCommandFailsClearly() {
        let builder = ContainerEnvironment(podIP: "127.42.0.2", nodeCPUCores: 1, nodeMemoryBytes: 1)
        #expect(throws: ContainerEnvironment.Failure.self) {
            try builder.commandLine(for: CoreV1.Container(image: "nginx", name: "web"), environment: [])
        }
        do {
            _ = try builder.commandLine(for: CoreV1.Container(image: "nginx", name: "web"), environment: [])
        } catch {
            #expect(error.reason == "CreateContainerError")
            #expect(error.message.contains("no command"))
        }
    }
}

@Suite struct PodNetworkTests {
    @Test func lowestFreeNodeCIDR() {
        #expect(PodNetwork.chooseNodeCIDR(network: "127.42.0.0/16", used: []) == "127.42.0.0/24")
        #expect(PodNetwork.chooseNodeCIDR(network: "127.42.0.0/16", used: ["127.42.0.0/24", "127.42.2.0/24"]) == "127.42.1.0/24")
    }

    @Test func podIPsAreLowestFreeAndReleased() {
        var allocator = PodIPAllocator(nodeCIDR: "127.42.3.0/24")
        #expect(allocator.allocate(podUID: "a") == "127.42.3.2")
        #expect(allocator.allocate(podUID: "b") == "127.42.3.3")
        #expect(allocator.allocate(podUID: "a") == "127.42.3.2")
        allocator.release(podUID: "a")
        #expect(allocator.allocate(podUID: "c") == "127.42.3.2")
        #expect(allocator.allocate(podUID: "d", preferred: "127.42.3.9") == "127.42.3.9")
        #expect(allocator.allocate(podUID: "e", preferred: "127.42.3.9") == "127.42.3.4")
    }
}

@Suite struct HostFactsTests {
    @Test func parsesMeminfoAndOSRelease() {
        #expect(HostFacts.parseMemTotal("MemTotal:       16314244 kB\nMemFree: 1 kB\n") == Int64(16_705_785_856))
        #expect(HostFacts.parsePrettyName("NAME=x\nPRETTY_NAME=\"Ubuntu 24.04 LTS\"\n") == "Ubuntu 24.04 LTS")
        #expect(HostFacts.goArchitecture("x86_64") == "amd64")
        #expect(HostFacts.goArchitecture("aarch64") == "arm64")
    }
}

@Suite struct LogOptionsTests {
    @Test func parsesKubeletQuery() throws {
        let options = try LogOptions.parse([("follow", "true"), ("tailLines", "5"), ("timestamps", "true"),
                                            ("sinceTime", "2026-01-02T03:04:05Z"), ("limitBytes", "100")]).get()
        #expect(options.follow && options.timestamps && !options.previous)
        #expect(options.tailLines == 5 && options.limitBytes == 100)
        #expect(options.since(now: Date()) == Date(timeIntervalSince1970: 1_767_323_045))
        let relative = try LogOptions.parse([("sinceSeconds", "10")]).get()
        #expect(relative.since(now: Date(timeIntervalSince1970: 100)) == Date(timeIntervalSince1970: 90))
        #expect(throws: LogOptionsError.self) { try LogOptions.parse([("tailLines", "x")]).get() }
    }
}
