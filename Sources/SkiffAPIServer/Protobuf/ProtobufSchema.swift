import Foundation
import SwiftProtobuf

/// The message types of a protobuf descriptor set, reduced to what the wire decoder needs: per
/// message, its fields by number (name, scalar kind or message type, repeated) and whether it is a
/// map entry. Built from a `google.protobuf.FileDescriptorSet` (parsed with SwiftProtobuf's
/// descriptor types); `k8s` is the Kubernetes one carried by the binary (`K8sDescriptorData`,
/// written by scripts/generate-k8s-descriptors.sh).
struct ProtobufSchema: Sendable {
    /// A field's protobuf type (`FieldDescriptorProto.Type`).
    enum Kind: Sendable, Equatable {
        case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message
        case bytes, uint32, enumeration, sfixed32, sfixed64, sint32, sint64

        /// Varint, 64-bit and 32-bit scalars: the kinds a repeated field may carry packed.
        var isPackable: Bool {
            switch self {
            case .string, .bytes, .message, .group: return false
            default: return true
            }
        }
    }

    struct Field: Sendable {
        var name: String
        var number: Int
        var kind: Kind
        var isRepeated: Bool
        /// Full name of the message type without the leading dot, for `.message` fields.
        var typeName: String
    }

    struct Message: Sendable {
        var fullName: String
        var fields: [Int: Field]
        var isMapEntry: Bool
    }

    /// Messages by full name without the leading dot (`k8s.io.api.core.v1.ConfigMap`).
    var messages: [String: Message]

    /// The Kubernetes API messages; nil when the stored descriptor set cannot be read (zlib
    /// missing or data corrupt), which the body decoder reports as an error.
    static let k8s: ProtobufSchema? = {
        guard let compressed = Data(base64Encoded: K8sDescriptorData.compressed, options: .ignoreUnknownCharacters),
              let bytes = Zlib.uncompress(Array(compressed), size: K8sDescriptorData.size) else { return nil }
        return try? ProtobufSchema(descriptorSet: bytes)
    }()

    init(descriptorSet bytes: [UInt8]) throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        var messages: [String: Message] = [:]
        for file in set.file {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType {
                ProtobufSchema.add(message, prefix: prefix, into: &messages)
            }
        }
        self.messages = messages
    }

    init(messages: [String: Message]) {
        self.messages = messages
    }

    private static func add(_ descriptor: Google_Protobuf_DescriptorProto, prefix: String, into messages: inout [String: Message]) {
        let fullName = prefix + descriptor.name
        var fields: [Int: Field] = [:]
        for field in descriptor.field {
            let typeName = field.typeName.hasPrefix(".") ? String(field.typeName.dropFirst()) : field.typeName
            fields[Int(field.number)] = Field(
                name: field.name, number: Int(field.number), kind: kind(of: field.type),
                isRepeated: field.label == .repeated, typeName: typeName)
        }
        messages[fullName] = Message(fullName: fullName, fields: fields, isMapEntry: descriptor.options.mapEntry)
        for nested in descriptor.nestedType {
            add(nested, prefix: fullName + ".", into: &messages)
        }
    }

    private static func kind(of type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> Kind {
        switch type {
        case .double: return .double
        case .float: return .float
        case .int64: return .int64
        case .uint64: return .uint64
        case .int32: return .int32
        case .fixed64: return .fixed64
        case .fixed32: return .fixed32
        case .bool: return .bool
        case .string: return .string
        case .group: return .group
        case .message: return .message
        case .bytes: return .bytes
        case .uint32: return .uint32
        case .enum: return .enumeration
        case .sfixed32: return .sfixed32
        case .sfixed64: return .sfixed64
        case .sint32: return .sint32
        case .sint64: return .sint64
        @unknown default: return .bytes
        }
    }
}
