//! Every command's outputs change in one atomic step, the way SQLite
//! commits: a set of files and folders under one output folder `OUT` is
//! staged in `OUT/.cartelera-staging-PID/new/` (each file flushed), then
//! a journal naming the staging folder and the targets is written and
//! flushed as `OUT/.cartelera-journal.tmp-PID` and renamed to
//! `OUT/.cartelera-journal`: that rename is the commit point. After it,
//! each old target is moved aside into the staging folder's `old/` and the
//! new one moved in, `OUT` is flushed, and the journal and the staging
//! folder (with the old targets) are deleted.
//!
//! [`recover`] runs before every writer writes and every reader reads: a
//! journal present means a commit was interrupted after its commit point,
//! and it is rolled forward (the renames it lists are completed; each
//! step checks what is done, so a crash during recovery is recovered
//! too). Without a journal nothing was moved, so the old set is whole.
//! Leftovers of processes that are no longer alive (`/proc/PID` absent)
//! are removed: staging folders, `.NAME.tmp-PID` files and, from older
//! versions' folder swaps, `.NAME.old-PID` backups (moved back to `NAME`
//! when `NAME` is missing, so an interrupted swap gets its old folder
//! back).
//!
//! Fault injection: with `CARTELERA_FAULT_AT=N` in the environment, the
//! N-th file-system step of this module (create, write, rename, remove,
//! counted from 1 in the process) calls [`std::process::abort`] instead,
//! for the crash-safety test; unset, the hook does nothing.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// Prefix of a staging folder's name in `OUT` (the writer's PID follows).
const STAGING_PREFIX: &str = ".cartelera-staging-";
/// The journal's name in `OUT`; present only between a commit point and
/// the end of its renames.
const JOURNAL_FILE: &str = ".cartelera-journal";
/// The environment variable of the fault-injection hook.
pub const FAULT_ENV: &str = "CARTELERA_FAULT_AT";

/// File-system steps done so far by this process (for the fault hook).
static STEPS: AtomicU64 = AtomicU64::new(0);

/// Counts one file-system step and aborts at the one `CARTELERA_FAULT_AT`
/// names: the crash a `kill -9` or power loss would cause at that moment.
fn step() {
    static FAULT_AT: OnceLock<Option<u64>> = OnceLock::new();
    let at = FAULT_AT.get_or_init(|| std::env::var(FAULT_ENV).ok()?.trim().parse().ok());
    if let Some(at) = *at {
        if STEPS.fetch_add(1, Ordering::SeqCst) + 1 == at {
            std::process::abort();
        }
    }
}

fn rename(from: &Path, to: &Path) -> io::Result<()> {
    step();
    fs::rename(from, to)
}

fn remove_any(path: &Path) -> io::Result<()> {
    step();
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn create_dirs(dir: &Path) -> Result<()> {
    step();
    fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))
}

/// Flushes a folder's entries (the renames in it) to disk.
fn sync_dir(dir: &Path) -> Result<()> {
    step();
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot flush folder {}", dir.display()))
}

/// A relative path that stays inside the output folder.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// `OUT/x` → `OUT`, `x` → `.`.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// What the journal records: enough to finish the commit.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name in `OUT`.
    staging: String,
    /// The targets' paths relative to `OUT`.
    targets: Vec<String>,
    /// Paths relative to `OUT` that the new set no longer has.
    #[serde(default)]
    removed: Vec<String>,
}

/// What a target is, to check before the commit point that the old one
/// can be replaced by the new one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    File,
    Folder,
}

/// A set of files and folders under one output folder that replaces the
/// old ones in one atomic step at [`commit`]; nothing is visible before,
/// and dropping the set uncommitted removes its staging folder.
///
/// [`commit`]: OutputSet::commit
#[derive(Debug)]
pub struct OutputSet {
    out: PathBuf,
    staging: PathBuf,
    targets: Mutex<Vec<(String, Kind)>>,
    removed: Vec<String>,
    committed: bool,
}

impl OutputSet {
    /// Starts a set under `out` (created if needed), after recovering
    /// any interrupted commit there.
    pub fn begin(out: &Path) -> Result<OutputSet> {
        create_dirs(out)?;
        recover(out)?;
        let staging = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        // Only this process's earlier set can have left it (sets are not
        // meant to overlap within a process).
        remove_any(&staging).with_context(|| format!("cannot remove {}", staging.display()))?;
        create_dirs(&staging.join("new"))?;
        Ok(OutputSet {
            out: out.to_path_buf(),
            staging,
            targets: Mutex::new(Vec::new()),
            removed: Vec::new(),
            committed: false,
        })
    }

