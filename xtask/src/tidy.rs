//! The workspace's invariants as tests (rust-analyzer's `xtask/src/tidy.rs`
//! pattern): each rule is a checker over source text, run on every Rust
//! file of the workspace by a `#[test]`, and proved by a unit test that
//! feeds it a small violation. `cargo test --workspace` (so
//! `cargo xtask test`) runs them all.
//!
//! | rule | test |
//! |---|---|
//! | no `std::fs`, `std::net`, `std::process`, `File::`, `TcpStream` in the pure crates' `src/` (core, store, det, mf, recommender, charts, history, ingest) | [`tests::pure_crates_do_no_io`] |
//! | no query-name literal (`"get_actor"`, …) in Rust code outside `crates/core` | [`tests::query_names_are_spelled_only_in_core`] |
//! | no `#[path]` attribute anywhere | [`tests::no_path_attributes`] |
//! | every library denies `missing_docs` (in its `lib.rs` or through the workspace lints) | [`tests::every_library_denies_missing_docs`] |
//! | no import circle between the modules of a crate | [`tests::no_import_circles`] |
//!
//! Exceptions, and why:
//! - Comments (doc comments included) are not code: every rule skips them.
//! - The query-name rule skips tests (`tests/` folders and everything
//!   after a file's `#[cfg(test)]`) and benchmarks (`benches/`, xtask's
//!   `bench_*.rs`): they are clients of the CLI and the HTTP API, whose
//!   public names they spell on purpose to check them.
//! - The import-circle rule leaves out each crate's root (`lib.rs`,
//!   `main.rs`): it declares every module, so edges to it are not circles
//!   between concepts; and code after `#[cfg(test)]` (a test module's
//!   `use super::*` is not a dependency of the module).
//! - This file holds every rule's needles and violations: it is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The crates that must stay free of I/O (they build for the browser).
const PURE_CRATES: [&str; 8] = [
    "core",
    "store",
    "det",
    "mf",
    "recommender",
    "charts",
    "history",
    "ingest",
];

/// What the pure crates may not name.
const IO_NEEDLES: [&str; 5] = ["std::fs", "std::net", "std::process", "File::", "TcpStream"];

/// The query names, spelled only by `cartelera-core` (`QueryKind`).
const QUERY_NAMES: [&str; 4] = [
    "get_max_duration",
    "get_score_count",
    "get_count_platform",
    "get_actor",
];

/// This file, relative to the workspace root.
const SELF_PATH: &str = "xtask/src/tidy.rs";

/// One Rust file: its path relative to the workspace root (with `/`), and
/// its text.
struct SourceFile {
    path: String,
    text: String,
}

/// Every `.rs` file of the workspace, outside build outputs and data.
fn workspace_files(root: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                let skipped = name.starts_with('.')
                    || ["target", "node_modules", "dist", "data"].contains(&name.as_ref());
                if !skipped {
                    dirs.push(path);
                }
            } else if name.ends_with(".rs") {
                let relative = relative(root, &path);
                if relative == SELF_PATH {
                    continue;
                }
                if let Ok(text) = fs::read_to_string(&path) {
                    files.push(SourceFile {
                        path: relative,
                        text,
                    });
                }
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    crate::exec::project_root()
}

/// `text` with comments blanked (so line numbers stay), up to the first
/// `#[cfg(test)]` line when `tests_too` is false.
fn code_of(text: &str, tests_too: bool) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        if !tests_too && line.trim() == "#[cfg(test)]" {
            break;
        }
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        rest = &rest[end + 2..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                let line_comment = rest.find("//");
                let block = rest.find("/*");
                match (line_comment, block) {
                    (Some(l), b) if b.is_none_or(|b| l < b) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    (_, Some(b)) => {
                        code.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    _ => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        lines.push((i + 1, code));
    }
    lines
}

/// The names a `use std::{…}` group brings in at its top level.
fn std_group_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("std::{") {
        let group = &rest[at + "std::{".len()..];
        let mut depth = 0usize;
        let mut item = String::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.push(item.trim().to_string());
                    item.clear();
                    continue;
                }
                _ => {}
            }
            if depth == 0 {
                item.push(c);
            }
        }
        names.push(item.trim().to_string());
        rest = &group[1.min(group.len())..];
    }
    names
}

