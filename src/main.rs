//! The `plugin` binary: everything lives in the library; see `plugin::main`.

fn main() -> std::process::ExitCode {
    plugin::main(std::env::args_os())
}
