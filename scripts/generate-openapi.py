#!/usr/bin/env python3
"""Generates the OpenAPI documents `skiff server` serves at /openapi/v2 and /openapi/v3.

    scripts/generate-openapi.py [path/to/swagger.json]     (default: ../shared/k8s/swagger.json)

Reads the Kubernetes OpenAPI v2 specification and writes, restricted to the group-versions of
Sources/SkiffModel/Generated/ResourceCatalog.swift (and the resources it lists) plus every
definition their paths reach (meta/v1, apimachinery ...), into
Sources/SkiffAPIServer/OpenAPI/Generated/:

  v2.json                   the swagger 2.0 document (/openapi/v2)
  v3/<gv path>.json         one OpenAPI 3.0 document per group-version, converted from v2 the way
                            kube-apiserver does (/openapi/v3/api/v1, /openapi/v3/apis/apps/v1 ...)
  index.json                the /openapi/v3 index; each serverRelativeURL carries ?hash= with the
                            document's SHA-512 (upper-case hex), as kube-apiserver does
  hashes.json               {"v2": <hash>, "api/v1": <hash>, ...}: the ETags the server sends

Documents are compact JSON with sorted keys, so the output is deterministic. Developers run this
after a change of swagger.json or of the catalog and commit the result; CI never runs it (the server
never reads ../shared at run time). Python 3 standard library only.
"""

import base64
import copy
import hashlib
import json
import os
import re
import shutil
import struct
import sys
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DEFAULT_SWAGGER = os.path.normpath(os.path.join(ROOT, "..", "shared", "k8s", "swagger.json"))
CATALOG = os.path.join(ROOT, "Sources", "SkiffModel", "Generated", "ResourceCatalog.swift")
OUTPUT = os.path.join(ROOT, "Sources", "SkiffAPIServer", "OpenAPI", "Generated", "OpenAPIData.swift")

V2_DEF_PREFIX = "#/definitions/"
V2_PARAM_PREFIX = "#/parameters/"
V3_SCHEMA_PREFIX = "#/components/schemas/"
OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch")
# Query parameters of the spec that Skiff does not implement, left out of the served documents so
# that clients do not rely on them. `fieldValidation`: kubectl sends `fieldValidation=Strict` (and
# skips its own validation) when the PATCH operation of a kind lists it; Skiff ignores it, so it is
# not listed and kubectl validates client-side against /openapi/v2. Remove it from here once the
# server validates fields.
STRIPPED_PARAMETERS = {"fieldValidation"}


def read_catalog():
    """{(group, version): set of resource names} from the generated ResourceCatalog."""
    text = open(CATALOG, encoding="utf-8").read()
    served = {}
    current = None
    for line in text.splitlines():
        gv = re.search(r'GroupVersion\(group: "([^"]*)", version: "([^"]*)"', line)
        if gv:
            current = (gv.group(1), gv.group(2))
            served.setdefault(current, set())
            continue
        resource = re.search(r'^\s*Resource\(name: "([^"]+)"', line)
        if resource and current is not None:
            served[current].add(resource.group(1))
    if not served:
        sys.exit("no group-versions found in " + CATALOG)
    return served


def gv_path(group, version):
    """`api/v1`, `apis/apps/v1`: the document's path under /openapi/v3/."""
    return "api/" + version if group == "" else "apis/%s/%s" % (group, version)


