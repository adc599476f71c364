//! The PATCH examples of RFC 7644 §3.5.2 as data: one file per example in `tests/rfc7644/`,
//! named by section (`s3.5.2.1_add_member.json`), each with its starting resource, the body
//! the RFC prints, and the resulting resource or the error the RFC names.

use std::path::{Path, PathBuf};

use scim_core::patch::{PatchRequest, apply};
use scim_core::resource::Resource;
use scim_core::schema::SchemaRegistry;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Example {
    section: String,
    description: String,
    resource_type: String,
    resource: Value,
    body: Value,
    #[serde(default)]
    expect: Option<Value>,
    #[serde(default)]
    changed: Option<bool>,
    #[serde(default)]
    error: Option<ExpectedError>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpectedError {
    status: u16,
    scim_type: String,
}

fn examples() -> Vec<(String, Example)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rfc7644");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        // The folder also holds the query (§3.4) and bulk (§3.7) fixtures, run elsewhere.
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("s3.5.2"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("readable fixture");
            let example = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{name} is not an example: {err}"));
            (name, example)
        })
        .collect()
}

fn check(example: &Example) -> Result<(), String> {
    let registry = SchemaRegistry::rfc7643();
    let view = registry
        .view(&example.resource_type)
        .ok_or("unknown resource type")?;
    let resource = Resource::from_json(example.resource.clone()).map_err(|e| e.to_string())?;
    let outcome = PatchRequest::from_json(example.body.clone())
        .and_then(|request| apply(&view, &request, resource));
    match (outcome, &example.expect, &example.error) {
        (Ok(patched), Some(expect), None) => {
            let changed = patched.changed;
            let got = patched.resource.into_json();
            if &got != expect {
                return Err(format!("got {got}\nwanted {expect}"));
            }
            if Some(changed) != example.changed {
                return Err(format!("changed = {changed}, wanted {:?}", example.changed));
            }
            Ok(())
        }
        (Err(err), None, Some(wanted)) => {
            let scim_type = err.scim_type().map(|t| t.as_str());
            if err.status().as_u16() == wanted.status && scim_type == Some(&wanted.scim_type) {
                Ok(())
            } else {
                Err(format!("error {err}, wanted {wanted:?}"))
            }
        }
        (Ok(patched), _, _) => Err(format!("succeeded with {}", patched.resource.into_json())),
        (Err(err), _, _) => Err(format!("failed: {err}")),
    }
}

#[test]
fn rfc7644_s3_5_2_examples() {
    let examples = examples();
    assert!(
        examples.len() >= 10,
        "tests/rfc7644 holds {} examples",
        examples.len()
    );
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|(name, example)| {
            assert!(
                name.starts_with(&format!(
                    "s{}",
                    example.section.trim_start_matches("RFC 7644 §")
                )),
                "{name} is not named by its section {}",
                example.section
            );
            assert!(!example.description.is_empty(), "{name} has no description");
            check(example).err().map(|why| format!("{name}: {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
