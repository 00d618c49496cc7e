// swift-tools-version:5.9
// The megacrypt Swift package: the generated bindings (Sources/MegaCrypt) over the C module
// megacryptFFI. Neither is committed: they are generated from the Rust library.
//
// - Apple platforms: megacryptFFI is the static library in megacryptFFI.xcframework;
//   build-xcframework.sh (on a Mac) builds both it and the sources.
// - Linux: megacryptFFI is a system library (the generated header and module map in
//   Sources/megacryptFFI/include) over the shared library libmegacrypt_ffi.so, which the linker
//   finds through `-Xlinker -L<dir>` (test-linux.sh builds, stages and tests it all).
import PackageDescription

#if os(Linux)
let ffi: Target = .systemLibrary(name: "megacryptFFI", path: "Sources/megacryptFFI/include")
let ffiLink: [LinkerSetting] = [.linkedLibrary("megacrypt_ffi")]
#else
let ffi: Target = .binaryTarget(name: "megacryptFFI", path: "megacryptFFI.xcframework")
let ffiLink: [LinkerSetting] = []
#endif

let package = Package(
    name: "MegaCrypt",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "MegaCrypt", targets: ["MegaCrypt"]),
    ],
    targets: [
        ffi,
        .target(name: "MegaCrypt", dependencies: ["megacryptFFI"], path: "Sources/MegaCrypt", linkerSettings: ffiLink),
        // The vector files are read at run time from $MEGACRYPT_VECTORS_DIR (default: this
        // checkout's core/tests/data), not bundled.
        .testTarget(name: "MegaCryptTests", dependencies: ["MegaCrypt"], path: "Tests/MegaCryptTests"),
    ]
)
