import Foundation

// SIGPIPE would end the process when a peer closes a socket mid-write; EPIPE is handled instead.
signal(SIGPIPE, SIG_IGN)

let status = await CommandLineInterface.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
