#!/usr/bin/env python3
"""Generate Sources/SkiffModel/Generated/*.swift from the Kubernetes OpenAPI v2 document.

Usage (from the repository root):

    python3 scripts/generate-model.py [--swagger ../shared/k8s/swagger.json] [--out Sources/SkiffModel/Generated]

Writes one file per group-version (CoreV1.swift, AppsV1.swift, MetaV1.swift, ...), VersionInfo.swift
for apimachinery's version.Info, and ResourceCatalog.swift (resources, scopes, subresources and verbs
from the swagger paths). The output is committed; CI never runs this script. Python 3 stdlib only.
See docs/model.md.
"""

import argparse
import json
import os
import re
import sys

# Swagger package -> (Swift namespace enum, API group, version). The order is the catalog order.
GROUP_VERSIONS = [
    ("io.k8s.api.core.v1", "CoreV1", "", "v1"),
    ("io.k8s.api.apps.v1", "AppsV1", "apps", "v1"),
    ("io.k8s.api.batch.v1", "BatchV1", "batch", "v1"),
    ("io.k8s.api.autoscaling.v1", "AutoscalingV1", "autoscaling", "v1"),
    ("io.k8s.api.autoscaling.v2", "AutoscalingV2", "autoscaling", "v2"),
    ("io.k8s.api.coordination.v1", "CoordinationV1", "coordination.k8s.io", "v1"),
    ("io.k8s.api.discovery.v1", "DiscoveryV1", "discovery.k8s.io", "v1"),
    ("io.k8s.api.events.v1", "EventsV1", "events.k8s.io", "v1"),
    ("io.k8s.api.networking.v1", "NetworkingV1", "networking.k8s.io", "v1"),
    ("io.k8s.api.policy.v1", "PolicyV1", "policy", "v1"),
    ("io.k8s.api.rbac.v1", "RBACV1", "rbac.authorization.k8s.io", "v1"),
    ("io.k8s.api.scheduling.v1", "SchedulingV1", "scheduling.k8s.io", "v1"),
    ("io.k8s.api.storage.v1", "StorageV1", "storage.k8s.io", "v1"),
    ("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1", "APIExtensionsV1", "apiextensions.k8s.io", "v1"),
    # meta/v1 has no REST resources of its own: no catalog entry (group None).
    ("io.k8s.apimachinery.pkg.apis.meta.v1", "MetaV1", None, "v1"),
]

# Definitions outside the group-versions above that are generated as top-level structs.
EXTRA_TOP_LEVEL = {
    "io.k8s.apimachinery.pkg.version.Info": ("VersionInfo", "VersionInfo.swift"),
}

# Definitions mapped onto hand-written Swift types (SkiffAPI or SkiffModel). Never generated.
BUILTIN = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "Quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "IntOrString",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "KubeTime",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "MicroTime",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "JSONValue",
}

# Definitions with a hand-written Swift type in the group-version's namespace
# (Sources/SkiffModel/JSONSchemaPropsUnions.swift). They are indirect enums, so they also break
# JSONSchemaProps' recursion.
HANDWRITTEN = {
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
}

SWIFT_KEYWORDS = set(
    """associatedtype borrowing class consuming deinit enum extension fileprivate func import init inout
    internal let nonisolated open operator private precedencegroup protocol public rethrows static struct
    subscript typealias var break case catch continue default defer do else fallthrough for guard if in
    repeat return throw switch where while Any as await false is nil self Self super throws true try
    Type Protocol""".split()
)

VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
ACTION_VERBS = {
    "get": "get", "list": "list", "watch": "watch", "watchlist": "watch", "post": "create",
    "put": "update", "patch": "patch", "delete": "delete", "deletecollection": "deletecollection",
}
# For `connect` operations (exec, attach, portforward, proxy) the verb follows the HTTP method,
# as Kubernetes discovery does; HEAD and OPTIONS are not verbs.
CONNECT_METHOD_VERBS = {"get": "get", "post": "create", "put": "update", "patch": "patch", "delete": "delete"}


def package_of(name):
    return name.rsplit(".", 1)[0]


def short_name(name):
    return name.rsplit(".", 1)[1]


def ref_name(prop):
    ref = prop.get("$ref")
    if ref is None and len(prop.get("allOf", [])) == 1:
        ref = prop["allOf"][0].get("$ref")
    return ref.split("/")[-1] if ref else None


def is_free_form(defn):
    """`type: object` without properties, or no type at all: arbitrary JSON."""
    return not defn.get("properties") and defn.get("type") in (None, "object") and "items" not in defn


