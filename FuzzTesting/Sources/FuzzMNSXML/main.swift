import FuzzDriver
import Foundation

// libFuzzer runs `fuzzMNSXML` (this target's `LLVMFuzzerTestOneInput`) with the command line's options.
exit(FuzzDriverRun(CommandLine.argc, CommandLine.unsafeArgv, fuzzMNSXML))
