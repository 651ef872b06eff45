import FuzzDriver
import Foundation

// libFuzzer runs `fuzzPercentEncoding` (this target's `LLVMFuzzerTestOneInput`) with the command line's options.
exit(FuzzDriverRun(CommandLine.argc, CommandLine.unsafeArgv, fuzzPercentEncoding))
