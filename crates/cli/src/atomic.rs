//! Outputs appear whole or not at all: every file is written under a
//! temporary name in its final folder, flushed, then renamed over the old
//! one (a rename within one file system is atomic on POSIX).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A set of files written together: none is visible before [`commit`],
/// and dropping the set without committing removes every temporary file.
///
/// [`commit`]: AtomicFiles::commit
#[derive(Debug, Default)]
pub struct AtomicFiles {
    staged: Vec<(PathBuf, PathBuf)>,
}

impl AtomicFiles {
    /// An empty set.
    pub fn new() -> AtomicFiles {
        AtomicFiles::default()
    }

    /// Writes `path`'s future content through `write` into a temporary
    /// file next to it.
    pub fn stage(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<()> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file =
            File::create(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        // Registered before writing so that a failed write is cleaned up too.
        self.staged.push((temp.clone(), path.to_path_buf()));
        let mut out = BufWriter::with_capacity(1 << 20, file);
        write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
        let file = out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot flush {}", temp.display()))?;
        Ok(())
    }

    /// Renames every staged file to its final name.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let staged = std::mem::take(&mut self.staged);
        let mut done = Vec::with_capacity(staged.len());
        for (k, (temp, path)) in staged.iter().enumerate() {
            if let Err(e) = fs::rename(temp, path) {
                for (rest, _) in &staged[k..] {
                    let _ = fs::remove_file(rest);
                }
                return Err(e)
                    .with_context(|| format!("cannot move {} into place", path.display()));
            }
            done.push(path.clone());
        }
        Ok(done)
    }
}

impl Drop for AtomicFiles {
    fn drop(&mut self) {
        for (temp, _) in &self.staged {
            let _ = fs::remove_file(temp);
        }
    }
}

/// Writes one file atomically.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let mut files = AtomicFiles::new();
    files.stage(path, write)?;
    files.commit()?;
    Ok(())
}

/// Like [`write_file`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, |out| Ok(out.write_all(bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_a_failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();

        let mut files = AtomicFiles::new();
        files.stage(&path, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        let failed = files.stage(&dir.path().join("b.txt"), |_| anyhow::bail!("disk full"));
        assert!(failed.is_err());
        drop(files);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "temporary files are removed");

        write_bytes(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }
}
