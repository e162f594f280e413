import CommandLanguage
import Metrics
import TensorCore
import TextFormatting
import Training

/// Turns `TrainingEvent`s into output: a transient progress bar per epoch on a terminal, and always
/// one plain line per epoch. Durations and rates go through Volatile.swift so transcripts mask them.
final class TrainingPrinter {
  private let out: CommandOutput
  private let languageModel: Bool
  private let gradual: Bool
  private let clock = ContinuousClock()
  private var epochStart: ContinuousClock.Instant
  private var lastDraw: ContinuousClock.Instant
  private var steps = 0
  private var step = 0
  private var epoch = (current: 0, total: 0)
  private var groups = (trainable: 0, total: 0)
  private var restored: Int?
  private var divergence = DivergenceWatch()
  private let learningRate: String?

  /// `learningRate` is the `lr=` as typed, quoted by the divergence warning.
  init(out: CommandOutput, languageModel: Bool, gradual: Bool, learningRate: String? = nil) {
    self.out = out
    self.learningRate = learningRate
    self.languageModel = languageModel
    self.gradual = gradual
    epochStart = clock.now
    lastDraw = clock.now
  }

  func handle(_ event: TrainingEvent) {
    switch event {
    case .epochStarted(let current, let total, let steps, let trainable):
      epochStart = clock.now
      epoch = (current, total)
      self.steps = steps
      groups.trainable = trainable
    case .step(let p):
      step = p.step
      divergence.observe(step: p.loss)
      if out.showsProgress && (clock.now - lastDraw > .milliseconds(100) || p.step == p.steps) {
        lastDraw = clock.now
        out.progress(bar(p))
      }
    case .epochEnded(let record, let tokens):
      out.event(epochEvent(record, tokens: tokens), text: epochLine(record, tokens: tokens))
      if let warning = divergence.warning(epochLoss: record.trainLoss, learningRate: learningRate) {
        out.warning(warning)
      }
    case .restoredBest(let epoch):
      restored = epoch
    case .stopped:
      break
    }
  }

  private var elapsed: Double {
    let d = clock.now - epochStart
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// The progress line, one column narrower than the output so it never wraps: the bar shrinks
  /// (from 20 cells down to none) before anything is cut.
  private func bar(_ p: StepProgress) -> String {
    let seconds = max(elapsed, 1e-9)
    let eta = seconds / Double(p.step) * Double(p.steps - p.step)
    let head = "epoch \(p.epoch)/\(p.epochs) "
    let tail =
      "\(p.step)/\(p.steps)  loss \(decimal(p.loss))  acc \(decimal(p.accuracy))  "
      + "\(formatRate(Double(p.tokens) / seconds, unit: "tok"))  ETA \(formatSeconds(eta))"
    let room = out.width - 1 - head.count - tail.count - 1
    let cells = min(20, room)
    guard cells >= 5 else { return String((head + tail).prefix(out.width - 1)) }
    let done = p.steps > 0 ? p.step * cells / p.steps : cells
    return head + String(repeating: "█", count: done) + String(repeating: "░", count: cells - done) + " " + tail
  }

  private func epochLine(_ r: EpochRecord, tokens: Int) -> String {
    let seconds = max(elapsed, 1e-9)
    var parts = ["epoch \(epoch.current)/\(epoch.total)" + (r.partial ? " (partial, \(step)/\(steps) steps)" : "")]
    parts.append("loss \(decimal(r.trainLoss))")
    if languageModel { parts.append("ppl \(decimal(r.trainPerplexity, 1))") }
    parts.append("acc \(decimal(r.trainAccuracy))")
    if let v = r.validationLoss { parts.append("val_loss \(decimal(v))") }
    if languageModel, let v = r.validationPerplexity { parts.append("val_ppl \(decimal(v, 1))") }
    if let v = r.validationAccuracy { parts.append("val_acc \(decimal(v))") }
    if gradual { parts.append("groups \(groups.trainable)") }
    parts.append(formatRate(Double(tokens) / seconds, unit: "tok"))
    parts.append(formatSeconds(seconds))
    return parts.joined(separator: "  ")
  }

  /// One epoch as a JSON event (`format json`): the numbers of the epoch line, typed, plus the
  /// rate and time in the forms transcripts mask.
  private func epochEvent(_ r: EpochRecord, tokens: Int) -> JSONValue {
    let seconds = max(elapsed, 1e-9)
    let number = { (x: Double?, digits: Int) in x.map { JSONValue.decimal(decimal($0, digits)) } ?? .null }
    var members: [(String, JSONValue)] = [
      ("event", .string("epoch")), ("epoch", .number("\(epoch.current)")), ("epochs", .number("\(epoch.total)")),
      ("partial", .bool(r.partial)), ("loss", number(r.trainLoss, 3)), ("acc", number(r.trainAccuracy, 3)),
      ("val_loss", number(r.validationLoss, 3)), ("val_acc", number(r.validationAccuracy, 3)),
    ]
    if r.partial { members.append(("steps_done", .number("\(step)"))) }
    if languageModel {
      members += [("ppl", number(r.trainPerplexity, 1)), ("val_ppl", number(r.validationPerplexity, 1))]
    }
    if gradual { members.append(("groups", .number("\(groups.trainable)"))) }
    members += [
      ("rate", .string(formatRate(Double(tokens) / seconds, unit: "tok"))), ("time", .string(formatSeconds(seconds))),
    ]
    return .object(members)
  }

  /// The closing lines for how training stopped; an interruption or divergence is rethrown so the
  /// command's status says so (the model keeps the weights described).
  func finish(_ stop: TrainingStop) throws {
    switch stop {
    case .completed:
      if let restored { out.line("restored the weights of epoch \(restored) (best val_loss)") }
    case .earlyStopped(let best):
      out.line(
        "early stopping: val_loss did not improve; restored the weights of epoch \(restored ?? best) (best val_loss)")
    case .diverged(let epoch, let step):
      throw ReplError(
        "the loss became NaN or infinite at epoch \(epoch) step \(step); restored the weights of the last good step (try a lower lr= or clip=1)"
      )
    case .interrupted(let epoch, let step):
      let kept = restored.map { "the best weights so far (epoch \($0))" } ?? "the weights of the last completed step"
      out.line("interrupted at epoch \(epoch) step \(step)/\(steps): the model keeps \(kept)")
      throw CancelledError()
    }
  }
}
