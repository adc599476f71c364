//! The crate's boundaries, checked on its sources: the mapping is pure and knows nothing of
//! the client or the store, and the client knows nothing of the mapping or the store. The
//! store converts between the mapping's plans and the client's wire types.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The lines of code (not comments) of the files of the module `module` that name one of
/// `forbidden`, as `file:line: text`.
fn naming(module: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(module);
    let mut found = Vec::new();
    for file in sources(&root) {
        let text = fs::read_to_string(&file).expect("a source file");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if forbidden.iter().any(|name| code.contains(name)) {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn the_mapping_imports_nothing_of_the_client_or_the_store() {
    let found = naming("mapping", &["crate::client", "crate::store"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_client_imports_nothing_of_the_mapping_or_the_store() {
    let found = naming("client", &["crate::mapping", "crate::store"]);
    assert!(found.is_empty(), "{found:#?}");
}
