import QuarryCore

extension BedrockEmulator {
    /// Bedrock Runtime `InvokeModel` for the real-time lane: the same stand-in models as batch jobs,
    /// with the same faults raised as errors. `body` is the model's native request body (a batch
    /// record's `modelInput`); the answer is its native response body (a batch line's `modelOutput`).
    ///
    /// - Throws: `ValidationException` (unknown model, malformed body, or a permanent fault: "Input
    ///   is too long for requested model."), `ThrottlingException`, `InternalServerException` and
    ///   `ServiceUnavailableException` (injected retryable faults, rolled per call).
    public func invokeModel(modelId: String, body: [UInt8]) throws(EmulatorError) -> [UInt8] {
        try answer(modelId: modelId, body: body, converse: false)
    }

    /// Bedrock Runtime `Converse` (`POST /model/{modelId}/converse`) for text models: `body` is a
    /// Converse request, the answer a Converse response. Same stand-in models and faults as
    /// ``invokeModel(modelId:body:)``.
    public func converse(modelId: String, body: [UInt8]) throws(EmulatorError) -> [UInt8] {
        try answer(modelId: modelId, body: body, converse: true)
    }

    private func answer(modelId: String, body: [UInt8], converse: Bool) throws(EmulatorError) -> [UInt8] {
        try maybeThrottle(converse ? "Converse" : "InvokeModel")
        let resolved: ResolvedModel
        do { resolved = try ModelCatalog.resolve(modelId) } catch {
            throw .validation("The provided model identifier is invalid: \(error.description)")
        }
        if converse, resolved.adapter.kind != .text {
            throw .validation("The model \(modelId) does not support the Converse API.")
        }
        let adapter: any ModelAdapter = converse ? ConverseAdapter() : resolved.adapter
        guard let input = try? JSONValue.parse(body), input.kind == .object,
              let prompt = adapter.promptText(fromModelInput: input) else {
            throw .validation("Malformed input request, please reformat your input and try again.")
        }
        let faults = faultRules
        if let fault = faults.permanentFault(modelInput: input.rawBytes) {
            throw EmulatorError(fault.errorCode, fault.bareMessage)
        }
        if faults.recordErrorRate > 0 {
            let call = calls.withLock { c -> UInt64 in
                c += 1
                return c
            }
            if let fault = faults.retryableFault(scope: "invoke-\(call)", recordId: String(decoding: input.rawBytes, as: UTF8.self)) {
                throw EmulatorError(fault.errorCode, fault.bareMessage)
            }
        }
        let model = StandInModel(baseModelId: resolved.baseModelId, adapter: adapter)
        var w = JSONWriter(capacity: 1024)
        adapter.writeModelOutput(model.respond(prompt: prompt, modelInput: input), into: &w)
        return w.bytes
    }
}
