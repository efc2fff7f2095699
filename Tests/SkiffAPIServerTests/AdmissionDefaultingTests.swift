import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Table-driven checks of the per-kind defaults: a body in, the defaulted object out.
@Suite struct AdmissionDefaultingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var group: String
        var kind: String
        var given: JSONValue
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let defaultedContainer: JSONValue = [
        "name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "resources": [:],
    ]
    static let defaultedTemplateSpec: JSONValue = [
        "containers": [defaultedContainer], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30, "securityContext": [:], "schedulerName": "default-scheduler",
    ]
    static let template: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]]]
    static let defaultedTemplate: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": defaultedTemplateSpec]
    static let selector: JSONValue = ["matchLabels": ["app": "web"]]

    static let cases: [Case] = [
        Case(name: "pod", group: "", kind: "Pod",
             given: ["metadata": ["name": "p"], "spec": ["containers": [
                ["name": "app", "image": "busybox", "ports": [["containerPort": 80]],
                 "resources": ["limits": ["cpu": "1", "memory": "1Gi"]],
                 "env": [["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]]],
                 "livenessProbe": ["httpGet": ["port": 80]]]],
                "volumes": [["name": "scratch"], ["name": "conf", "configMap": ["name": "c"]], ["name": "host", "hostPath": ["path": "/tmp"]]]]],
             expected: ["metadata": ["name": "p"], "spec": [
                "containers": [[
                    "name": "app", "image": "busybox", "imagePullPolicy": "Always",
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                    "ports": [["containerPort": 80, "protocol": "TCP"]],
                    "resources": ["limits": ["cpu": "1", "memory": "1Gi"], "requests": ["cpu": "1", "memory": "1Gi"]],
                    "env": [["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName", "apiVersion": "v1"]]]],
                    "livenessProbe": ["httpGet": ["port": 80, "path": "/", "scheme": "HTTP"], "timeoutSeconds": 1,
                                      "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3],
                ]],
                "volumes": [["name": "scratch", "emptyDir": [:]], ["name": "conf", "configMap": ["name": "c", "defaultMode": 420]],
                            ["name": "host", "hostPath": ["path": "/tmp", "type": ""]]],
                "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "terminationGracePeriodSeconds": 30,
                "securityContext": [:], "schedulerName": "default-scheduler", "enableServiceLinks": true,
                "priority": 0, "preemptionPolicy": "PreemptLowerPriority",
                "tolerations": [
                    ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                    ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ]],
                "status": ["phase": "Pending", "qosClass": "Guaranteed"]]),
        Case(name: "deployment", group: "apps", kind: "Deployment",
             given: ["spec": ["selector": selector, "template": template]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "replicas": 1,
                                 "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]],
                                 "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600]]),
        Case(name: "deployment with Recreate", group: "apps", kind: "Deployment",
             given: ["spec": ["replicas": 3, "strategy": ["type": "Recreate"], "selector": selector, "template": template]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "replicas": 3, "strategy": ["type": "Recreate"],
                                 "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600]]),
        Case(name: "replicaset", group: "apps", kind: "ReplicaSet",
             given: ["spec": ["selector": selector, "template": template]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "replicas": 1]]),
        Case(name: "statefulset", group: "apps", kind: "StatefulSet",
             given: ["spec": ["selector": selector, "template": template, "serviceName": "web"]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "serviceName": "web", "replicas": 1,
                                 "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
                                 "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]],
                                 "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Retain", "whenScaled": "Retain"]]]),
        Case(name: "daemonset", group: "apps", kind: "DaemonSet",
             given: ["spec": ["selector": selector, "template": template]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "revisionHistoryLimit": 10,
                                 "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]]]]),
        Case(name: "cronjob", group: "batch", kind: "CronJob",
             given: ["spec": ["schedule": "*/5 * * * *", "jobTemplate": ["spec": ["template": template]]]],
             expected: ["spec": ["schedule": "*/5 * * * *", "jobTemplate": ["spec": ["template": defaultedTemplate]],
                                 "concurrencyPolicy": "Allow", "suspend": false, "successfulJobsHistoryLimit": 3,
                                 "failedJobsHistoryLimit": 1]]),
        Case(name: "service", group: "", kind: "Service",
             given: ["spec": ["ports": [["port": 80]], "selector": ["app": "web"]]],
             expected: ["spec": ["ports": [["port": 80, "protocol": "TCP", "targetPort": 80]], "selector": ["app": "web"],
                                 "type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster"]]),
        Case(name: "nodeport service", group: "", kind: "Service",
             given: ["spec": ["type": "NodePort", "ports": [["port": 80, "targetPort": "http", "protocol": "UDP"]]]],
             expected: ["spec": ["type": "NodePort", "ports": [["port": 80, "targetPort": "http", "protocol": "UDP"]],
                                 "sessionAffinity": "None", "internalTrafficPolicy": "Cluster", "externalTrafficPolicy": "Cluster"]]),
        Case(name: "secret", group: "", kind: "Secret",
             given: ["stringData": ["user": "admin"], "data": ["other": "eA=="]],
             expected: ["type": "Opaque", "data": ["user": "YWRtaW4=", "other": "eA=="]]),
        Case(name: "pvc", group: "", kind: "PersistentVolumeClaim",
             given: ["spec": ["accessModes": ["ReadWriteOnce"]]],
             expected: ["spec": ["accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem"], "status": ["phase": "Pending"]]),
        Case(name: "statefulset with an explicit RollingUpdate", group: "apps", kind: "StatefulSet",
             given: ["spec": ["selector": selector, "template": template, "updateStrategy": ["type": "RollingUpdate"],
                              "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Delete"]]],
             expected: ["spec": ["selector": selector, "template": defaultedTemplate, "replicas": 1,
                                 "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
                                 "updateStrategy": ["type": "RollingUpdate"],
                                 "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Delete", "whenScaled": "Retain"]]]),
        Case(name: "pod on the host network with zero-valued fields", group: "", kind: "Pod",
             given: ["spec": ["hostNetwork": true, "dnsPolicy": "", "priorityClassName": "high", "containers": [
                ["name": "a", "image": "x:latest@sha256:00", "ports": [["containerPort": 8080, "protocol": ""]],
                 "readinessProbe": ["tcpSocket": ["port": 8080], "periodSeconds": 0]]]]],
             expected: ["spec": ["hostNetwork": true, "dnsPolicy": "ClusterFirst", "priorityClassName": "high", "containers": [
                ["name": "a", "image": "x:latest@sha256:00", "imagePullPolicy": "Always",
                 "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "resources": [:],
                 "ports": [["containerPort": 8080, "protocol": "TCP", "hostPort": 8080]],
                 "readinessProbe": ["tcpSocket": ["port": 8080], "timeoutSeconds": 1, "periodSeconds": 10,
                                    "successThreshold": 1, "failureThreshold": 3]]],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "securityContext": [:],
                "schedulerName": "default-scheduler", "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
                "tolerations": [
                    ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                    ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ]],
                "status": ["phase": "Pending", "qosClass": "BestEffort"]]),
        Case(name: "service with client affinity and external IPs", group: "", kind: "Service",
             given: ["spec": ["sessionAffinity": "ClientIP", "externalIPs": ["192.0.2.1"], "ports": [["port": 443, "targetPort": 0]]]],
             expected: ["spec": ["sessionAffinity": "ClientIP", "sessionAffinityConfig": ["clientIP": ["timeoutSeconds": 10800]],
                                 "externalIPs": ["192.0.2.1"], "ports": [["port": 443, "targetPort": 443, "protocol": "TCP"]],
                                 "type": "ClusterIP", "internalTrafficPolicy": "Cluster", "externalTrafficPolicy": "Cluster"]]),
        Case(name: "networkpolicy with egress", group: "networking.k8s.io", kind: "NetworkPolicy",
             given: ["spec": ["podSelector": [:], "egress": [["ports": [["port": 53]]]]]],
             expected: ["spec": ["podSelector": [:], "egress": [["ports": [["port": 53, "protocol": "TCP"]]]],
                                 "policyTypes": ["Ingress", "Egress"]]]),
        Case(name: "endpointslice", group: "discovery.k8s.io", kind: "EndpointSlice",
             given: ["addressType": "IPv4", "ports": [["port": 80]]],
             expected: ["addressType": "IPv4", "ports": [["port": 80, "name": "", "protocol": "TCP"]]]),
        Case(name: "configmap untouched", group: "", kind: "ConfigMap",
             given: ["data": ["a": "b"]], expected: ["data": ["a": "b"]]),
    ]

    @Test(arguments: cases) func defaults(_ testCase: Case) throws {
        var object = testCase.given
        try KindAdmission.defaultForCreate(&object, group: testCase.group, kind: testCase.kind)
        #expect(object == testCase.expected)
    }

    @Test func jobGetsCountsAndGeneratedSelector() throws {
        var job: JSONValue = ["metadata": ["name": "pi", "uid": "u-9"], "spec": ["template": ["spec": ["restartPolicy": "Never",
                              "containers": [["name": "pi", "image": "perl:5.34"]]]]]]
        try KindAdmission.defaultForCreate(&job, group: "batch", kind: "Job")
        let spec = job[member: "spec"]
        #expect(spec?[member: "parallelism"] == 1)
        #expect(spec?[member: "completions"] == 1)
        #expect(spec?[member: "backoffLimit"] == 6)
        #expect(spec?[member: "completionMode"] == "NonIndexed")
        #expect(spec?[member: "suspend"] == false)
        #expect(spec?[member: "podReplacementPolicy"] == "TerminatingOrFailed")
        #expect(spec?[member: "manualSelector"] == nil)
        #expect(spec?[member: "selector"] == ["matchLabels": ["batch.kubernetes.io/controller-uid": "u-9"]])
        #expect(spec?[member: "template"]?[member: "metadata"]?[member: "labels"] == [
            "batch.kubernetes.io/controller-uid": "u-9", "controller-uid": "u-9",
            "batch.kubernetes.io/job-name": "pi", "job-name": "pi",
        ])
        #expect(KindAdmission.errors(job, group: "batch", kind: "Job").isEmpty)

        var parallelOnly: JSONValue = ["metadata": ["name": "w", "uid": "u-1"], "spec": ["parallelism": 4, "template": [:]]]
        try KindAdmission.defaultForCreate(&parallelOnly, group: "batch", kind: "Job")
        #expect(parallelOnly[member: "spec"]?[member: "parallelism"] == 4)
        #expect(parallelOnly[member: "spec"]?[member: "completions"] == nil)
    }

    @Test func imagePullPolicyFollowsTheTag() {
        #expect(PodSpecDefaults.defaultPullPolicy(image: "nginx") == "Always")
        #expect(PodSpecDefaults.defaultPullPolicy(image: "nginx:latest") == "Always")
        #expect(PodSpecDefaults.defaultPullPolicy(image: "registry:5000/nginx") == "Always")
        #expect(PodSpecDefaults.defaultPullPolicy(image: "registry:5000/nginx:1.2") == "IfNotPresent")
        #expect(PodSpecDefaults.defaultPullPolicy(image: "nginx@sha256:abcd") == "IfNotPresent")
        #expect(PodSpecDefaults.defaultPullPolicy(image: "nginx:latest@sha256:abcd") == "Always")
    }

    @Test func qosClasses() {
        func spec(_ resources: [JSONValue]) -> JSONValue {
            ["containers": .array(resources.enumerated().map { ["name": .string("c\($0.offset)"), "resources": $0.element] })]
        }
        #expect(QOSClass.of(spec([[:]])) == .bestEffort)
        #expect(QOSClass.of(spec([["requests": ["cpu": "100m"]]])) == .burstable)
        #expect(QOSClass.of(spec([["limits": ["cpu": "1", "memory": "1Gi"], "requests": ["cpu": "1", "memory": "1Gi"]]])) == .guaranteed)
        #expect(QOSClass.of(spec([["limits": ["cpu": "1", "memory": "1Gi"], "requests": ["cpu": "500m", "memory": "1Gi"]]])) == .burstable)
        #expect(QOSClass.of(spec([["limits": ["cpu": "1", "memory": "1Gi"], "requests": ["cpu": "1", "memory": "1Gi"]], [:]])) == .burstable)
    }

    @Test func existingTolerationsCoverTheDefaults() throws {
        var pod: JSONValue = ["spec": ["containers": [["name": "a", "image": "b"]],
                                       "tolerations": [["operator": "Exists"]]]]
        try KindAdmission.defaultForCreate(&pod, group: "", kind: "Pod")
        #expect(pod[member: "spec"]?[member: "tolerations"] == [["operator": "Exists"]])
    }

    @Test func wrongJSONTypeIsBadRequest() {
        var deployment: JSONValue = ["metadata": ["name": "d"], "spec": ["replicas": "three"]]
        do {
            try KindAdmission.defaultForCreate(&deployment, group: "apps", kind: "Deployment")
            Issue.record("expected a 400")
        } catch {
            #expect(error.code == 400)
            #expect(error.message == #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"#)
        }
        var pod: JSONValue = ["metadata": ["name": "p"], "spec": ["containers": [["name": "a", "image": "b", "ports": [["containerPort": "80"]]]]]]
        do {
            try KindAdmission.defaultForCreate(&pod, group: "", kind: "Pod")
            Issue.record("expected a 400")
        } catch {
            #expect(error.message == #"Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"#)
        }
    }
}
