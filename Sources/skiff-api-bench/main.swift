import Foundation

// API server benchmark helpers (not a test; scripts/bench/api-watch-bench.sh and
// scripts/bench/api-bare-route-compare.sh drive them):
//   skiff-api-bench bare-route --port P
//       the scale baseline: one Hummingbird 2 POST route that decodes a ConfigMap-shaped body
//       with Foundation's JSONDecoder, re-encodes it with JSONEncoder and answers 201.
//   skiff-api-bench watch --server URL [--token-file F] [--watchers 100] [--rate 200]
//                         [--seconds 10] [--runs 3]
//       watch delivery latency through HTTP: N watches on configmaps in `default`, creates at a
//       steady rate (open loop); per (event, watcher) the time from just before the create was
//       sent to the watcher reading the event line.

let arguments = Array(CommandLine.arguments.dropFirst())
let options = CommandLineOptions(arguments.dropFirst())

switch arguments.first {
case "bare-route":
    try await BareRoute.run(port: options.int("port", default: 8080))
case "watch":
    let token = try options.string("token-file").map {
        try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let bench = WatchDeliveryBench(serverURL: options.string("server") ?? "http://127.0.0.1:6443", token: token,
                                   watchers: options.int("watchers", default: 100), rate: options.int("rate", default: 200),
                                   seconds: options.int("seconds", default: 10))
    try await bench.run(runs: options.int("runs", default: 3))
default:
    FileHandle.standardError.write(Data("usage: skiff-api-bench bare-route --port P | watch --server URL [--token-file F] [--watchers N] [--rate R] [--seconds S] [--runs K]\n".utf8))
    exit(2)
}
