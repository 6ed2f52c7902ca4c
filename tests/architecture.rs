//! Architecture invariants, checked as tests (as rust-analyzer's tidy tests do): the pure
//! modules never reach for the browser, so they build and test natively.

use std::fs;
use std::path::Path;

const WEB_CRATES: [&str; 5] = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("source folder exists") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn pure_modules_do_not_use_web_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for module in ["model", "formats", "assist", "charts"] {
        let mut files = Vec::new();
        rust_files(&root.join(module), &mut files);
        assert!(!files.is_empty(), "src/{module} has Rust files");
        for file in files {
            let source = fs::read_to_string(&file).expect("readable source");
            for (n, line) in source.lines().enumerate() {
                for krate in WEB_CRATES {
                    let used = line.contains(&format!("{krate}::"))
                        || line.contains(&format!("use {krate}"));
                    if used && !line.trim_start().starts_with("//") {
                        offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "web crates used in pure modules:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !fs::read_to_string(f).expect("readable").starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! opening: {missing:?}"
    );
}
