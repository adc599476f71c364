//! The walls of `ARCHITECTURE.md`, held to the code: its tables are read from the file and
//! checked against every crate's manifest and every source file, so a crate or a module that
//! gains a forbidden import fails here, and so does a table that no longer says anything.
//!
//! - "Crates": the workspace crates each package may depend on (normal dependencies, from
//!   its `Cargo.toml`).
//! - "Walls": for each folder, the paths its code must never name (in a `use` or an
//!   expression; comments and string literals do not count), matched as whole words.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The checkout's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the conformance crate sits in the checkout")
        .to_path_buf()
}

fn architecture() -> String {
    let path = root().join("ARCHITECTURE.md");
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The rows of the first table under the heading `## {section}`, each as its cells with
/// the backticks taken off, header and separator left out.
fn table(text: &str, section: &str) -> Vec<Vec<String>> {
    let heading = format!("## {section}");
    let start = text
        .lines()
        .position(|line| line.trim() == heading)
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no `{heading}`"));
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(start + 1)
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().replace('`', ""))
                .collect()
        })
        .collect();
    assert!(!rows.is_empty(), "the table under `{heading}` is empty");
    rows
}

/// A cell's comma-separated items; `none` is none.
fn items(cell: &str) -> BTreeSet<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty() && *item != "none")
        .map(str::to_owned)
        .collect()
}

/// The folder of each workspace package, by package name.
fn packages() -> Vec<(String, PathBuf)> {
    let manifest =
        std::fs::read_to_string(root().join("Cargo.toml")).expect("the workspace manifest");
    let members = manifest
        .split("members = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("workspace members");
    members
        .split(',')
        .map(|member| member.trim().trim_matches('"'))
        .filter(|member| !member.is_empty())
        .map(|member| {
            let folder = root().join(member);
            let text = std::fs::read_to_string(folder.join("Cargo.toml")).expect("a manifest");
            let name = text
                .lines()
                .find_map(|line| line.strip_prefix("name = "))
                .expect("a package name")
                .trim_matches('"')
                .to_owned();
            (name, folder)
        })
        .collect()
}

/// The names in the `[dependencies]` table of the manifest in `folder`.
fn dependencies(folder: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(folder.join("Cargo.toml")).expect("a manifest");
    text.lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split(['=', '.']).next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_crate_depends_only_on_the_workspace_crates_the_architecture_allows() {
    let packages = packages();
    let names: BTreeSet<String> = packages.iter().map(|(name, _)| name.clone()).collect();
    let rows = table(&architecture(), "Crates");
    let mut failures = Vec::new();
    for (name, folder) in &packages {
        let Some(row) = rows.iter().find(|row| &row[0] == name) else {
            failures.push(format!("{name} has no row in the table"));
            continue;
        };
        let allowed = items(&row[1]);
        for dependency in dependencies(folder).intersection(&names) {
            if !allowed.contains(dependency) {
                failures.push(format!("{name} depends on {dependency}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_module_names_what_its_wall_forbids() {
    let rows = table(&architecture(), "Walls");
    let mut failures = Vec::new();
    for row in &rows {
        let folder = root().join(&row[0]);
        let forbidden = items(&row[1]);
        let mut files = Vec::new();
        rust_files(&folder, &mut files);
        assert!(!files.is_empty(), "no Rust file under {}", row[0]);
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file");
            let code = code_only(&text);
            for path in &forbidden {
                if names(&code, path) {
                    failures.push(format!("{} names `{path}`", file.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The checker itself: comments and string literals are not code, and a path is matched as
/// a whole word.
#[test]
fn comments_and_strings_do_not_count_and_words_are_whole() {
    let code = code_only(
        "use crate::client::X; // crate::store\n/* crate::store */ let s = \"crate::store\";\nlet r = r#\"crate::store\"#; let c = '\"'; fn f<'a>() {}\nuse scim_shopify_emulator::Emulator;",
    );
    assert!(names(&code, "crate::client"));
    assert!(!names(&code, "crate::store"));
    assert!(!names(&code, "scim_shopify"));
    assert!(names(&code, "scim_shopify_emulator"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `code` holds `path` as a whole word (not inside a longer identifier or path).
fn names(code: &str, path: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    code.match_indices(path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + path.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// `text` without its comments (line, block, doc) and with every string and character
/// literal emptied.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_word(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            i += 2 + hashes;
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("''");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_word(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '_')
}
