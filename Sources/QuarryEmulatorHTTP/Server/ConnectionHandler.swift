import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits after the HTTP/1 decoder. Answers `Expect: 100-continue` at once (botocore waits a
/// second for it before sending a body otherwise), and closes a share of connections without
/// answering (`--drop-rate`).
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let dropRate: Double
    private let dice: FaultDice
    private var dropping = false

    init(dropRate: Double, dice: FaultDice) {
        self.dropRate = dropRate
        self.dice = dice
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if dropping { return }
        let part = unwrapInboundIn(data)
        guard case .head(var head) = part else {
            context.fireChannelRead(data)
            return
        }
        if dice.happens(rate: dropRate, purpose: 3) {
            dropping = true
            context.close(promise: nil)
            return
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