def path_target(path):
    """(group, version, resource) a REST path addresses, or None for discovery paths."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, version, rest = "", parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    if rest and rest[0] == "watch":
        rest = rest[1:]
    if len(rest) >= 3 and rest[0] == "namespaces" and rest[1] == "{namespace}":
        rest = rest[2:]
    if not rest:
        return (group, version, None)
    return (group, version, rest[0])


def refs_in(node, prefix):
    """Every `$ref` below `node` that starts with `prefix`, without the prefix."""
    found = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                found.add(ref[len(prefix):])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def reachable_definitions(roots, definitions):
    seen = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        pending.extend(refs_in(definitions[name], V2_DEF_PREFIX) - seen)
    return seen


def rewrite_refs(node):
    """A copy of a v2 schema as an OpenAPI 3 schema: refs to components, and a `$ref` with
    siblings (a property's description) wrapped in `allOf`, as kube-apiserver's v3 does."""
    if isinstance(node, list):
        return [rewrite_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(V2_DEF_PREFIX):
            result[key] = V3_SCHEMA_PREFIX + value[len(V2_DEF_PREFIX):]
        else:
            result[key] = rewrite_refs(value)
    if "$ref" in result and len(result) > 1:
        ref = result.pop("$ref")
        result["allOf"] = [{"$ref": ref}]
    return result


def resolve_parameter(parameter, parameters):
    ref = parameter.get("$ref")
    if isinstance(ref, str) and ref.startswith(V2_PARAM_PREFIX):
        return parameters[ref[len(V2_PARAM_PREFIX):]]
    return parameter


def v3_parameter(parameter):
    """A non-body v2 parameter as a v3 one: its type keys move into `schema`."""
    result = {}
    schema = {}
    for key, value in parameter.items():
        if key in ("name", "in", "description", "required", "deprecated", "allowEmptyValue") or key.startswith("x-"):
            result[key] = value
        elif key in ("collectionFormat",):
            continue
        else:
            schema[key] = rewrite_refs(value)
    if schema:
        result["schema"] = schema
    return result


def v3_operation(operation, parameters):
    result = {}
    consumes = operation.get("consumes") or ["application/json"]
    produces = operation.get("produces") or ["application/json"]
    v3_params = []
    for parameter in operation.get("parameters", []):
        parameter = resolve_parameter(parameter, parameters)
        if parameter.get("in") == "body":
            schema = rewrite_refs(parameter.get("schema", {}))
            body = {"content": {mime: {"schema": schema} for mime in consumes}}
            if parameter.get("required"):
                body["required"] = True
            result["requestBody"] = body
        else:
            v3_params.append(v3_parameter(parameter))
    if v3_params:
        result["parameters"] = v3_params
    responses = {}
    for code, response in operation.get("responses", {}).items():
        answer = {"description": response.get("description", "")}
        if "schema" in response:
            schema = rewrite_refs(response["schema"])
            answer["content"] = {mime: {"schema": schema} for mime in produces}
        responses[code] = answer
    result["responses"] = responses
    for key, value in operation.items():
        if key in ("description", "operationId", "tags", "deprecated", "summary") or key.startswith("x-"):
            result[key] = value
    return result


def v3_path_item(item, parameters):
    result = {}
    for key, value in item.items():
        if key in OPERATIONS:
            result[key] = v3_operation(value, parameters)
        elif key == "parameters":
            result["parameters"] = [v3_parameter(resolve_parameter(p, parameters)) for p in value]
        elif key.startswith("x-"):
            result[key] = value
    return result


# --- gnostic openapi_v2.Document protobuf (github.com/google/gnostic-models, OpenAPIv2.proto) ---
# kubectl reads /openapi/v2 only as this protobuf. Only `swagger`, `info` and `definitions` are
# written: kubectl's client-side validation and `explain --output=plaintext-openapiv2` read the
# definitions (with their x-kubernetes-group-version-kind); paths are left out.

def pb_varint(value):
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def pb_key(field, wire):
    return pb_varint((field << 3) | wire)


def pb_message(field, payload):
    return pb_key(field, 2) + pb_varint(len(payload)) + payload


def pb_string(field, value):
    if value is None or value == "":
        return b""
    return pb_message(field, value.encode("utf-8"))


def pb_bool(field, value, always=False):
    if not value and not always:
        return b""
    return pb_key(field, 0) + (b"\x01" if value else b"\x00")


def pb_int(field, value):
    return b"" if value is None else pb_key(field, 0) + pb_varint(int(value))


def pb_double(field, value):
    return b"" if value is None else pb_key(field, 1) + struct.pack("<d", float(value))


def pb_any(value):
    """gnostic `Any`: the value as YAML (field 2); JSON is YAML."""
    return pb_string(2, json.dumps(value, sort_keys=True, ensure_ascii=False))


def pb_named(field, name, payload):
    return pb_message(field, pb_string(1, name) + pb_message(2, payload))


def pb_schema(schema):
    out = b""
    out += pb_string(1, schema.get("$ref"))
    out += pb_string(2, schema.get("format"))
    out += pb_string(3, schema.get("title"))
    out += pb_string(4, schema.get("description"))
    if "default" in schema:
        out += pb_message(5, pb_any(schema["default"]))
    out += pb_double(6, schema.get("multipleOf"))
    out += pb_double(7, schema.get("maximum"))
    out += pb_bool(8, schema.get("exclusiveMaximum"))
    out += pb_double(9, schema.get("minimum"))
    out += pb_bool(10, schema.get("exclusiveMinimum"))
    out += pb_int(11, schema.get("maxLength"))
    out += pb_int(12, schema.get("minLength"))
    out += pb_string(13, schema.get("pattern"))
    out += pb_int(14, schema.get("maxItems"))
    out += pb_int(15, schema.get("minItems"))
    out += pb_bool(16, schema.get("uniqueItems"))
    out += pb_int(17, schema.get("maxProperties"))
    out += pb_int(18, schema.get("minProperties"))
    for name in schema.get("required", []):
        out += pb_string(19, name)
    for value in schema.get("enum", []):
        out += pb_message(20, pb_any(value))
    additional = schema.get("additionalProperties")
    if isinstance(additional, dict):
        out += pb_message(21, pb_message(1, pb_schema(additional)))
    elif isinstance(additional, bool):
        out += pb_message(21, pb_bool(2, additional, always=True))
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        out += pb_message(22, b"".join(pb_string(1, t) for t in types))
    items = schema.get("items")
    if items is not None:
        items = items if isinstance(items, list) else [items]
        out += pb_message(23, b"".join(pb_message(1, pb_schema(i)) for i in items))
    for part in schema.get("allOf", []):
        out += pb_message(24, pb_schema(part))
    properties = schema.get("properties")
    if properties is not None:
        out += pb_message(25, b"".join(pb_named(1, name, pb_schema(properties[name])) for name in sorted(properties)))
    out += pb_string(26, schema.get("discriminator"))
    out += pb_bool(27, schema.get("readOnly"))
    if "example" in schema:
        out += pb_message(30, pb_any(schema["example"]))
    for key in sorted(schema):
        if key.startswith("x-"):
            out += pb_named(31, key, pb_any(schema[key]))
    return out


def pb_document(v2):
    info = v2.get("info", {})
    out = pb_string(1, v2.get("swagger", "2.0"))
    out += pb_message(2, pb_string(1, info.get("title")) + pb_string(2, info.get("version")))
    definitions = v2["definitions"]
    out += pb_message(9, b"".join(pb_named(1, name, pb_schema(definitions[name])) for name in sorted(definitions)))
    return out


def strip_parameters(paths, parameters):
    """The paths without the query parameters Skiff does not implement (STRIPPED_PARAMETERS)."""
    stripped = set()
    for name, parameter in parameters.items():
        if parameter.get("in") == "query" and parameter.get("name") in STRIPPED_PARAMETERS:
            stripped.add(V2_PARAM_PREFIX + name)

    def keep(parameter):
        if parameter.get("$ref") in stripped:
            return False
        return not (parameter.get("in") == "query" and parameter.get("name") in STRIPPED_PARAMETERS)

    result = copy.deepcopy(paths)
    for item in result.values():
        for key, value in item.items():
            if key == "parameters":
                item[key] = [p for p in value if keep(p)]
            elif key in OPERATIONS and "parameters" in value:
                value["parameters"] = [p for p in value["parameters"] if keep(p)]
    return result


def encode(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha512(data):
    return hashlib.sha512(data).hexdigest().upper()


def main():
    swagger_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SWAGGER
    swagger = json.load(open(swagger_path, encoding="utf-8"))
    served = read_catalog()
    definitions = swagger["definitions"]
    parameters = swagger.get("parameters", {})

    paths_by_gv = {gv: {} for gv in served}
    for path, item in swagger["paths"].items():
        target = path_target(path)
        if target is None:
            continue
        group, version, resource = target
        if (group, version) not in served:
            continue
        if resource is not None and resource not in served[(group, version)]:
            continue
        paths_by_gv[(group, version)][path] = item
    paths_by_gv = {gv: strip_parameters(gv_paths, parameters) for gv, gv_paths in paths_by_gv.items()}

    documents = {}  # key -> bytes

    # OpenAPI v2: every served path, the parameters and definitions they use.
    all_paths = {}
    for gv_paths in paths_by_gv.values():
        all_paths.update(gv_paths)
    used_parameters = refs_in(all_paths, V2_PARAM_PREFIX)
    roots = refs_in(all_paths, V2_DEF_PREFIX) | refs_in([parameters[n] for n in used_parameters], V2_DEF_PREFIX)
    v2_definitions = reachable_definitions(roots, definitions)
    v2 = {
        "swagger": swagger.get("swagger", "2.0"),
        "info": swagger.get("info", {"title": "Kubernetes", "version": "unversioned"}),
        "paths": all_paths,
        "definitions": {name: definitions[name] for name in v2_definitions},
        "parameters": {name: parameters[name] for name in used_parameters},
    }
    if "securityDefinitions" in swagger:
        v2["securityDefinitions"] = swagger["securityDefinitions"]
        v2["security"] = swagger.get("security", [])
    documents["v2"] = encode(v2)
    documents["v2.pb"] = pb_document(v2)
    print("v2: %d paths, %d definitions" % (len(all_paths), len(v2_definitions)))

    # OpenAPI v3: one document per group-version.
    for (group, version), gv_paths in sorted(paths_by_gv.items()):
        name = gv_path(group, version)
        resolved = [parameters[n] for n in refs_in(gv_paths, V2_PARAM_PREFIX)]
        roots = refs_in(gv_paths, V2_DEF_PREFIX) | refs_in(resolved, V2_DEF_PREFIX)
        schemas = reachable_definitions(roots, definitions)
        document = {
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": "unversioned"},
            "paths": {path: v3_path_item(item, parameters) for path, item in gv_paths.items()},
            "components": {
                "schemas": {schema: rewrite_refs(definitions[schema]) for schema in schemas},
                "securitySchemes": {"BearerToken": {
                    "type": "apiKey", "description": "Bearer Token authentication",
                    "name": "authorization", "in": "header"}},
            },
            "security": [{"BearerToken": []}],
        }
        documents[name] = encode(document)
        print("v3 %s: %d paths, %d schemas" % (name, len(gv_paths), len(schemas)))

    hashes = {key: sha512(data) for key, data in documents.items()}
    index = {"paths": {key: {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (key, hashes[key])}
                       for key in sorted(documents) if not key.startswith("v2")}}

    if len(sys.argv) > 2:  # debugging: also write the plain documents into a directory
        os.makedirs(sys.argv[2], exist_ok=True)
        for key, data in documents.items():
            open(os.path.join(sys.argv[2], key.replace("/", "_")), "wb").write(data)
        open(os.path.join(sys.argv[2], "index"), "wb").write(encode(index))

    lines = [
        "// Code generated by scripts/generate-openapi.py from swagger.json. DO NOT EDIT.",
        "// Each document: zlib-compressed (level 9), base64; see OpenAPIDocuments.swift.",
        "",
        "enum OpenAPIData {",
        "    /// The /openapi/v3 index.",
        "    static let index = #\"%s\"#" % encode(index).decode("utf-8"),
        "",
        "    static let documents: [String: OpenAPIStoredDocument] = [",
    ]
    total = 0
    for key in sorted(documents):
        data = documents[key]
        packed = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
        total += len(packed)
        lines.append('        "%s": OpenAPIStoredDocument(' % key)
        lines.append('            hash: "%s", size: %d,' % (hashes[key], len(data)))
        lines.append('            compressed: "%s"),' % packed)
        print("  %-36s %9d bytes, %8d stored" % (key, len(data), len(packed)))
    lines += ["    ]", "}", ""]
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    open(OUTPUT, "w", encoding="utf-8").write("\n".join(lines))
    print("wrote %s (%d bytes of documents)" % (os.path.relpath(OUTPUT, ROOT), total))


if __name__ == "__main__":
    main()
