import NIOCore

/// Answers the server's HTTP/2 PING frames on the raw byte stream, before SwiftNIO's HTTP/2 handler
/// sees them. Installed first in every etcd connection's pipeline (plaintext only).
///
/// Why: etcd's gRPC server (grpc-go) estimates bandwidth-delay product by sending a PING whenever it
/// receives data and has no PING outstanding, i.e. about one PING per request under steady load.
/// swift-nio-http2 (1.46) closes a connection that receives more than 200 PING/SETTINGS frames in
/// 30 seconds (`ExcessiveControlFrames`), and grpc-swift-nio-transport 2.9 offers no way to raise
/// that limit. Left alone, every ~200 requests the client tore down its etcd connection and the
/// calls in flight failed with "Stream unexpectedly closed".
///
/// This handler removes non-ACK PINGs from the inbound bytes and writes the PING ACK itself (same
/// 8-byte payload, as RFC 9113 § 6.7 requires), so grpc-go's estimator and keepalive work as
/// before and NIO never counts them. Everything else, including ACKs of Skiff's own keepalive
/// PINGs, passes through unchanged. Frames are recognised by their 9-byte header; a PING split
/// across reads is held until complete. Remove this once the transport exposes the rate limit.
final class HTTP2PingResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let headerLength = 9
    private static let pingType: UInt8 = 0x6
    private static let ackFlag: UInt8 = 0x1
    private static let pingPayloadLength = 8

    /// Bytes of the current frame still to pass through untouched.
    private var passthrough = 0
    /// An incomplete frame header or PING frame, waiting for the rest of its bytes.
    private var pending: ByteBuffer?

    /// PINGs answered so far (for tests and debugging).
    private(set) var answered = 0

    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var input = unwrapInboundIn(data)
        if var held = pending {
            pending = nil
            held.writeBuffer(&input)
            input = held
        }

        // Walk the frames with a cursor; ByteBuffer only reads at or after its reader index.
        let end = input.writerIndex
        var cursor = input.readerIndex
        var forwardStart = cursor
        var wroteAck = false
        while cursor < end {
            if passthrough > 0 {
                let count = min(passthrough, end - cursor)
                cursor += count
                passthrough -= count
                continue
            }
            guard end - cursor >= Self.headerLength,
                let lengthHigh = input.getInteger(at: cursor, as: UInt8.self),
                let lengthLow = input.getInteger(at: cursor + 1, as: UInt16.self),
                let type = input.getInteger(at: cursor + 3, as: UInt8.self),
                let flags = input.getInteger(at: cursor + 4, as: UInt8.self),
                let stream = input.getInteger(at: cursor + 5, as: UInt32.self)
            else { break }  // partial header: wait for more
            let length = Int(lengthHigh) << 16 | Int(lengthLow)
            let isPingRequest = type == Self.pingType && flags & Self.ackFlag == 0
                && length == Self.pingPayloadLength && stream & 0x7FFF_FFFF == 0
            guard isPingRequest else {
                passthrough = Self.headerLength + length
                continue
            }
            guard end - cursor >= Self.headerLength + length,
                let payload = input.getSlice(at: cursor + Self.headerLength, length: length)
            else { break }  // partial PING: wait for more

            // Pass on what precedes the PING, then answer it.
            forward(input, from: forwardStart, to: cursor, context: context)
            var ack = context.channel.allocator.buffer(capacity: Self.headerLength + length)
            ack.writeInteger(UInt8(0))
            ack.writeInteger(UInt16(length))
            ack.writeInteger(Self.pingType)
            ack.writeInteger(Self.ackFlag)
            ack.writeInteger(UInt32(0))
            ack.writeImmutableBuffer(payload)
            context.write(wrapOutboundOut(ack), promise: nil)
            wroteAck = true
            answered += 1
            cursor += Self.headerLength + length
            forwardStart = cursor
        }
        forward(input, from: forwardStart, to: cursor, context: context)
        if cursor < end { pending = input.getSlice(at: cursor, length: end - cursor) }
        if wroteAck { context.flush() }
    }

    private func forward(_ buffer: ByteBuffer, from start: Int, to end: Int, context: ChannelHandlerContext) {
        guard end > start, let slice = buffer.getSlice(at: start, length: end - start) else { return }
        context.fireChannelRead(wrapInboundOut(slice))
    }
}
