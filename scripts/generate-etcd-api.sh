#!/usr/bin/env bash
# Regenerates Sources/EtcdAPI/Generated/ from the etcd v3 protos in ../shared/proto/etcd.
#
# Run once by a developer after the protos or the plugin versions change; CI never runs it and the
# generated files are committed. Needs `protoc` (apt-get install protobuf-compiler) and a Swift
# toolchain. The two protoc plugins are built from source in a throwaway package outside the repo:
#   protoc-gen-swift           from apple/swift-protobuf       1.39.0  (messages)
#   protoc-gen-grpc-swift-2    from grpc/grpc-swift-protobuf   2.4.1   (client stubs only)
#
# Usage: scripts/generate-etcd-api.sh            (from anywhere; paths are relative to the repo)
#        PLUGIN_DIR=/some/dir scripts/...        (reuse an existing plugin build directory)
set -euo pipefail

SWIFT_PROTOBUF_VERSION=1.39.0
GRPC_SWIFT_PROTOBUF_VERSION=2.4.1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

proto_root="../shared/proto/etcd"
out_dir="Sources/EtcdAPI/Generated"
protos=(etcdserverpb/rpc.proto mvccpb/kv.proto authpb/auth.proto)

command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }
[ -d "$proto_root" ] || { echo "missing $proto_root (expected the etcd protos next to the repo)" >&2; exit 1; }

# Build the plugins in a temporary package (kept only when PLUGIN_DIR is given).
if [ -n "${PLUGIN_DIR:-}" ]; then
    work="$PLUGIN_DIR"
    mkdir -p "$work"
else
    work="$(mktemp -d -t skiff-protoc-plugins.XXXXXX)"
    trap 'rm -rf "$work"' EXIT
fi

mkdir -p "$work/Sources/Placeholder"
echo "// Placeholder target so that the package resolves." > "$work/Sources/Placeholder/Placeholder.swift"
cat > "$work/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ProtocPlugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "$SWIFT_PROTOBUF_VERSION"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "$GRPC_SWIFT_PROTOBUF_VERSION"),
    ],
    targets: [.target(name: "Placeholder")]
)
EOF

echo "==> building protoc plugins in $work (this takes several minutes)"
(cd "$work" && swift build --product protoc-gen-swift)
(cd "$work" && swift build --product protoc-gen-grpc-swift-2)
bin="$(cd "$work" && swift build --show-bin-path)"

echo "==> generating into $out_dir"
rm -rf "$out_dir"
mkdir -p "$out_dir"

# PathToUnderscores: etcdserverpb/rpc.proto -> etcdserverpb_rpc.pb.swift / etcdserverpb_rpc.grpc.swift
protoc -I "$proto_root" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --swift_out="$out_dir" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=PathToUnderscores \
    "${protos[@]}"

# Only rpc.proto declares services; client stubs only.
protoc -I "$proto_root" \
    --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
    --grpc-swift-2_out="$out_dir" \
    --grpc-swift-2_opt=Visibility=Public \
    --grpc-swift-2_opt=Client=true \
    --grpc-swift-2_opt=Server=false \
    --grpc-swift-2_opt=FileNaming=PathToUnderscores \
    etcdserverpb/rpc.proto

ls -1 "$out_dir"
echo "==> done"