def swift_identifier(json_name):
    """Property name for a JSON field name; returns (identifier, needs_coding_key)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", json_name):
        return ("`%s`" % json_name if json_name in SWIFT_KEYWORDS else json_name), False
    words = [w for w in re.split(r"[^A-Za-z0-9]+", json_name) if w]
    ident = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    if ident[0].isdigit():
        ident = "_" + ident
    return ("`%s`" % ident if ident in SWIFT_KEYWORDS else ident), True


SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!\bvs)(?<!etc)\.(?=\s|$)")


def first_sentence(text):
    """The description's first sentence (two when the first is a bare "Required." or "Deprecated.")."""
    text = " ".join(text.split("\n\n")[0].split())
    end = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if end > 12:
            return text[:end]
    return text


class Generator:
    def __init__(self, swagger):
        self.swagger = swagger
        self.defs = swagger["definitions"]
        self.namespace_of_package = {pkg: ns for pkg, ns, _, _ in GROUP_VERSIONS}
        self.selected = self.select_definitions()
        self.boxed = self.find_recursive_properties()

    # Selection -----------------------------------------------------------------------------------

    def select_definitions(self):
        roots = [n for n in self.defs if package_of(n) in self.namespace_of_package]
        roots += list(EXTRA_TOP_LEVEL)
        selected, stack = set(), sorted(roots)
        while stack:
            name = stack.pop()
            if name in selected or name in BUILTIN:
                continue
            if name not in self.defs:
                sys.exit("unknown definition %s" % name)
            if name not in EXTRA_TOP_LEVEL and package_of(name) not in self.namespace_of_package:
                sys.exit("%s is referenced but its package is not in GROUP_VERSIONS/EXTRA_TOP_LEVEL/BUILTIN" % name)
            selected.add(name)
            for prop in self.defs[name].get("properties", {}).values():
                stack.extend(self.referenced(prop))
        return selected

    def referenced(self, prop):
        ref = ref_name(prop)
        if ref:
            yield ref
        if "items" in prop:
            yield from self.referenced(prop["items"])
        if isinstance(prop.get("additionalProperties"), dict):
            yield from self.referenced(prop["additionalProperties"])

    def is_struct(self, name):
        return name in self.selected and name not in HANDWRITTEN and not is_free_form(self.defs[name])

    # Recursion -----------------------------------------------------------------------------------

    def find_recursive_properties(self):
        """Properties that hold a struct directly (not via an array, map or indirect enum) and close
        a cycle; they are stored as `Indirect<T>` so that the structs have a finite size."""
        edges = {}
        for name in sorted(self.selected):
            if not self.is_struct(name):
                continue
            edges[name] = []
            for pname, prop in sorted(self.defs[name].get("properties", {}).items()):
                ref = ref_name(prop)
                if ref and self.is_struct(ref):
                    edges[name].append((pname, ref))
        boxed, state = set(), {}

        def visit(node):
            state[node] = "active"
            for pname, target in edges[node]:
                if state.get(target) == "active":
                    boxed.add((node, pname))
                elif target not in state:
                    visit(target)
            state[node] = "done"

        sys.setrecursionlimit(10000)
        for node in edges:
            if node not in state:
                visit(node)
        return boxed

    # Types ---------------------------------------------------------------------------------------

    def type_name(self, name):
        if name in BUILTIN:
            return BUILTIN[name]
        if name in EXTRA_TOP_LEVEL:
            return EXTRA_TOP_LEVEL[name][0]
        return "%s.%s" % (self.namespace_of_package[package_of(name)], short_name(name))

    def swift_type(self, prop):
        ref = ref_name(prop)
        if ref:
            return self.type_name(ref)
        kind, fmt = prop.get("type"), prop.get("format")
        if kind == "array":
            return "[%s]" % self.swift_type(prop["items"])
        if kind == "object":
            if isinstance(prop.get("additionalProperties"), dict):
                return "[String: %s]" % self.swift_type(prop["additionalProperties"])
            return "JSONValue"
        if kind == "string":
            return "String"  # format byte stays base64 text, as in JSON
        if kind == "integer":
            return "Int32" if fmt == "int32" else "Int64"
        if kind == "number":
            return "Double"
        if kind == "boolean":
            return "Bool"
        if kind is None:
            return "JSONValue"
        sys.exit("unsupported property schema %r" % prop)

    # Emission ------------------------------------------------------------------------------------

    def emit_struct(self, name, indent):
        defn = self.defs[name]
        pad, pad2, pad3 = indent, indent + "    ", indent + "    " * 2
        lines = []
        if defn.get("description"):
            lines.append("%s/// %s" % (pad, first_sentence(defn["description"])))
        gvks = defn.get("x-kubernetes-group-version-kind", [])
        conformance = "KubernetesObject" if len(gvks) == 1 else "Codable, Sendable, Hashable"
        type_name = EXTRA_TOP_LEVEL[name][0] if name in EXTRA_TOP_LEVEL else short_name(name)
        lines.append("%spublic struct %s: %s {" % (pad, type_name, conformance))
        if len(gvks) == 1:
            g = gvks[0]
            lines.append('%spublic static let groupVersionKind = GroupVersionKind(group: "%s", version: "%s", kind: "%s")'
                         % (pad2, g["group"], g["version"], g["kind"]))
        props, coding_keys, seen = [], False, set()
        for pname, prop in sorted(defn.get("properties", {}).items()):
            ident, needs_key = swift_identifier(pname)
            if ident in seen:
                sys.exit("property name clash in %s: %s" % (name, ident))
            seen.add(ident)
            coding_keys |= needs_key
            swift_type = self.swift_type(prop)
            if (name, pname) in self.boxed:
                swift_type = "Indirect<%s>" % swift_type
            props.append((pname, ident, swift_type, prop.get("description")))
        for _, ident, swift_type, doc in props:
            if doc:
                lines.append("%s/// %s" % (pad2, first_sentence(doc)))
            lines.append("%spublic var %s: %s?" % (pad2, ident, swift_type))
        params = ", ".join("%s: %s? = nil" % (ident, swift_type) for _, ident, swift_type, _ in props)
        lines.append("%spublic init(%s) {" % (pad2, params))
        for _, ident, _, _ in props:
            lines.append("%sself.%s = %s" % (pad3, ident, ident))
        lines.append("%s}" % pad2)
        if coding_keys:
            cases = ", ".join(ident if ident.strip("`") == pname else '%s = "%s"' % (ident, pname)
                              for pname, ident, _, _ in props)
            lines.append("%senum CodingKeys: String, CodingKey { case %s }" % (pad2, cases))
        lines.append("%s}" % pad)
        return lines

    def emit_decodable(self, name, qualified):
        """`init(json:)` (JSONValueDecodable: the memberwise init fed from the members) and
        `writeJSON(to:)` (JSONValueEncodable: the non-nil members in JSON-name order) for one struct."""
        defn = self.defs[name]
        props = []
        for pname, prop in sorted(defn.get("properties", {}).items()):
            ident, _ = swift_identifier(pname)
            props.append((pname, ident))
        lines = ["extension %s: JSONValueDecodable, JSONValueEncodable {" % qualified,
                 "    public init(json: JSONValue) throws {"]
        if props:
            lines.append('        let members = try JSONFields.object(json, "%s")' % qualified)
            arguments = ",\n".join('            %s: try JSONFields.optional(members, "%s")' % (ident.strip("`"), pname)
                                   for pname, ident in props)
            lines.append("        self.init(\n%s)" % arguments)
        else:
            lines.append('        _ = try JSONFields.object(json, "%s")' % qualified)
            lines.append("        self.init()")
        lines += ["    }", "", "    public func writeJSON(to output: inout JSONOutput) {", "        output.beginObject()"]
        for pname, ident in props:
            lines.append('        output.member("%s", %s)' % (pname.replace("\\", "\\\\").replace('"', '\\"'), ident))
        lines += ["        output.endObject()", "    }", "}"]
        return lines

    def emit_decodables(self, package, namespace):
        names = sorted(n for n in self.selected if package_of(n) == package and n not in HANDWRITTEN
                       and not is_free_form(self.defs[n]))
        out = [HEADER, "", "import SkiffAPI", "",
               "// JSONValueDecodable and JSONValueEncodable conformances of the %s types (see SkiffModel/JSON/)." % namespace]
        for name in names:
            out.append("")
            out.extend(self.emit_decodable(name, "%s.%s" % (namespace, short_name(name))))
        return "\n".join(out) + "\n"

    def emit_group_version(self, package, namespace, group, version):
        names = sorted(n for n in self.selected if package_of(n) == package and n not in HANDWRITTEN)
        api_version = version if not group else "%s/%s" % (group, version)
        out = [HEADER, "", "import SkiffAPI", "",
               "/// Kubernetes %s (`%s`)." % (api_version if group is not None else "meta/v1", package),
               "public enum %s {}" % namespace, "", "extension %s {" % namespace]
        first = True
        for name in names:
            if not first:
                out.append("")
            first = False
            defn = self.defs[name]
            if is_free_form(defn):
                if defn.get("description"):
                    out.append("    /// %s" % first_sentence(defn["description"]))
                out.append("    public typealias %s = JSONValue" % short_name(name))
            else:
                out.extend(self.emit_struct(name, "    "))
        out.append("}")
        return "\n".join(out) + "\n"

    def emit_top_level(self, name):
        out = [HEADER, "", "import SkiffAPI", ""] + self.emit_struct(name, "")
        return "\n".join(out) + "\n"

    # Resource catalog ----------------------------------------------------------------------------

    def catalog(self):
        result = []
        for _, namespace, group, version in GROUP_VERSIONS:
            if group is None:
                continue
            prefix = "/api/%s/" % version if group == "" else "/apis/%s/%s/" % (group, version)
            resources = {}
            for path, operations in sorted(self.swagger["paths"].items()):
                if not path.startswith(prefix) or path == prefix:
                    continue
                segments = path[len(prefix):].split("/")
                if segments[0] == "watch":
                    segments = segments[1:]
                namespaced = len(segments) > 2 and segments[:2] == ["namespaces", "{namespace}"]
                if namespaced:
                    segments = segments[2:]
                plural = segments[0]
                sub = segments[2] if len(segments) > 2 and segments[1] == "{name}" else None
                entry = resources.setdefault(plural, {"kind": None, "namespaced": False, "verbs": set(), "subs": {}})
                entry["namespaced"] |= namespaced
                target = entry if sub is None else entry["subs"].setdefault(sub, {"gvk": None, "verbs": set()})
                for method, op in operations.items():
                    if method == "parameters":
                        continue
                    action = op.get("x-kubernetes-action")
                    verb = CONNECT_METHOD_VERBS.get(method) if action == "connect" else ACTION_VERBS.get(action)
                    if verb:
                        target["verbs"].add(verb)
                    gvk = op.get("x-kubernetes-group-version-kind")
                    if gvk:
                        if sub is None:
                            entry["kind"] = entry["kind"] or gvk["kind"]
                        else:
                            target["gvk"] = target["gvk"] or gvk
            result.append((group, version, namespace, resources))
        return result

    def emit_catalog(self):
        def verbs(vs):
            return "[%s]" % ", ".join('"%s"' % v for v in VERB_ORDER if v in vs)

        out = [HEADER, "", "extension ResourceCatalog {",
               "    /// Every served group-version in the model, with its resources as the swagger paths show them.",
               "    public static let groupVersions: [GroupVersion] = ["]
        for group, version, namespace, resources in self.catalog():
            out.append('        GroupVersion(group: "%s", version: "%s", resources: [' % (group, version))
            for plural, e in sorted(resources.items()):
                subs = ", ".join(
                    'Subresource(name: "%s", group: "%s", version: "%s", kind: "%s", verbs: %s)'
                    % (sname, (s["gvk"] or {}).get("group", group), (s["gvk"] or {}).get("version", version),
                       (s["gvk"] or {}).get("kind", ""), verbs(s["verbs"]))
                    for sname, s in sorted(e["subs"].items()))
                out.append('            Resource(name: "%s", kind: "%s", namespaced: %s, verbs: %s, subresources: [%s]),'
                           % (plural, e["kind"] or "", "true" if e["namespaced"] else "false", verbs(e["verbs"]), subs))
            out.append("        ]),")
        out += ["    ]", "}"]
        return "\n".join(out) + "\n"


