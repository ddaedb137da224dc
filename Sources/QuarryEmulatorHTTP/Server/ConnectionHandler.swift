import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits after the HTTP/1 decoder. Answers `Expect: 100-continue` at once (botocore waits a
/// second for it before sending a body otherwise), and closes a share of connections without
/// answering (`--drop-rate`): half of them as soon as the request head arrives, the other half of
/// those that carry a body mid-request, after the head has reached the server and the first part of
/// the body has been read (an upload cut off part-way). A dropped request never takes effect.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let dropRate: Double
    private let dice: FaultDice
    private var dropping = false
    /// Drop this request after its head was passed on, at its first body part or its end.
    private var dropMidRequest = false

    init(dropRate: Double, dice: FaultDice) {
        self.dropRate = dropRate
        self.dice = dice
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if dropping { return }
        let part = unwrapInboundIn(data)
        guard case .head(var head) = part else {
            if dropMidRequest {
                dropping = true
                context.close(promise: nil)
                return
            }
            context.fireChannelRead(data)
            return
        }
        if dice.happens(rate: dropRate, purpose: 3) {
            let hasBody = (head.headerFields[.contentLength].flatMap { Int($0) } ?? 0) > 0 || head.headerFields[.transferEncoding] != nil
            if hasBody && dice.happens(rate: 0.5, purpose: 4) {
                dropMidRequest = true
            } else {
                dropping = true
                context.close(promise: nil)
                return
            }
        }
        if let expect = head.headerFields[.expect], expect.lowercased() == "100-continue" {
            head.headerFields[.expect] = nil
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            context.fireChannelRead(wrapInboundOut(.head(head)))
            return
        }
        context.fireChannelRead(data)
    }
}
