import Testing
import TextFormatting
import Transcripts

@Suite struct VolatileMaskTests {
  let mask = VolatileMask(workingDirectory: "/home/ann/project")

  @Test func durationsBecomeTime() {
    #expect(mask.mask("epoch 1/3  loss 0.683  \(formatSeconds(0.42))") == "epoch 1/3  loss 0.683  [TIME]")
    #expect(mask.mask("took \(formatSeconds(125))") == "took [TIME]")
    #expect(mask.mask("eta \(formatSeconds(12.34))") == "eta [TIME]")
  }

  @Test func ratesBecomeRate() {
    #expect(mask.mask("speed \(formatRate(12_345, unit: "tok"))") == "speed [RATE]")
    #expect(
      mask.mask("\(formatRate(850, unit: "ex")) and \(formatRate(1_430_000, unit: "pairs"))") == "[RATE] and [RATE]")
  }

  @Test func datesBecomeDate() {
    #expect(mask.mask("saved 2026-11-21 07:30:12") == "saved [DATE]")
    #expect(mask.mask("on 2026-11-21T07:30:12Z.") == "on [DATE].")
  }

  @Test func pathsOutsideTheFolderAreMaskedInsideMadeRelative() {
    #expect(mask.mask("read /tmp/x/data.txt: 3 lines") == "read [PATH]: 3 lines")
    #expect(mask.mask("read /home/ann/project/data/a.txt") == "read data/a.txt")
    #expect(mask.mask("file '/etc/passwd'") == "file '[PATH]'")
  }

  @Test func ordinaryTextIsUntouched() {
    let line = "labels neg 500 / pos 500, 14.4 words on average, accuracy 0.81, 3s"
    #expect(mask.mask(line) == line)
    #expect(mask.mask("epoch 2/5") == "epoch 2/5")
  }

  @Test func formattersPrintTheMaskableForms() {
    #expect(formatSeconds(0.42) == "0.42s")
    #expect(formatSeconds(12.34) == "12.3s")
    #expect(formatSeconds(125) == "2m05s")
    #expect(formatRate(12_345, unit: "tok") == "12.3k tok/s")
    #expect(formatRate(850, unit: "ex") == "850 ex/s")
    #expect(formatRate(1_430_000, unit: "pairs") == "1.43M pairs/s")
  }
}
