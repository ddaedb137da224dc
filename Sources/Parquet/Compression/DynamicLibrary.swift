#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened at run time with `dlopen`, so the build never requires it.
final class DynamicLibrary: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// Opens the first library of `names` that loads.
    init?(names: [String]) {
        for name in names {
            if let h = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                handle = h
                return
            }
        }
        return nil
    }

    /// Looks up a C function and casts it to `type`.
    func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let sym = dlsym(handle, name) else { return nil }
        return unsafeBitCast(sym, to: type)
    }
}