    /// Where `name` (a path relative to the output folder) is staged.
    pub fn staged(&self, name: &str) -> PathBuf {
        self.staging.join("new").join(name)
    }

    fn register(&self, name: &str, kind: Kind) -> Result<PathBuf> {
        if !safe_name(name) {
            bail!("cannot write {name:?}: not a path inside the output folder");
        }
        self.targets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((name.to_string(), kind));
        let path = self.staged(name);
        create_dirs(parent_of(&path))?;
        Ok(path)
    }

    /// Makes `OUT/name` (a file or folder, if present) disappear in the
    /// same step as the targets appear: an old set's member the new one
    /// does not have.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        if !safe_name(name) {
            bail!("cannot remove {name:?}: not a path inside the output folder");
        }
        self.removed.push(name.to_string());
        Ok(())
    }

    /// Stages the file `OUT/name` (a relative path), written by `write`
    /// and flushed to disk. Callable from several threads at once.
    pub fn file(
        &self,
        name: &str,
        write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<()> {
        let staged = self.register(name, Kind::File)?;
        let target = self.out.join(name);
        step();
        let file =
            File::create(&staged).with_context(|| format!("cannot create {}", staged.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        write(&mut out).with_context(|| format!("cannot write {}", target.display()))?;
        step();
        let file = out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(|| format!("cannot write {}", target.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot flush {}", staged.display()))
    }

    /// Stages the folder `OUT/name`, filled by `fill` (given the empty
    /// staging folder; it flushes its files, e.g. with [`create_synced`]).
    pub fn folder(&self, name: &str, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        let staged = self.register(name, Kind::Folder)?;
        create_dirs(&staged)?;
        fill(&staged).with_context(|| format!("cannot write {}", self.out.join(name).display()))
    }

    /// Replaces every target at once (see the module's notes); returns
    /// their paths. Fails with the old set untouched when a target cannot
    /// be replaced (e.g. a folder where a file goes).
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let targets = std::mem::take(&mut *self.targets.lock().unwrap_or_else(|p| p.into_inner()));
        let mut seen = HashSet::new();
        for (name, kind) in &targets {
            let target = self.out.join(name);
            if !seen.insert(name.as_str()) {
                bail!("cannot write {}: staged twice", target.display());
            }
            if let Ok(meta) = fs::symlink_metadata(&target) {
                let found = if meta.is_dir() {
                    Kind::Folder
                } else {
                    Kind::File
                };
                match (kind, found) {
                    (Kind::File, Kind::Folder) => bail!(
                        "cannot replace {}: it is a folder, not a file (nothing was changed)",
                        target.display()
                    ),
                    (Kind::Folder, Kind::File) => bail!(
                        "cannot replace {}: it exists and is not a folder (nothing was changed)",
                        target.display()
                    ),
                    _ => {}
                }
            }
            // A target inside a file (`OUT/a.txt/b`) cannot be moved in.
            let mut up = parent_of(&target).to_path_buf();
            while up != self.out && up.starts_with(&self.out) {
                if fs::symlink_metadata(&up).is_ok_and(|m| !m.is_dir()) {
                    bail!(
                        "cannot write {}: {} is not a folder (nothing was changed)",
                        target.display(),
                        up.display()
                    );
                }
                up = parent_of(&up).to_path_buf();
            }
        }
        let journal = Journal {
            staging: self
                .staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            targets: targets.into_iter().map(|(name, _)| name).collect(),
            removed: std::mem::take(&mut self.removed),
        };
        let bytes = serde_json::to_vec_pretty(&journal)?;
        let temp = self
            .out
            .join(format!("{JOURNAL_FILE}.tmp-{}", std::process::id()));
        create_synced(&temp, &bytes)?;
        // The commit point: from here on, recovery finishes the commit.
        rename(&temp, &self.out.join(JOURNAL_FILE))
            .with_context(|| format!("cannot commit the outputs in {}", self.out.display()))?;
        self.committed = true;
        sync_dir(&self.out)?;
        roll_forward(&self.out, &journal)?;
        Ok(journal
            .targets
            .iter()
            .map(|name| self.out.join(name))
            .collect())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_any(&self.staging);
        }
    }
}

/// Completes the renames of a committed journal, then deletes it and the
/// staging folder. Idempotent: each target is moved only while its new
/// version is still staged.
fn roll_forward(out: &Path, journal: &Journal) -> Result<()> {
    let staging = out.join(&journal.staging);
    let mut parents = HashSet::new();
    for name in &journal.targets {
        let (new, old, target) = (
            staging.join("new").join(name),
            staging.join("old").join(name),
            out.join(name),
        );
        if !exists(&new) {
            continue; // moved in already
        }
        if exists(&target) {
            create_dirs(parent_of(&old))?;
            rename(&target, &old)
                .with_context(|| format!("cannot move {} aside", target.display()))?;
        }
        create_dirs(parent_of(&target))?;
        rename(&new, &target)
            .with_context(|| format!("cannot move {} into place", target.display()))?;
        parents.insert(parent_of(&target).to_path_buf());
    }
    for name in &journal.removed {
        let (old, target) = (staging.join("old").join(name), out.join(name));
        if exists(&target) {
            create_dirs(parent_of(&old))?;
            rename(&target, &old)
                .with_context(|| format!("cannot move {} aside", target.display()))?;
            parents.insert(parent_of(&target).to_path_buf());
        }
    }
    for dir in &parents {
        sync_dir(dir)?;
    }
    let journal_path = out.join(JOURNAL_FILE);
    remove_any(&journal_path)
        .with_context(|| format!("cannot remove {}", journal_path.display()))?;
    sync_dir(out)?;
    // The commit is complete: a leftover staging folder is only litter.
    let _ = remove_any(&staging);
    Ok(())
}

/// Whether the process `pid` may still be running: this process, or one
/// listed in `/proc`. Without `/proc` every process counts as alive, so
/// nothing is removed that someone may still be writing.
fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid.to_string()).exists()
}

