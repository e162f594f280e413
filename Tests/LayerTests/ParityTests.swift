import LayerKit
import Testing

/// Parity with PyTorch: every committed fixture is run through the one generic runner.
@Suite struct ParityTests {
  /// Fixtures whose layer type is implemented in this build (placeholders are skipped and counted
  /// by `everyFixtureHasARegisteredType`).
  static let implemented: [String] = ParityFixture.names().filter { name in
    guard let fixture = try? ParityFixture.load(name), let type = LayerTestSupport.registry[fixture.type] else {
      return true
    }
    return !type.summary.contains("not implemented")
  }

  @Test(arguments: implemented)
  func matchesPyTorch(_ name: String) throws {
    let fixture = try ParityFixture.load(name)
    let problems = try ParityRunner.run(fixture)
    #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
  }

  @Test func everyFixtureHasARegisteredType() throws {
    let names = ParityFixture.names()
    #expect(names.count >= 20)
    for name in names {
      let fixture = try ParityFixture.load(name)
      #expect(LayerTestSupport.registry[fixture.type] != nil, "\(name): unknown type \(fixture.type)")
    }
  }

  /// The runner must notice a wrong parameter gradient.
  @Test func runnerCatchesAMismatch() throws {
    var fixture = try ParityFixture.load("dense_vector_tanh")
    fixture.gradParameters["bias"]?.values[0] += 0.01
    #expect(!(try ParityRunner.run(fixture)).isEmpty)
  }
}
