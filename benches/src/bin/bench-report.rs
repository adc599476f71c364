//! Prints the figures of the last `cargo bench` run as operations per second, with the
//! harmonic mixes `peers.md` defines (F01–F09 parse mix: `9 / Σ 1/rate_i`).
//!
//! `cargo run -p scim-benches --bin bench-report [CRITERION_DIR]`, from the checkout's root:
//! the folder is `$CARGO_TARGET_DIR/criterion` when that is set, else `target/criterion`.

use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(default_dir);
    let report = scim_benches::Report::read(&dir);
    if report.is_empty() {
        eprintln!(
            "no criterion results under {}; run `cargo bench` first",
            dir.display()
        );
        std::process::exit(1);
    }
    print!("{report}");
}

/// Where `cargo bench` run from the checkout's root writes criterion's results.
fn default_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        .join("criterion")
}
