//! The `journeymap` binary: everything lives in the library's `cli` module.

/// Tessellation allocates a lot; mimalloc is much faster at it than the
/// system allocator (README, "Speed", has the measured figure).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    journeymap::cli::main()
}