/// The PID ending a leftover's name: `.NAME.tmp-PID` → (`NAME`, `tmp`, PID).
fn leftover(name: &str) -> Option<(&str, &str, u32)> {
    if let Some(pid) = name.strip_prefix(STAGING_PREFIX) {
        return Some(("", "staging", pid.parse().ok()?));
    }
    let rest = name.strip_prefix('.')?;
    for kind in ["tmp", "old"] {
        if let Some((target, pid)) = rest.rsplit_once(&format!(".{kind}-")) {
            if let Ok(pid) = pid.parse() {
                return Some((target, kind, pid));
            }
        }
    }
    None
}

/// Finishes or undoes what an interrupted writer left in `dir` (see the
/// module's notes). Fails only when a journal is present and cannot be
/// completed; removing litter is best effort (a read-only folder is
/// still readable).
pub fn recover(dir: &Path) -> Result<()> {
    let journal_path = dir.join(JOURNAL_FILE);
    if exists(&journal_path) {
        let bytes = fs::read(&journal_path)
            .with_context(|| format!("cannot read {}", journal_path.display()))?;
        let journal: Journal = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a commit journal (remove it if no cartelera command wrote it)",
                journal_path.display()
            )
        })?;
        if !journal.staging.starts_with(STAGING_PREFIX)
            || !safe_name(&journal.staging)
            || !journal
                .targets
                .iter()
                .chain(&journal.removed)
                .all(|t| safe_name(t))
        {
            bail!(
                "{} names paths outside {}: not a journal cartelera wrote",
                journal_path.display(),
                dir.display()
            );
        }
        let writer = journal.staging[STAGING_PREFIX.len()..].parse::<u32>().ok();
        if writer.is_some_and(|pid| pid != std::process::id() && alive(pid)) {
            // A live writer is between its commit point and its last
            // rename: it finishes the commit itself (two processes
            // renaming the same files would race).
            return Ok(());
        }
        roll_forward(dir, &journal).with_context(|| {
            format!("cannot finish the interrupted commit in {}", dir.display())
        })?;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((target, kind, pid)) = leftover(&name) else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let path = entry.path();
        if kind == "old" && !target.is_empty() && !exists(&dir.join(target)) {
            let _ = rename(&path, &dir.join(target));
        } else {
            let _ = remove_any(&path);
        }
    }
    Ok(())
}

/// Recovers the folder holding `path` (a reader's file or folder).
pub fn recover_around(path: &Path) -> Result<()> {
    recover(parent_of(path))
}

/// Writes one file atomically (an output set of one).
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("cannot write {}: it names no file", path.display()))?
        .to_string_lossy()
        .into_owned();
    let set = OutputSet::begin(parent_of(path))?;
    set.file(&name, write)?;
    set.commit()?;
    Ok(())
}

/// Like [`write_file`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, |out| Ok(out.write_all(bytes)?))
}

/// Replaces the folder `dir` whole by one that `fill` writes into an
/// empty staging folder (an output set of one folder): on any failure the
/// old folder stays as it was.
pub fn replace_dir(dir: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = dir
        .file_name()
        .with_context(|| format!("cannot replace {}: it names no folder", dir.display()))?
        .to_string_lossy()
        .into_owned();
    let set = OutputSet::begin(parent_of(dir))?;
    set.folder(&name, fill)?;
    set.commit()?;
    Ok(())
}

