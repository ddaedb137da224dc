import Crypto
import Foundation

/// Remembers the last derived signing key (HMAC chain of date, region, service) for one signer.
///
/// The key changes once a day, so on a hot path nearly every signature reuses it and costs
/// two SHA-256 passes instead of six.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var day = Int.min
    private var key: SymmetricKey?

    func key(day: Int, derive: () -> SymmetricKey) -> SymmetricKey {
        lock.lock()
        if self.day == day, let key {
            lock.unlock()
            return key
        }
        lock.unlock()
        let derived = derive()
        lock.lock()
        self.day = day
        self.key = derived
        lock.unlock()
        return derived
    }
}
