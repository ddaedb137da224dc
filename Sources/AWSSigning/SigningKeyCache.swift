import Crypto
import Foundation

/// Remembers the last derived signing key (HMAC chain of date, region, service) for one signer,
/// as an HMAC already keyed with it (copying it skips the key setup).
///
/// The key changes once a day, so on a hot path nearly every signature reuses it and costs
/// two SHA-256 passes instead of six.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var day = Int.min
    private var mac: HMAC<SHA256>?

    func mac(day: Int, derive: () -> SymmetricKey) -> HMAC<SHA256> {
        lock.lock()
        if self.day == day, let mac {
            lock.unlock()
            return mac
        }
        lock.unlock()
        let derived = HMAC<SHA256>(key: derive())
        lock.lock()
        self.day = day
        self.mac = derived
        lock.unlock()
        return derived
    }
}
