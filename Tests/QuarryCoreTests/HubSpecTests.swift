import Foundation
import Testing
@testable import QuarryCore

/// `input:` naming a Hugging Face dataset split, and the AWS sample's `dataset_id` + `split`.
@Suite struct HubSpecTests {
    func parse(_ text: String) throws(QuarryError) -> RunSpec { try SpecText.parse(text) }
    func problems(_ text: String) -> String { SpecText.problems(text) }

    let tail = "model: anthropic.claude-3-haiku-20240307-v1:0\ntemplate: \"{source}\"\n"

    @Test func mappingInputNamesTheDatasetSplit() throws {
        let spec = try parse("name: cot\ninput: {huggingface: w601sxs/simpleCoT, split: test, config: main, revision: v1.0}\n" + tail)
        #expect(spec.huggingface == HubDatasetRef(repo: "w601sxs/simpleCoT", config: "main", split: "test", revision: "v1.0"))
        #expect(spec.input == "hf://datasets/w601sxs/simpleCoT@v1.0/main/test")
    }

    @Test func mappingInputDefaultsToDefaultTrainMain() throws {
        let spec = try parse("name: cot\ninput:\n  huggingface: w601sxs/simpleCoT\n" + tail)
        #expect(spec.huggingface == HubDatasetRef(repo: "w601sxs/simpleCoT", config: "default", split: "train", revision: "main"))
    }

    @Test func theSamplesDatasetIdAndSplitAreAccepted() throws {
        let spec = try parse("""
            {"job_name_prefix": "cot", "dataset_id": "w601sxs/simpleCoT", "split": "train",
             "model_id": "anthropic.claude-3-haiku-20240307-v1:0", "template": "{source}"}
            """)
        #expect(spec.huggingface == HubDatasetRef(repo: "w601sxs/simpleCoT", split: "train"))
    }

    @Test func badHubInputsAreReportedWithTheirKeys() {
        #expect(problems("name: x\ninput: {huggingface: w601sxs/simpleCoT, spilt: train}\n" + tail).contains("`input.spilt`: unknown key (did you mean `split`?)"))
        #expect(problems("name: x\ninput: {split: train}\n" + tail).contains("`input.huggingface`: is required"))
        #expect(problems("name: x\ninput: {huggingface: \"a/b/c\"}\n" + tail).contains("is not a Hugging Face dataset id"))
        #expect(problems("name: x\ninput: {huggingface: a/b, split: \"../x\"}\n" + tail).contains("`input.split`"))
        #expect(problems("name: x\ninput: a.csv\ndataset_id: a/b\n" + tail).contains("give either `input:` or `dataset_id:`"))
        #expect(problems("name: x\ninput: a.csv\nsplit: train\n" + tail).contains("`split`: is only read together with `dataset_id:`"))
    }

    @Test func theIdentityUsesTheDatasetAndResolvedCommitNotTheCachePath() throws {
        var a = try parse("name: cot\ninput: {huggingface: o/d}\n" + tail)
        var b = a
        a.huggingface?.resolvedRevision = "1111111111111111111111111111111111111111"
        a.input = "/cache/one/snapshots/x/default/train"
        b.huggingface?.resolvedRevision = "1111111111111111111111111111111111111111"
        b.input = "/elsewhere/default/train"
        #expect(a.identityHash == b.identityHash)
        var c = b
        c.huggingface?.resolvedRevision = "2222222222222222222222222222222222222222"
        #expect(c.identityHash != b.identityHash)
        var d = b
        d.huggingface?.split = "test"
        #expect(d.identityHash != b.identityHash)
    }

    @Test(arguments: [("w601sxs/simpleCoT", true), ("squad", true), ("a/b/c", false), ("-a/b", false), ("a--b/c", false), ("a/b.", false), ("", false), ("a b/c", false)])
    func repoIdShape(_ repo: String, _ valid: Bool) {
        #expect(HubDatasetRef.isValidRepoId(repo) == valid)
    }
}
