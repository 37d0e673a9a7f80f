//! Outputs appear whole or not at all: every file is written under a
//! temporary name in its final folder, flushed, then renamed over the old
//! one (a rename within one file system is atomic on POSIX). A folder
//! written as a unit (the factor file) is staged beside its final place
//! and swapped in whole: [`replace_dir`].

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

    /// Takes over `other`'s staged files, to be committed with this set's
    /// (sets staged in parallel, one per thread, become one set).
    pub fn absorb(&mut self, mut other: AtomicFiles) {
        self.staged.append(&mut other.staged);
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

/// Replaces the folder `dir` by one that `fill` writes. `fill` gets an
/// empty staging folder beside `dir` (`.NAME.tmp-PID`, so on the same
/// file system); when it succeeds, the old folder is renamed aside
/// (`.NAME.old-PID`), the staged one renamed to `dir`, and the old one
/// deleted. On any failure before the swap, the old folder stays as it
/// was and the staging folder is removed; if moving the new folder in
/// fails, the old one is moved back. POSIX cannot exchange two non-empty
/// folders in one step, so `dir` is absent between the two renames (for
/// microseconds); a reader then fails to open it rather than seeing a mix
/// of old and new files.
pub fn replace_dir(dir: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = dir
        .file_name()
        .with_context(|| format!("cannot replace {}: it names no folder", dir.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = dir
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "cannot replace {}: it exists and is not a folder",
            dir.display()
        );
    }
    fs::create_dir_all(parent)
        .with_context(|| format!("cannot create folder {}", parent.display()))?;
    let pid = std::process::id();
    let staging = StagedDir(parent.join(format!(".{name}.tmp-{pid}")));
    // A staging folder of this PID can only be a crashed run's leftover.
    let _ = fs::remove_dir_all(&staging.0);
    fs::create_dir(&staging.0)
        .with_context(|| format!("cannot create folder {}", staging.0.display()))?;
    fill(&staging.0).with_context(|| format!("cannot write {}", dir.display()))?;
    let old = parent.join(format!(".{name}.old-{pid}"));
    let had_old = dir.exists();
    if had_old {
        let _ = fs::remove_dir_all(&old);
        fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
    }
    if let Err(e) = fs::rename(&staging.0, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        return Err(e).with_context(|| format!("cannot move {} into place", dir.display()));
    }
    if had_old {
        // The new folder is in place: a leftover hidden old one is harmless.
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// A staging folder, removed on drop (after a successful rename there is
/// nothing left to remove).
struct StagedDir(PathBuf);

impl Drop for StagedDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes `bytes` to a new file at `path` and flushes it to disk; for
/// files inside a staging folder, which nobody reads before the swap.
pub fn create_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
    }
    let mut file =
        File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
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

    #[test]
    fn an_absorbed_set_commits_and_cleans_up_with_its_new_owner() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        let mut first = AtomicFiles::new();
        first.stage(&a, |w| Ok(w.write_all(b"a")?)).unwrap();
        let mut second = AtomicFiles::new();
        second.stage(&b, |w| Ok(w.write_all(b"b")?)).unwrap();
        first.absorb(second);
        assert!(!b.exists(), "nothing appears before the commit");
        assert_eq!(first.commit().unwrap(), [a.clone(), b.clone()]);
        assert_eq!(fs::read_to_string(&b).unwrap(), "b");

        let mut dropped = AtomicFiles::new();
        let mut other = AtomicFiles::new();
        other
            .stage(&dir.path().join("c.txt"), |w| Ok(w.write_all(b"c")?))
            .unwrap();
        dropped.absorb(other);
        drop(dropped);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "the absorbed temporary file is removed: {names:?}"
        );
    }

    #[test]
    fn a_folder_is_swapped_whole_or_not_at_all() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("model");
        replace_dir(&dir, |d| create_synced(&d.join("a/x.txt"), b"old")).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a/x.txt")).unwrap(), "old");

        let failed = replace_dir(&dir, |d| {
            create_synced(&d.join("a/x.txt"), b"new")?;
            anyhow::bail!("disk full")
        });
        assert!(format!("{:#}", failed.unwrap_err()).contains("disk full"));
        assert_eq!(fs::read_to_string(dir.join("a/x.txt")).unwrap(), "old");

        replace_dir(&dir, |d| create_synced(&d.join("y.txt"), b"new")).unwrap();
        assert!(!dir.join("a").exists(), "the old folder's files go with it");
        assert_eq!(fs::read_to_string(dir.join("y.txt")).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["model"], "no staging or old folder is left");

        fs::write(root.path().join("file"), "x").unwrap();
        assert!(replace_dir(&root.path().join("file"), |_| Ok(())).is_err());
    }
}
