@main
struct BenchPlaceholder {
    static func main() {}
}