/// Rule 1: I/O named in a pure crate's source.
fn io_violations(file: &SourceFile) -> Vec<String> {
    let pure = PURE_CRATES
        .iter()
        .any(|c| file.path.starts_with(&format!("crates/{c}/src/")));
    if !pure {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (line, code) in code_of(&file.text, true) {
        for needle in IO_NEEDLES {
            if code.contains(needle) {
                found.push(format!("{}:{line}: `{needle}`", file.path));
            }
        }
        for name in std_group_names(&code) {
            let first = name.split("::").next().unwrap_or("");
            if ["fs", "net", "process"].contains(&first) {
                found.push(format!("{}:{line}: `std::{{{name}}}`", file.path));
            }
        }
    }
    found
}

/// Whether the query-name rule leaves `path` out (core, tests, benchmarks).
fn may_spell_query_names(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("crates/core/")
        || path.starts_with("tests/")
        || path.contains("/tests/")
        || path.contains("/benches/")
        || (path.starts_with("xtask/src/") && file.starts_with("bench"))
}

/// Rule 2: a query name spelled as a string literal outside core.
fn query_name_violations(file: &SourceFile) -> Vec<String> {
    if may_spell_query_names(&file.path) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (line, code) in code_of(&file.text, false) {
        for name in QUERY_NAMES {
            if code.contains(&format!("\"{name}\"")) {
                found.push(format!("{}:{line}: \"{name}\"", file.path));
            }
        }
    }
    found
}

/// Rule 3: a `#[path]` attribute.
fn path_attribute_violations(file: &SourceFile) -> Vec<String> {
    code_of(&file.text, true)
        .into_iter()
        .filter(|(_, code)| {
            let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed.contains("#[path=") || squeezed.contains("#![path=")
        })
        .map(|(line, _)| format!("{}:{line}: #[path]", file.path))
        .collect()
}

/// The lines of a TOML section (`[name]`), up to the next header.
fn toml_section<'a>(toml: &'a str, name: &str) -> Vec<&'a str> {
    let header = format!("[{name}]");
    let mut lines = toml.lines().map(str::trim);
    let mut section = Vec::new();
    if lines.by_ref().any(|l| l == header) {
        section.extend(lines.take_while(|l| !l.starts_with('[')));
    }
    section
}

/// Rule 4: whether a library denies `missing_docs`: its `lib.rs` says
/// `#![deny(missing_docs)]`, or its manifest takes the workspace lints and
/// those deny (or forbid) it.
fn denies_missing_docs(lib_rs: &str, manifest: &str, workspace_manifest: &str) -> bool {
    let in_source = code_of(lib_rs, true).iter().any(|(_, code)| {
        let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        ["deny", "forbid"]
            .iter()
            .any(|level| squeezed.contains(&format!("#![{level}(missing_docs")))
    });
    let takes_workspace = toml_section(manifest, "lints").iter().any(|l| {
        let squeezed: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        squeezed == "workspace=true"
    });
    let workspace_denies = toml_section(workspace_manifest, "workspace.lints.rust")
        .iter()
        .any(|l| l.starts_with("missing_docs") && (l.contains("deny") || l.contains("forbid")));
    in_source || (takes_workspace && workspace_denies)
}

/// A crate's modules: module path (`routes::query`) → the code of its file.
type Modules = BTreeMap<String, String>;

/// The module path of a file below a crate's `src/` (`None` for the
/// crate's roots and for other crates' `src/bin/`).
fn module_path(relative_to_src: &str) -> Option<String> {
    let stem = relative_to_src.strip_suffix(".rs")?;
    if ["lib", "main"].contains(&stem) || stem.starts_with("bin/") {
        return None;
    }
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    Some(stem.replace('/', "::"))
}

