/// On-demand prices per million tokens; batch jobs cost `batchDiscount` of these.
public struct PriceTable: Sendable {
    /// Price of one model (USD per 1M tokens, on demand).
    public struct Price: Sendable, Equatable {
        /// Input tokens.
        public var input: Double
        /// Output tokens.
        public var output: Double
        /// Creates a price.
        public init(input: Double, output: Double) { self.input = input; self.output = output }
    }

    /// Prices by base-model id prefix; the longest matching prefix wins.
    public var prices: [String: Price]
    /// The batch price as a fraction of on-demand.
    public var batchDiscount: Double = 0.5

    /// Creates a table.
    public init(prices: [String: Price], batchDiscount: Double = 0.5) {
        self.prices = prices
        self.batchDiscount = batchDiscount
    }

    /// The shipped table: Bedrock list prices, us-east-1, standard endpoints (see docs/pricing.md).
    public static let shipped = PriceTable(prices: [
        "anthropic.claude-3-haiku": Price(input: 0.25, output: 1.25),
        "anthropic.claude-3-5-haiku": Price(input: 0.80, output: 4.00),
        "anthropic.claude-haiku-4-5": Price(input: 1.00, output: 5.00),
        "anthropic.claude-3-5-sonnet": Price(input: 3.00, output: 15.00),
        "anthropic.claude-3-7-sonnet": Price(input: 3.00, output: 15.00),
        "anthropic.claude-sonnet-4": Price(input: 3.00, output: 15.00),
        "amazon.titan-embed-text-v2": Price(input: 0.02, output: 0),
        "amazon.nova-micro": Price(input: 0.035, output: 0.14),
        "amazon.nova-lite": Price(input: 0.06, output: 0.24),
        "amazon.nova-pro": Price(input: 0.80, output: 3.20),
        "meta.llama3-1-8b": Price(input: 0.22, output: 0.22),
        "meta.llama3-1-70b": Price(input: 0.72, output: 0.72),
        "meta.llama3-3-70b": Price(input: 0.72, output: 0.72),
    ])

    /// The on-demand price of a model, if known.
    public func price(forBaseModel id: String) -> Price? {
        prices.filter { id.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?.value
    }

    /// Estimated cost in USD of a batch run's tokens (nil when the model's price is unknown).
    public func batchCost(baseModel: String, inputTokens: Int, outputTokens: Int) -> Double? {
        guard let p = price(forBaseModel: baseModel) else { return nil }
        return (Double(inputTokens) * p.input + Double(outputTokens) * p.output) / 1_000_000 * batchDiscount
    }

    /// Estimated cost in USD of on-demand tokens (the real-time lane).
    public func onDemandCost(baseModel: String, inputTokens: Int, outputTokens: Int) -> Double? {
        guard let p = price(forBaseModel: baseModel) else { return nil }
        return (Double(inputTokens) * p.input + Double(outputTokens) * p.output) / 1_000_000
    }
}
