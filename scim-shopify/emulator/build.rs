//! Lists the recorded Shopify exchanges under `captures/` for the `captures` feature: writes
//! `$OUT_DIR/captures.rs`, one `Capture` per file (its path under `captures/` and its text,
//! compiled in with `include_str!`), sorted by path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo")).join("captures");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut list = String::from("&[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .expect("under the captures folder")
            .components()
            .map(|part| part.as_os_str().to_str().expect("a UTF-8 file name"))
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            list,
            "    Capture {{ path: {relative:?}, text: include_str!({:?}) }},",
            file.display().to_string()
        )
        .expect("writing to a String");
    }
    list.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("captures.rs");
    std::fs::write(&out, list).expect("writing the captures list");
}

/// Every file under `dir`, depth first.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.file_name().is_some_and(|name| name != "README.md") {
            out.push(path);
        }
    }
}
