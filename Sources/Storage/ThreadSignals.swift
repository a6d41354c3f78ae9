import Foundation

/// Keeps the process's stop and reload signals away from the agent's own threads.
///
/// The agent receives SIGINT, SIGTERM and SIGHUP through Dispatch signal sources, which only
/// see a signal that no other thread takes first; the signals' disposition is "ignore", so a
/// thread that can receive one swallows it. A thread inherits the signal mask of the thread that
/// starts it — the main thread's, which lets everything through, for a thread started early — so
/// every thread of the agent's own calls this first.
public enum ThreadSignals {
    /// Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 on the calling thread.
    public static func blockProcessSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}
