// swift-tools-version:5.9
// The megacrypt Swift package: the generated bindings (Sources/MegaCrypt) over the static library
// in megacryptFFI.xcframework. build-xcframework.sh (on a Mac) builds both; neither is committed.
import PackageDescription

let package = Package(
    name: "MegaCrypt",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "MegaCrypt", targets: ["MegaCrypt"]),
    ],
    targets: [
        .binaryTarget(name: "megacryptFFI", path: "megacryptFFI.xcframework"),
        .target(name: "MegaCrypt", dependencies: ["megacryptFFI"], path: "Sources/MegaCrypt"),
    ]
)
