import LayerKit
import Testing
import TextData
import Training

@testable import Transfer

@Suite("Transfer plans")
struct TransferPlanTests {
  let sourceWords = ["good", "bad", "movie", "plot"]
  let targetWords = ["bad", "phone", "good", "battery", "plot"]

  @Test func planRowsShowCopiedRemappedSkippedAndInitial() throws {
    let source = try toyModel(words: sourceWords, outs: [3, 2])
    let target = try toyModel(words: targetWords, outs: [5, 2], seed: 2)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest(layers: ["embedding"]))
    let byKey = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.key, $0) })
    #expect(byKey["embedding.weight"]?.action == .remapped)
    #expect(byKey["dense.weight"]?.action == .skipped)
    #expect(byKey["dense.weight"]?.sourceShape == [3, 4])
    #expect(byKey["dense.weight"]?.targetShape == [5, 4])
    #expect(byKey["dense2.weight"]?.action == .skipped)
    #expect(byKey["dense2.weight"]?.sourceShape == [2, 3] && byKey["dense2.weight"]?.targetShape == [2, 5])
    #expect(plan.coverage?.found == 5)  // <pad>, <unk>, bad, good, plot
    #expect(plan.coverage?.total == 7)
    #expect(plan.coverageLine?.hasPrefix("vocabulary: found 5 of 7 target tokens in the source vocabulary") == true)
    #expect(plan.tableRows[1] == ["dense.weight", "skipped", "[3, 4]", "[5, 4]", "not in layers="])
  }

  @Test func extraTargetTensorsAreLeftAtTheirInitialValue() throws {
    let source = try toyModel(words: sourceWords, outs: [3])
    let target = try toyModel(words: sourceWords, outs: [3, 2], seed: 2)
    let plan = try TransferPlanner.plan(from: source, named: "a", to: target, named: "b", request: TransferRequest())
    let actions = plan.rows.map { "\($0.key)=\($0.action)" }
    #expect(
      actions == [
        "embedding.weight=copied", "dense.weight=copied", "dense.bias=copied", "dense2.weight=initial",
        "dense2.bias=initial",
      ])
  }

  @Test func mismatchIsAnErrorAndLeavesTheTargetUnchanged() throws {
    let source = try toyModel(words: sourceWords, outs: [3])
    let target = try toyModel(words: targetWords, outs: [2], seed: 2)
    let before = snapshot(target)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest())
    #expect(plan.rows.map(\.action) == [.remapped, .mismatch, .mismatch])
    #expect {
      try plan.apply(to: target)
    } throws: { error in
      let message = "\(error)"
      return message.contains("dense.weight") && message.contains("[3, 4]") && message.contains("[2, 4]")
        && message.contains("layers=embedding")
    }
    #expect(snapshot(target) == before)
    #expect(target.transferredFrom == nil)
  }

  @Test func remapCopiesRowsByTokenAndGivesUnknownTokensTheMeanRow() throws {
    let source = try toyModel(words: sourceWords, dim: 3, outs: [2])
    let target = try toyModel(words: targetWords, dim: 3, outs: [2], seed: 9)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest(layers: ["embedding"]))
    try plan.apply(to: target)
    let s = source.network.parameters[0].1.value.data
    let t = target.network.parameters[0].1.value.data
    func row(_ m: [Float], _ i: Int) -> [Float] { Array(m[(i * 3)..<(i * 3 + 3)]) }
    let sv = try #require(source.vocabulary)
    let tv = try #require(target.vocabulary)
    for word in ["good", "bad", "plot", "<unk>"] {
      #expect(row(t, Int(tv.id(word))) == row(s, Int(sv.id(word))))
    }
    #expect(row(t, 0) == [0, 0, 0])
    let rows = sv.count
    let mean = (0..<3).map { j in Float((0..<rows).reduce(0.0) { $0 + Double(s[$1 * 3 + j]) } / Double(rows)) }
    #expect(row(t, Int(tv.id("phone"))) == mean)
    #expect(row(t, Int(tv.id("battery"))) == mean)
    #expect(target.transferredFrom == "src")
  }

  @Test func languageModelOutputRowsAreRemapped() throws {
    let source = try toyModel(words: sourceWords, dim: 3, outs: [6])  // 6 = vocabulary size: an LM head
    let target = try toyModel(words: targetWords, dim: 3, outs: [7], seed: 3)
    let plan = try TransferPlanner.plan(from: source, named: "lm", to: target, named: "lm2", request: TransferRequest())
    #expect(plan.rows.map(\.action) == [.remapped, .remapped, .remapped])
    try plan.apply(to: target)
    let sv = try #require(source.vocabulary)
    let tv = try #require(target.vocabulary)
    let sb = source.network.parameters[2].1.value.data
    let tb = target.network.parameters[2].1.value.data
    #expect(tb[Int(tv.id("plot"))] == sb[Int(sv.id("plot"))])
  }

  @Test func freezeYesFreezesTransferredLayersAndDriftIsExactlyZeroForThem() throws {
    let source = try toyModel(words: sourceWords, outs: [3])
    let target = try toyModel(words: sourceWords, outs: [3], seed: 5)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst",
      request: TransferRequest(layers: ["embedding"], freeze: ["yes"]))
    try plan.apply(to: target)
    #expect(plan.freezeLayers == ["embedding"])
    let before = try Checkpoint.decode(Checkpoint.encode(target, registry: toyRegistry()), registry: toyRegistry())
    try trainStep(target, [[2, 3, 4], [5, 2]])
    let rows = try drift(before, target)
    #expect(rows.map(\.layer) == ["embedding", "dense"])
    #expect(rows[0].identical && rows[0].relativeChange == 0 && rows[0].frozen)
    #expect(!rows[1].identical && rows[1].relativeChange > 0)
  }

  @Test func freezeNamedLayers() throws {
    let source = try toyModel(words: sourceWords, outs: [3, 2])
    let target = try toyModel(words: sourceWords, outs: [3, 2], seed: 5)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest(freeze: ["embedding", "dense"]))
    try plan.apply(to: target)
    #expect(target.network.parameters.map(\.1.frozen) == [true, true, true, false, false])
    #expect(throws: TransferError.self) {
      try TransferPlanner.plan(
        from: source, named: "s", to: target, named: "d", request: TransferRequest(freeze: ["dense9"]))
    }
  }

  @Test func driftBetweenDifferentArchitecturesIsAnError() throws {
    let a = try toyModel(words: sourceWords, outs: [3])
    let b = try toyModel(words: sourceWords, outs: [2])
    #expect(throws: TransferError.self) { try drift(a, b) }
  }

  @Test func theShapeHintLeavesOutEveryMismatchingLayer() throws {
    let source = try toyModel(words: sourceWords, outs: [3, 2])
    let target = try toyModel(words: sourceWords, outs: [4, 5], seed: 2)
    let plan = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest())
    let problem = try #require(plan.problem)
    #expect("\(problem)".hasSuffix("; leave the layer out with layers=embedding"), "\(problem)")
    let followed = try TransferPlanner.plan(
      from: source, named: "src", to: target, named: "dst", request: TransferRequest(layers: ["embedding"]))
    #expect(followed.problem == nil, "following the hint works")
  }

  @Test func driftBetweenModelsThatDifferOnlyInVocabularyNamesTheShapes() throws {
    let a = try toyModel(words: sourceWords, outs: [2])
    let b = try toyModel(words: targetWords, outs: [2])
    do {
      _ = try drift(a, b, names: ("a", "b"))
      Issue.record("drift between different vocabularies should fail")
    } catch {
      let message = "\(error)"
      #expect(
        message.contains(
          "'a' and 'b' do not have the same architecture: layer embedding's weight is [6, 4] in one and [7, 4] in the other (the vocabularies differ)"
        ), "\(message)")
    }
  }

  @Test func badRequestsAreOneLineErrors() throws {
    let source = try toyModel(words: sourceWords, outs: [3])
    let target = try toyModel(words: targetWords, outs: [3], seed: 2)
    let noVocabulary = try toyModel(words: nil, outs: [3], seed: 2)
    func message(_ body: () throws -> Void) -> String {
      do { try body() } catch { return "\(error)" }
      return ""
    }
    #expect(
      message {
        _ = try TransferPlanner.plan(from: source, named: "a", to: source, named: "a", request: TransferRequest())
      }.contains("into itself"))
    #expect(
      message {
        _ = try TransferPlanner.plan(
          from: source, named: "a", to: target, named: "b", request: TransferRequest(layers: ["embeding"]))
      }.contains("did you mean 'embedding'"))
    #expect(
      message {
        _ = try TransferPlanner.plan(
          from: source, named: "a", to: noVocabulary, named: "c", request: TransferRequest(layers: ["embedding"]))
      }.contains("has no vocabulary"))
    let other = try toyModel(words: nil, outs: [3], registry: toyRegistry(withPlugin: true))
    let fancyOnly = try Network(
      spec: ModelSpec(layers: [LayerSpec(type: "fancy")]), registry: toyRegistry(withPlugin: true), input: .vector(3),
      seed: 1)
    let fancy = TextModel(network: fancyOnly, vocabulary: nil, seed: 1)
    #expect(
      message {
        _ = try TransferPlanner.plan(from: fancy, named: "f", to: other, named: "c", request: TransferRequest())
      }.contains("no matching layers"))
    #expect(
      message {
        _ = try TransferPlanner.plan(
          from: source, named: "a", to: target, named: "b", request: TransferRequest(targetLayer: "lstm"))
      }.contains("has no layer 'lstm'"))
    for line in [
      message {
        _ = try TransferPlanner.plan(from: source, named: "a", to: source, named: "a", request: TransferRequest())
      }
    ] {
      #expect(!line.contains("\n"))
    }
  }

  @Test func negativeTransferIsFlaggedOnlyWhenSignificant() throws {
    let scratch = try toyModel(words: sourceWords, outs: [3])
    let tuned = try toyModel(words: sourceWords, outs: [3], seed: 3)
    tuned.transferredFrom = "lm"
    /// Correct on the first `k` of 100 examples.
    func firsts(_ k: Int) -> [Bool] { (0..<100).map { $0 < k } }
    let base = ComparedModel(name: "base", model: scratch, accuracy: 0.80, correct: firsts(80))
    // 20 discordant pairs, all for the twin: p = 2·0.5^20.
    let worse = negativeTransferNotes([
      ComparedModel(name: "ft", model: tuned, accuracy: 0.60, correct: firsts(60)), base,
    ])
    #expect(
      worse == [
        "negative transfer: 'ft' (transferred from 'lm') is below its from-scratch twin 'base' (60.0% vs 80.0%, p<0.001)"
      ])
    // One discordant pair: p = 1, reported but not flagged.
    let close = negativeTransferNotes([
      ComparedModel(name: "ft", model: tuned, accuracy: 0.79, correct: firsts(79)), base,
    ])
    #expect(
      close == [
        "'ft' (transferred from 'lm') is below its from-scratch twin 'base' (79.0% vs 80.0%, p=1.000), but not significantly: no evidence of negative transfer"
      ])
    let better = negativeTransferNotes([
      ComparedModel(name: "ft", model: tuned, accuracy: 0.81, correct: firsts(81)), base,
    ])
    #expect(better.isEmpty)
  }
}
