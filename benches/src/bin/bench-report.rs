//! Prints the figures of the last `cargo bench` run as operations per second, with the
//! harmonic mixes `peers.md` defines (F01–F09 parse mix: `9 / Σ 1/rate_i`).
//!
//! `cargo run -p scim-benches --bin bench-report [CRITERION_DIR]`

use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/criterion"));
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
