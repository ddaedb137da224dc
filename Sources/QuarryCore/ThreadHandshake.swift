public import Foundation

extension NSCondition {
    /// The handshake for stopping a thread that waits on this condition: under the lock, `request`
    /// sets what the thread looks for (a stop flag), every waiter is woken, and the caller waits
    /// until `done` (the thread has said it is gone).
    public func broadcastAndWait(after request: () -> Void, until done: () -> Bool) {
        lock()
        request()
        broadcast()
        while !done() { wait() }
        unlock()
    }
}