/// The paths (`crate::a::b`, `super::c`, `child::d`, each group of a
/// `{…}` expanded) that `code` names, as segment lists after resolving
/// `crate`/`super`/`self` against `module`.
fn named_paths(code: &str, module: &str, modules: &Modules) -> Vec<Vec<String>> {
    let own: Vec<&str> = module.split("::").collect();
    let parent = &own[..own.len() - 1];
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = is_ident(bytes[i])
            && (i == 0 || (!is_ident(bytes[i - 1]) && !code[..i].ends_with("::")));
        if !starts_word {
            i += 1;
            continue;
        }
        let end = (i..bytes.len())
            .find(|&j| !is_ident(bytes[j]))
            .unwrap_or(bytes.len());
        let word = &code[i..end];
        if !code[end..].starts_with("::") {
            i = end;
            continue;
        }
        let base: Option<Vec<String>> = match word {
            "crate" => Some(Vec::new()),
            "self" => Some(own.iter().map(|s| s.to_string()).collect()),
            "super" => Some(parent.iter().map(|s| s.to_string()).collect()),
            child if modules.contains_key(&format!("{module}::{child}")) => {
                let mut base: Vec<String> = own.iter().map(|s| s.to_string()).collect();
                base.push(child.to_string());
                Some(base)
            }
            _ => None,
        };
        if let Some(base) = base {
            let mut expanded = Vec::new();
            expand(&code[end + 2..], base, &mut expanded);
            paths.extend(expanded);
        }
        i = end;
    }
    paths
}

/// Appends to `out` every path `rest` continues `base` with: plain
/// segments, `super::`, and `{…}` groups (each item expanded).
fn expand(rest: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut rest = rest.trim_start();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = 0;
            for (at, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(&group[start..at], base.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&group[start..at], base.clone(), out);
                        start = at + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let segment = &rest[..end];
        if segment.is_empty() {
            break;
        }
        if segment == "super" {
            base.pop();
        } else if segment != "self" {
            base.push(segment.to_string());
        }
        match rest[end..].trim_start().strip_prefix("::") {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    out.push(base);
}

/// The module a path lands in: its longest prefix that is a module
/// (`None`: the crate root or outside the crate).
fn module_of(path: &[String], modules: &Modules) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains_key(m))
}

/// Rule 5: the import circles between a crate's modules, each as its
/// modules in order (`a -> b -> a`).
fn import_circles(modules: &Modules) -> Vec<String> {
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in modules {
        let targets = edges.entry(module).or_default();
        for path in named_paths(code, module, modules) {
            if let Some(target) = module_of(&path, modules) {
                if &target != module {
                    targets.insert(target);
                }
            }
        }
    }
    // A circle is a path from a module back to itself: search from each
    // module, in order, and report each set of modules once.
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut circles = Vec::new();
    for start in modules.keys() {
        if let Some(cycle) = path_back(start, &edges) {
            let members: BTreeSet<String> = cycle.iter().cloned().collect();
            if seen.insert(members) {
                circles.push(cycle.join(" -> "));
            }
        }
    }
    circles
}

