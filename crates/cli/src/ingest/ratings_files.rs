//! A ratings folder's files: the `.csv` files `cartelera-ingest` reads.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_ingest::RATINGS_COLUMNS;

/// The `.csv` files of a ratings folder (not its subfolders), in natural
/// order (`2.csv` before `10.csv`).
pub fn list_ratings_files(dir: &Path) -> Result<Vec<PathBuf>> {
    // `synth-ratings` writes the folder as one output set.
    crate::atomic::recover(dir)?;
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read the ratings folder {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            files.push(path);
        }
    }
    if files.is_empty() {
        bail!(
            "the ratings folder {} has no .csv files (expected files with the header {})",
            dir.display(),
            RATINGS_COLUMNS.join(",")
        );
    }
    files.sort_by_key(|p| natural_key(&p.file_name().unwrap_or_default().to_string_lossy()));
    Ok(files)
}

fn natural_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_its_csv_files_in_natural_order() {
        let dir = tempfile::tempdir().unwrap();
        let err = list_ratings_files(dir.path()).unwrap_err();
        assert!(err.to_string().contains("has no .csv files"), "{err}");
        for name in ["10.csv", "2.csv", "notes.txt", "1.csv"] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<String> = list_ratings_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["1.csv", "2.csv", "10.csv"]);
    }
}
