//! The JSON Schemas of `docs/schemas/` and the one-document check of `--json` output.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{manifest_dir, RunOutput};

/// `docs/schemas/` of the repository.
pub fn schema_dir() -> PathBuf {
    manifest_dir().join("docs").join("schemas")
}

/// Every schema of `docs/schemas/`, compiled once, by file name.
pub fn validators() -> &'static std::collections::BTreeMap<String, jsonschema::Validator> {
    static CELL: OnceLock<std::collections::BTreeMap<String, jsonschema::Validator>> =
        OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(schema_dir()).expect("read docs/schemas") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("read schema");
            let schema: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"));
            out.insert(name, validator);
        }
        out
    })
}

/// Asserts `doc` validates against `docs/schemas/FILE`, listing every violation.
#[track_caller]
pub fn assert_valid(doc: &Value, file: &str, out: &RunOutput) {
    let validator = validators()
        .get(file)
        .unwrap_or_else(|| panic!("there is no docs/schemas/{file}"));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} (at `{}`)", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the document does not match {file}:\n  {}\n{out}",
        errors.join("\n  ")
    );
}

/// The one JSON document on stdout: exactly one non-empty line, and nothing else.
#[track_caller]
pub fn one_document(out: &RunOutput) -> Value {
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout must hold exactly one JSON document\n{out}"
    );
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{out}"))
}
