import LayerKit
import Testing

/// Parity with PyTorch: every committed fixture is run through the one generic runner.
@Suite struct ParityTests {
  @Test(arguments: ParityFixture.names())
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

  @Test func everyBuiltinTypeHasAFixture() throws {
    let covered = Set(try ParityFixture.names().map { try ParityFixture.load($0).type })
    for type in LayerTestSupport.registry.types {
      #expect(covered.contains(type.name), "no PyTorch parity fixture for '\(type.name)'")
    }
  }

  /// The runner must notice a wrong parameter gradient.
  @Test func runnerCatchesAMismatch() throws {
    var fixture = try ParityFixture.load("dense_vector_tanh")
    fixture.gradParameters["bias"]?.values[0] += 0.01
    #expect(!(try ParityRunner.run(fixture)).isEmpty)
  }
}
