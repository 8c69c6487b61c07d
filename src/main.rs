//! The `journeymap` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    journeymap::cli::main()
}
