//! The demo help centers in `supabase/demo/<project>/`: one folder per demo
//! project, its Markdown articles (`*.md`) and its Q&A pairs (`qa.csv`).
//!
//! Read by `demo-knowledge` (which turns them into the seed SQL) and by the
//! examples that measure retrieval and the injection scan on them, so that
//! every tool sees the same sources in the same order. Native only: it reads
//! the file system.

use crate::chunk::{self, QaPair};
use std::error::Error;
use std::path::{Path, PathBuf};

/// One demo project: a folder under the demo root.
#[derive(Clone, Debug)]
pub struct Project {
    /// The folder's name (`acme`).
    pub name: String,
    /// The project's publishable key in the seed data (`pk_demo_acme`).
    pub key: String,
    /// The language of its help center (the seed's acme project is German,
    /// the others English).
    pub language: &'static str,
    /// The articles, by file name.
    pub articles: Vec<Article>,
    /// The rows of `qa.csv` (none when the folder has no such file).
    pub qa: Vec<QaPair>,
}

/// One Markdown article as stored on disk.
#[derive(Clone, Debug)]
pub struct Article {
    /// The file name (`returns.md`).
    pub file: String,
    /// The whole file.
    pub text: String,
}

/// The projects under `root`, sorted by folder name, their articles sorted
/// by file name.
pub fn projects(root: &Path) -> Result<Vec<Project>, Box<dyn Error>> {
    let mut projects = Vec::new();
    for dir in sorted_entries(root, |p| p.is_dir())? {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let mut articles = Vec::new();
        for file in sorted_entries(&dir, |p| p.extension().is_some_and(|x| x == "md"))? {
            let Some(file_name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            articles.push(Article {
                file: file_name.to_owned(),
                text: std::fs::read_to_string(&file)?,
            });
        }
        let qa = match std::fs::read_to_string(dir.join("qa.csv")) {
            Ok(csv) => chunk::parse_qa_csv(&csv)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        projects.push(Project {
            key: format!("pk_demo_{name}"),
            language: if name == "acme" { "de" } else { "en" },
            name: name.to_owned(),
            articles,
            qa,
        });
    }
    Ok(projects)
}

/// The stable uuid of a demo row with this content hash (SHA-256 hex), so
/// that reloading the demo addresses the same rows and tools can map rows
/// back to their sources.
pub fn row_id(content_hash: &str) -> String {
    let h = content_hash.get(..32).unwrap_or(content_hash);
    let part = |r: std::ops::Range<usize>| h.get(r).unwrap_or("");
    format!(
        "{}-{}-4{}-8{}-{}",
        part(0..8),
        part(8..12),
        part(13..16),
        part(17..20),
        part(20..32)
    )
}

fn sorted_entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if keep(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_help_centers() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../supabase/demo");
        let projects = projects(&root).unwrap();
        let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["acme", "globex"]);
        assert_eq!(projects[0].key, "pk_demo_acme");
        assert_eq!(projects[0].language, "de");
        assert_eq!(projects[1].language, "en");
        for p in &projects {
            assert!(!p.articles.is_empty() && !p.qa.is_empty(), "{}", p.name);
            assert!(p.articles.windows(2).all(|w| w[0].file < w[1].file));
            assert!(p.articles.iter().all(|a| a.file.ends_with(".md")));
        }
        let total: usize = projects.iter().map(|p| p.articles.len()).sum();
        assert_eq!(total, 62);
    }

    #[test]
    fn row_ids_are_uuids_of_the_hash() {
        let id = row_id(&crate::chunk::content_hash("Hallo\n"));
        assert!(crate::supabase_auth::is_uuid(&id), "{id}");
        assert_eq!(id, row_id(&crate::chunk::content_hash("Hallo\n")));
        assert_ne!(id, row_id(&crate::chunk::content_hash("Hallo!\n")));
    }

    #[test]
    fn missing_root_is_an_error() {
        assert!(projects(Path::new("/nonexistent/demo")).is_err());
    }
}