/// Writes `bytes` to a new file at `path` and flushes it to disk; for
/// files inside a staging folder, which nobody reads before the commit.
pub fn create_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    create_dirs(parent_of(path))?;
    step();
    let mut file =
        File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    step();
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn nothing_appears_until_commit_and_a_failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();

        let set = OutputSet::begin(dir.path()).unwrap();
        set.file("out.txt", |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        let failed = set.file("b.txt", |_| anyhow::bail!("disk full"));
        assert!(failed.is_err());
        drop(set);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            names(dir.path()),
            ["out.txt"],
            "the staging folder is removed"
        );

        write_bytes(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.txt"]);
    }

    #[test]
    fn a_set_of_files_and_folders_commits_together() {
        let dir = tempfile::tempdir().unwrap();
        let set = OutputSet::begin(dir.path()).unwrap();
        set.file("a.txt", |w| Ok(w.write_all(b"a")?)).unwrap();
        set.file("sub/b.txt", |w| Ok(w.write_all(b"b")?)).unwrap();
        set.folder("model", |d| create_synced(&d.join("x"), b"x"))
            .unwrap();
        assert!(
            !dir.path().join("a.txt").exists(),
            "nothing before the commit"
        );
        let written = set.commit().unwrap();
        assert_eq!(written.len(), 3);
        assert_eq!(
            fs::read_to_string(dir.path().join("sub/b.txt")).unwrap(),
            "b"
        );
        assert_eq!(fs::read_to_string(dir.path().join("model/x")).unwrap(), "x");
        assert_eq!(names(dir.path()), ["a.txt", "model", "sub"]);
        assert!(OutputSet::begin(dir.path())
            .unwrap()
            .file("../escape", |_| Ok(()))
            .is_err());
    }

    #[test]
    fn a_target_that_cannot_be_replaced_fails_before_anything_moves() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "old").unwrap();
        fs::create_dir(dir.path().join("report.json")).unwrap();
        let set = OutputSet::begin(dir.path()).unwrap();
        set.file("a.txt", |w| Ok(w.write_all(b"new")?)).unwrap();
        set.file("report.json", |w| Ok(w.write_all(b"{}")?))
            .unwrap();
        let err = format!("{:#}", set.commit().unwrap_err());
        assert!(err.contains("report.json: it is a folder"), "{err}");
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "old");
        assert_eq!(names(dir.path()), ["a.txt", "report.json"]);
    }

    #[test]
    fn a_journal_is_rolled_forward_and_dead_litter_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("a.txt"), "old a").unwrap();
        fs::write(out.join("b.txt"), "old b").unwrap();
        // A crash after the commit point, with a.txt already moved in.
        let dead = 999_999_999u32; // above any Linux pid_max
        let staging = out.join(format!("{STAGING_PREFIX}{dead}"));
        fs::create_dir_all(staging.join("new")).unwrap();
        fs::create_dir_all(staging.join("old")).unwrap();
        fs::rename(out.join("a.txt"), staging.join("old/a.txt")).unwrap();
        fs::write(out.join("a.txt"), "new a").unwrap();
        fs::write(staging.join("new/b.txt"), "new b").unwrap();
        let journal = Journal {
            staging: format!("{STAGING_PREFIX}{dead}"),
            targets: vec!["a.txt".into(), "b.txt".into()],
            removed: vec!["gone.txt".into()],
        };
        fs::write(out.join("gone.txt"), "old member").unwrap();
        fs::write(
            out.join(JOURNAL_FILE),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        fs::write(out.join(format!(".c.txt.tmp-{dead}")), "litter").unwrap();
        fs::create_dir(out.join(format!(".model.old-{dead}"))).unwrap();
        fs::write(
            out.join(format!(".live.tmp-{}", std::process::id())),
            "mine",
        )
        .unwrap();

        recover(out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "new a");
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "new b");
        let live = format!(".live.tmp-{}", std::process::id());
        assert_eq!(
            names(out),
            [live.as_str(), "a.txt", "b.txt", "model"],
            "a lone old folder is moved back; a live process's file stays"
        );
        recover(out).unwrap();
        assert_eq!(names(out).len(), 4, "recovery is idempotent");
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
        assert_eq!(
            names(root.path()),
            ["model"],
            "no staging or old folder is left"
        );

        fs::write(root.path().join("file"), "x").unwrap();
        assert!(replace_dir(&root.path().join("file"), |_| Ok(())).is_err());
    }
}
