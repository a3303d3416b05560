//! Golden advice for every persona in `test-data/personas/`: the whole output of `recommend`,
//! pretty JSON, compared byte for byte with `test-data/golden/NAME.json`. Volatile fields (the
//! engine version) are redacted. `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the files;
//! otherwise a mismatch writes `NAME.json.new` beside the golden file (never committed).

mod common;

use std::path::{Path, PathBuf};

use suitable::{Catalogue, RecommendInput};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-data")
}

fn personas() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("personas"))
        .expect("test-data/personas exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

fn check(cat: &Catalogue, persona: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(persona).map_err(|e| e.to_string())?;
    let input: RecommendInput =
        suitable::json::parse_json(&text, suitable::ErrorCode::InputInvalid)
            .map_err(|e| format!("{}: {e}", persona.display()))?;
    let advice =
        suitable::recommend(cat, &input).map_err(|e| format!("{}: {e}", persona.display()))?;
    let got = common::redact_engine(&serde_json::to_string_pretty(&advice).unwrap()) + "\n";
    let name = persona.file_name().unwrap();
    let golden = root().join("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &got).unwrap();
        return Ok(());
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    if want == got {
        Ok(())
    } else {
        let new = golden.with_extension("json.new");
        std::fs::write(&new, &got).unwrap();
        Err(format!(
            "{} differs from {} (new output in {}; UPDATE_GOLDEN=1 to accept)",
            persona.display(),
            golden.display(),
            new.display()
        ))
    }
}

#[test]
fn every_persona_matches_its_golden_advice() {
    let text = std::fs::read_to_string(root().join("catalogue.json")).unwrap();
    let cat = Catalogue::from_json(&text).unwrap();
    let list = personas();
    assert!(
        list.len() >= 10,
        "expected at least 10 personas, found {}",
        list.len()
    );
    let failures: Vec<String> = list.iter().filter_map(|p| check(&cat, p).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
