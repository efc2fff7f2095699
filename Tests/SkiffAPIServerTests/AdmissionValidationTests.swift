import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Table-driven checks of the per-kind validation: an object in (defaulted first, as a create
/// does), the field errors out, printed as Kubernetes prints them.
@Suite struct AdmissionValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var group: String
        var kind: String
        var object: JSONValue
        var causes: [String]
        var testDescription: String { name }
    }

    static func pod(_ spec: JSONValue) -> JSONValue { ["metadata": ["name": "p", "uid": "u"], "spec": spec] }
    static let web: JSONValue = ["name": "web", "image": "nginx"]
    static let template: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [web]]]
    static func deployment(_ spec: JSONValue) -> JSONValue { ["metadata": ["name": "d"], "spec": spec] }

    static let cases: [Case] = [
        Case(name: "valid pod", group: "", kind: "Pod", object: pod(["containers": [web]]), causes: []),
        Case(name: "pod without containers", group: "", kind: "Pod", object: pod([:]), causes: ["spec.containers: Required value"]),
        Case(name: "container names", group: "", kind: "Pod",
             object: pod(["initContainers": [["name": "web", "image": "x"]], "containers": [["image": "x"], web, ["name": "Bad_Name", "image": "x"]]]),
             causes: ["spec.containers[0].name: Required value",
                      "spec.containers[1].name: Duplicate value: \"web\"",
                      "spec.containers[2].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
        Case(name: "image required", group: "", kind: "Pod", object: pod(["containers": [["name": "a"]]]),
             causes: ["spec.containers[0].image: Required value"]),
        Case(name: "ports", group: "", kind: "Pod",
             object: pod(["containers": [["name": "a", "image": "b", "ports": [
                ["containerPort": 70000, "name": "http"], ["containerPort": 80, "name": "http", "protocol": "HTTP"], ["name": "x"]]]]]),
             causes: ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                      "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                      "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                      "spec.containers[0].ports[2].containerPort: Required value"]),
        Case(name: "policies", group: "", kind: "Pod", object: pod(["containers": [web], "restartPolicy": "Sometimes", "dnsPolicy": "Google"]),
             causes: ["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                      "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""]),
        Case(name: "requests above limits", group: "", kind: "Pod",
             object: pod(["containers": [["name": "a", "image": "b", "resources": ["limits": ["cpu": "1"], "requests": ["cpu": "2"]]]]]),
             causes: ["spec.containers[0].resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1"]),
        Case(name: "env, volumes and mounts", group: "", kind: "Pod",
             object: pod(["containers": [["name": "a", "image": "b", "env": [["name": "A=B"], ["value": "x"]],
                                          "volumeMounts": [["name": "missing", "mountPath": "/x"], ["name": "data"]]]],
                          "volumes": [["name": "data"], ["name": "data", "emptyDir": [:], "hostPath": ["path": "/"]]]]),
             causes: ["spec.volumes[1].name: Duplicate value: \"data\"",
                      "spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
                      "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                      "spec.containers[0].env[1].name: Required value",
                      "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
                      "spec.containers[0].volumeMounts[1].mountPath: Required value"]),
        Case(name: "probes need one handler", group: "", kind: "Pod",
             object: pod(["containers": [["name": "a", "image": "b", "livenessProbe": ["periodSeconds": 5],
                                          "readinessProbe": ["exec": ["command": ["true"]], "tcpSocket": ["port": 80]]]]]),
             causes: ["spec.containers[0].livenessProbe: Required value: must specify a handler type",
                      "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]),
        Case(name: "tolerations", group: "", kind: "Pod",
             object: pod(["containers": [web], "tolerations": [
                ["operator": "Equal", "value": "x"], ["key": "a", "operator": "Exists", "value": "v"],
                ["key": "b", "operator": "Maybe"], ["key": "c", "effect": "NoSchedule", "tolerationSeconds": 5],
                ["key": "d", "effect": "Sometimes"]]]),
             causes: ["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                      #"spec.tolerations[1].operator: Invalid value: {"key":"a","operator":"Exists","value":"v"}: value must be empty when `operator` is 'Exists'"#,
                      "spec.tolerations[2].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\"",
                      "spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
                      "spec.tolerations[4].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""]),
        Case(name: "valid deployment", group: "apps", kind: "Deployment",
             object: deployment(["selector": ["matchLabels": ["app": "web"]], "template": template]), causes: []),
        Case(name: "deployment selector mismatch and negative replicas", group: "apps", kind: "Deployment",
             object: deployment(["replicas": -1, "selector": ["matchLabels": ["app": "x"]], "template": template]),
             causes: ["spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                      "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]),
        Case(name: "deployment without selector", group: "apps", kind: "Deployment",
             object: deployment(["template": template, "strategy": ["type": "Blue"]]),
             causes: ["spec.selector: Required value",
                      "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
                      "spec.strategy.type: Unsupported value: \"Blue\": supported values: \"Recreate\", \"RollingUpdate\""]),
        Case(name: "empty deployment selector", group: "apps", kind: "Deployment",
             object: deployment(["selector": [:], "template": template]),
             causes: ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"]),
        Case(name: "deployment selector expressions", group: "apps", kind: "Deployment",
             object: deployment(["selector": ["matchExpressions": [["key": "app", "operator": "In", "values": ["web", "api"]]]], "template": template]),
             causes: []),
        Case(name: "replicaset template must restart always", group: "apps", kind: "ReplicaSet",
             object: deployment(["selector": ["matchLabels": ["app": "web"]],
                                 "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [web], "restartPolicy": "Never"]]]),
             causes: ["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]),
        Case(name: "job template must not restart always", group: "batch", kind: "Job",
             object: ["metadata": ["name": "j", "uid": "u-1"], "spec": ["backoffLimit": -2, "template": ["spec": ["containers": [web]]]]],
             causes: ["spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
                      "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""]),
        Case(name: "cronjob schedule", group: "batch", kind: "CronJob",
             object: ["metadata": ["name": "c"], "spec": ["schedule": "61 * * * *", "jobTemplate": ["spec": ["template": [
                "spec": ["containers": [web], "restartPolicy": "OnFailure"]]]]]],
             causes: ["spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61"]),
        Case(name: "cronjob macro and missing schedule", group: "batch", kind: "CronJob",
             object: ["metadata": ["name": "c"], "spec": ["jobTemplate": ["spec": ["template": [
                "spec": ["containers": [web], "restartPolicy": "OnFailure"]]]]]],
             causes: ["spec.schedule: Required value"]),
        Case(name: "service ports", group: "", kind: "Service",
             object: ["metadata": ["name": "s"], "spec": ["ports": [["port": 80], ["port": 0, "name": "b", "protocol": "ICMP"]]]],
             causes: ["spec.ports[0].name: Required value",
                      "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                      "spec.ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                      "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"]),
        Case(name: "service without ports", group: "", kind: "Service", object: ["metadata": ["name": "s"], "spec": ["type": "Magic"]],
             causes: ["spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                      "spec.ports: Required value"]),
        Case(name: "headless service without ports", group: "", kind: "Service",
             object: ["metadata": ["name": "s"], "spec": ["clusterIP": "None"]], causes: []),
        Case(name: "configmap keys", group: "", kind: "ConfigMap", object: ["metadata": ["name": "c"], "data": ["ok.key": "1", "bad key": "2"]],
             causes: ["data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]),
        Case(name: "tls secret needs its keys", group: "", kind: "Secret",
             object: ["metadata": ["name": "s"], "type": "kubernetes.io/tls", "data": ["tls.crt": "eA=="]],
             causes: ["data[tls.key]: Required value"]),
    ]

    @Test(arguments: cases) func validates(_ testCase: Case) throws {
        var object = testCase.object
        try KindAdmission.defaultForCreate(&object, group: testCase.group, kind: testCase.kind)
        let causes = KindAdmission.errors(object, group: testCase.group, kind: testCase.kind).map(\.description)
        #expect(causes == testCase.causes)
    }

    @Test func secretDataMustBeBase64() throws {
        #expect(TypedShapeCheck.base64ErrorOffset("cQ==") == nil)
        #expect(TypedShapeCheck.base64ErrorOffset("YWRtaW4=") == nil)
        #expect(TypedShapeCheck.base64ErrorOffset("") == nil)
        #expect(TypedShapeCheck.base64ErrorOffset("ab$d") == 2)
        #expect(TypedShapeCheck.base64ErrorOffset("abcde") == 4)
        var secret: JSONValue = ["metadata": ["name": "s"], "data": ["k": "not base64!"]]
        do {
            try KindAdmission.defaultForCreate(&secret, group: "", kind: "Secret")
            Issue.record("expected a 400")
        } catch {
            #expect(error.code == 400)
            #expect(error.message == #"Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3"#)
        }
    }

    @Test func cronSchedules() {
        for valid in ["* * * * *", "*/15 0-6 1,15 JAN-jun mon-fri", "@hourly", "@every 1h30m", "0 0 ? * SUN", "5-10/2 * * * *"] {
            #expect(CronSchedule.error(in: valid) == nil, "\(valid)")
        }
        #expect(CronSchedule.error(in: "* * * *") == "expected exactly 5 fields, found 4: [* * * *]")
        #expect(CronSchedule.error(in: "@fortnightly") == "unrecognized descriptor: @fortnightly")
        #expect(CronSchedule.error(in: "TZ=UTC * * * * *") == "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
        #expect(CronSchedule.error(in: "* * 0 * *") == "beginning of range (0) below minimum (1): 0")
    }
}
