import ReplEngine

let session = Session()
while let line = readLine() {
  let result = session.execute(line)
  print(result.output, terminator: "")
  if result.status == .quit { break }
}