/// The shortest chain of edges from `start` back to `start`, if any.
fn path_back(start: &str, edges: &BTreeMap<&str, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_string()]);
    while let Some(at) = queue.pop_front() {
        for next in edges.get(at.as_str()).into_iter().flatten() {
            if next == start {
                let mut chain = vec![start.to_string()];
                let mut back = at.clone();
                while back != start {
                    chain.push(back.clone());
                    back = came_from[&back].clone();
                }
                chain.push(start.to_string());
                let last = chain.len() - 1;
                chain[1..last].reverse();
                return Some(chain);
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next.clone(), at.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

/// The source roots of the workspace's crates: `src/` of the root package,
/// of each `crates/*`, and of xtask.
fn crate_sources(root: &Path) -> Vec<String> {
    let mut sources = vec!["src".to_string(), "xtask/src".to_string()];
    if let Ok(entries) = fs::read_dir(root.join("crates")) {
        for entry in entries.flatten() {
            if entry.path().join("src").is_dir() {
                sources.push(format!(
                    "crates/{}/src",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    sources.sort();
    sources
}

/// A crate's modules from the workspace's files under `src`.
fn modules_of(files: &[SourceFile], src: &str) -> Modules {
    let prefix = format!("{src}/");
    files
        .iter()
        .filter_map(|f| {
            let module = module_path(f.path.strip_prefix(&prefix)?)?;
            let code: Vec<String> = code_of(&f.text, false)
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            Some((module, code.join("\n")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        }
    }

    /// Fails listing every violation.
    fn assert_none(rule: &str, found: Vec<String>) {
        assert!(
            found.is_empty(),
            "{rule}: {} violation(s):\n{}",
            found.len(),
            found.join("\n")
        );
    }

    #[test]
    fn pure_crates_do_no_io() {
        let found = workspace_files(&root())
            .iter()
            .flat_map(io_violations)
            .collect();
        assert_none("I/O in a pure crate", found);
    }

    #[test]
    fn the_io_rule_catches_each_spelling() {
        for code in [
            "use std::fs;",
            "let f = std::fs::read(p);",
            "use std::net::TcpListener;",
            "std::process::exit(1);",
            "let f = File::open(p)?;",
            "use tokio::net::TcpStream;",
            "use std::{fmt, fs::File};",
            "use std::{io, process};",
        ] {
            let found = io_violations(&file("crates/mf/src/train.rs", code));
            assert!(!found.is_empty(), "{code}");
        }
        // Comments, other crates and harmless std paths pass.
        assert!(
            io_violations(&file("crates/core/src/a.rs", "// std::fs is for the CLI")).is_empty()
        );
        assert!(io_violations(&file("crates/cli/src/a.rs", "use std::fs;")).is_empty());
        assert!(io_violations(&file("crates/core/src/a.rs", "use std::{fmt, io};")).is_empty());
    }

    #[test]
    fn query_names_are_spelled_only_in_core() {
        let found = workspace_files(&root())
            .iter()
            .flat_map(query_name_violations)
            .collect();
        assert_none("query name literal outside crates/core", found);
    }

    #[test]
    fn the_query_name_rule_catches_a_literal_outside_core() {
        let code = "match name { \"get_actor\" => actor(), _ => other() }";
        let found = query_name_violations(&file("src/route.rs", code));
        assert_eq!(found, vec!["src/route.rs:1: \"get_actor\"".to_string()]);
        let code = "answer(&state, \"get_score_count\", raw)";
        assert_eq!(
            query_name_violations(&file("crates/server/src/routes/query.rs", code)).len(),
            1
        );
        // Core, tests, benchmarks, comments and route paths pass.
        assert!(query_name_violations(&file("crates/core/src/query.rs", code)).is_empty());
        assert!(query_name_violations(&file("tests/api.rs", code)).is_empty());
        assert!(query_name_violations(&file("crates/cli/benches/q.rs", code)).is_empty());
        let after_tests = format!("fn f() {{}}\n#[cfg(test)]\nmod tests {{ {code} }}");
        assert!(query_name_violations(&file("src/route.rs", &after_tests)).is_empty());
        let doc = "/// `get_actor` is answered by \"get_actor\"";
        assert!(query_name_violations(&file("src/route.rs", doc)).is_empty());
        let route = ".route(\"/get_actor\", get(actor))";
        assert!(query_name_violations(&file("crates/server/src/app.rs", route)).is_empty());
    }

    #[test]
    fn no_path_attributes() {
        let found = workspace_files(&root())
            .iter()
            .flat_map(path_attribute_violations)
            .collect();
        assert_none("#[path] attribute", found);
    }

    #[test]
    fn the_path_rule_catches_an_attribute() {
        let code = "mod a;\n#[path = \"x/y.rs\"]\nmod y;";
        assert_eq!(
            path_attribute_violations(&file("tests/api.rs", code)),
            vec!["tests/api.rs:2: #[path]".to_string()]
        );
        let spaced = "#[ path =\"y.rs\" ] mod y;";
        assert_eq!(
            path_attribute_violations(&file("src/a.rs", spaced)).len(),
            1
        );
        assert!(path_attribute_violations(&file("src/a.rs", "// #[path = \"y.rs\"]")).is_empty());
    }

    #[test]
    fn every_library_denies_missing_docs() {
        let root = root();
        let read = |p: PathBuf| fs::read_to_string(p).unwrap_or_default();
        let workspace = read(root.join("Cargo.toml"));
        let mut lacking = Vec::new();
        for src in crate_sources(&root) {
            let lib = root.join(&src).join("lib.rs");
            if !lib.is_file() {
                continue;
            }
            let manifest_dir = Path::new(&src).parent().unwrap_or(Path::new(""));
            let manifest = read(root.join(manifest_dir).join("Cargo.toml"));
            let manifest = if manifest_dir.as_os_str().is_empty() {
                // The root package's manifest is the workspace's.
                workspace.clone()
            } else {
                manifest
            };
            if !denies_missing_docs(&read(lib), &manifest, &workspace) {
                lacking.push(format!("{src}/lib.rs"));
            }
        }
        assert_none("library without #![deny(missing_docs)]", lacking);
    }

    #[test]
    fn the_missing_docs_rule_wants_a_deny() {
        let workspace = "[workspace]\n[workspace.lints.rust]\nmissing_docs = \"deny\"\n";
        let takes = "[package]\nname = \"x\"\n[lints]\nworkspace = true\n";
        assert!(denies_missing_docs("#![deny(missing_docs)]\n", "", ""));
        assert!(denies_missing_docs("//! Docs.\n", takes, workspace));
        // Violations: nothing said, only a warning, or lints not taken.
        assert!(!denies_missing_docs(
            "//! Docs.\npub fn f() {}",
            "",
            workspace
        ));
        assert!(!denies_missing_docs("#![warn(missing_docs)]", takes, ""));
        assert!(!denies_missing_docs("//! Docs.", "[package]\n", workspace));
        assert!(!denies_missing_docs("// #![deny(missing_docs)]", "", ""));
        let warns = "[workspace.lints.rust]\nmissing_docs = \"warn\"\n";
        assert!(!denies_missing_docs("", takes, warns));
    }

    #[test]
    fn no_import_circles() {
        let root = root();
        let files = workspace_files(&root);
        let mut found = Vec::new();
        for src in crate_sources(&root) {
            for circle in import_circles(&modules_of(&files, &src)) {
                found.push(format!("{src}: {circle}"));
            }
        }
        assert_none("import circle", found);
    }

    fn modules(list: &[(&str, &str)]) -> Modules {
        list.iter()
            .map(|(m, c)| (m.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn the_circle_rule_catches_two_modules_naming_each_other() {
        let found = import_circles(&modules(&[
            ("format", "use crate::i18n::Lang;"),
            ("i18n", "pub fn f() { crate::format::int(1) }"),
            ("leaf", ""),
        ]));
        assert_eq!(found, vec!["format -> i18n -> format".to_string()]);
    }

    #[test]
    fn the_circle_rule_follows_groups_super_and_children() {
        // routes uses its child by a relative path; the child uses its
        // parent through `super::{…}`: a circle of three through openapi.
        let found = import_circles(&modules(&[
            (
                "routes",
                "fn r() { query::answer(); crate::openapi::doc(); }",
            ),
            ("routes::query", "use super::{json_ok, AppState};"),
            ("openapi", "use crate::{routes::query::answer, x};"),
        ]));
        assert!(found.iter().any(|c| c.contains("openapi")), "{found:?}");
        assert!(found.contains(&"routes -> routes::query -> routes".to_string()));
        // A multi-line group reaches the module it names.
        let found = import_circles(&modules(&[
            ("a", "use crate::{\n    b::{X,\n        Y},\n};"),
            ("b", "use crate::a::Z;"),
        ]));
        assert_eq!(found, vec!["a -> b -> a".to_string()]);
        // Leaves first, and a test module's `use super::*`, are no circle.
        let found = import_circles(&modules(&[
            ("app", "use crate::routes::query; use crate::schema::Body;"),
            ("routes::query", "use crate::schema::Body;"),
            ("schema", ""),
        ]));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn module_paths_follow_the_files() {
        assert_eq!(
            module_path("routes/query.rs").as_deref(),
            Some("routes::query")
        );
        assert_eq!(module_path("app/mod.rs").as_deref(), Some("app"));
        assert_eq!(module_path("lib.rs"), None);
        assert_eq!(module_path("main.rs"), None);
        let code: Vec<String> = code_of("a\n/* b\n c */ d // e\n#[cfg(test)]\nf", false)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(code, ["a", "", " d "]);
    }
}