HEADER = "// Code generated by scripts/generate-model.py from swagger.json. DO NOT EDIT."


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--swagger", default=os.path.join(root, "..", "shared", "k8s", "swagger.json"))
    parser.add_argument("--out", default=os.path.join(root, "Sources", "SkiffModel", "Generated"))
    args = parser.parse_args()

    with open(args.swagger) as f:
        generator = Generator(json.load(f))
    os.makedirs(args.out, exist_ok=True)
    files = {}
    for package, namespace, group, version in GROUP_VERSIONS:
        files["%s.swift" % namespace] = generator.emit_group_version(package, namespace, group, version)
        files["%s+JSONValue.swift" % namespace] = generator.emit_decodables(package, namespace)
    for name, (type_name, file_name) in EXTRA_TOP_LEVEL.items():
        files[file_name] = generator.emit_top_level(name)
        files[file_name.replace(".swift", "+JSONValue.swift")] = "\n".join(
            [HEADER, "", "import SkiffAPI", ""] + generator.emit_decodable(name, type_name)) + "\n"
    files["ResourceCatalog.swift"] = generator.emit_catalog()

    for stale in os.listdir(args.out):
        if stale.endswith(".swift") and stale not in files:
            os.remove(os.path.join(args.out, stale))
    total = 0
    for file_name, text in sorted(files.items()):
        with open(os.path.join(args.out, file_name), "w") as f:
            f.write(text)
        total += text.count("\n")
    structs = sum(1 for n in generator.selected if generator.is_struct(n))
    print("wrote %d files, %d lines, %d structs, boxed %s" % (
        len(files), total, structs, ", ".join("%s.%s" % (short_name(n), p) for n, p in sorted(generator.boxed))))


if __name__ == "__main__":
    main()
