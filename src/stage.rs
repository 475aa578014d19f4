//! Unpacking and staging: a plugin's selected files are written into a fresh folder inside
//! `PLUGIN_DIR/.plugin/staging/`, on the same file system as the plugin directory, so that
//! [`crate::transaction`] can move it into place with one atomic rename.

use std::fs;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use semver::Version;
use tempfile::TempDir;

use crate::archive::{Archive, ArchiveError, Limits};
use crate::checksum::{HashingWriter, Sha256};
use crate::manifest::{ManifestError, PluginManifest, MANIFEST_FILE};
use crate::name::PluginName;
use crate::printer::Printer;
use crate::record::{content_hash, FileEntry};
use crate::verify::{self, VerifyError};

/// Where and under which limits plugins are staged, and who reports progress.
#[derive(Debug, Clone)]
pub struct StageArea<'a> {
    /// The staging folder, `PLUGIN_DIR/.plugin/staging`.
    pub dir: PathBuf,
    /// The caps on archives (`[limits]` in plugins.toml).
    pub limits: Limits,
    /// The printer for progress and warnings.
    pub printer: &'a Printer,
    /// The download cache, if any.
    pub cache: Option<&'a crate::cache::Cache>,
}

/// Folders never taken from a folder source: version-control metadata.
pub const SKIPPED_DIRS: [&str; 3] = [".git", ".hg", ".svn"];

/// Staging that failed; the partial folder is removed.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// I/O in the staging area or the source folder.
    #[error("could not stage files from `{}`", from.display())]
    Io {
        /// The source.
        from: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The folder has no plugin.toml.
    #[error("`{}` has no `plugin.toml`: a plugin folder must hold its manifest at its root", dir.display())]
    NoManifest {
        /// The folder.
        dir: PathBuf,
    },
    /// A symlink or special file in a folder source.
    #[error("refused `{path}` in `{}`: only plain files and folders can be installed", dir.display())]
    Special {
        /// The folder.
        dir: PathBuf,
        /// The entry.
        path: String,
    },
    /// The manifest is invalid.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The archive was refused.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The archive's manifest names another plugin or version.
    #[error(transparent)]
    Verify(#[from] VerifyError),
}

impl StageError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Verify(e) => e.hint(),
            _ => None,
        }
    }
}

/// A plugin unpacked into the staging area, ready to be committed. The folder is deleted
/// when this is dropped unless it was moved away first.
#[derive(Debug)]
pub struct StagedPlugin {
    /// The staged folder.
    pub dir: TempDir,
    /// The plugin's manifest.
    pub manifest: PluginManifest,
    /// The staged files, sorted by path.
    pub files: Vec<FileEntry>,
    /// Their content hash.
    pub content: Sha256,
}

impl StagedPlugin {
    fn new(dir: TempDir, manifest: PluginManifest, mut files: Vec<FileEntry>) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let content = content_hash(&files);
        Self {
            dir,
            manifest,
            files,
            content,
        }
    }
}

fn new_stage_dir(staging: &Path, from: &Path) -> Result<TempDir, StageError> {
    tempfile::Builder::new()
        .prefix("stage-")
        .tempdir_in(staging)
        .map_err(|source| StageError::Io {
            from: from.to_path_buf(),
            source,
        })
}

/// Unpacks the files of `archive` selected by `manifest` into a new folder in `staging`.
///
/// # Errors
/// [`StageError`].
pub fn stage_archive(
    archive: &Archive,
    strip: Option<&str>,
    manifest: PluginManifest,
    origin: &str,
    staging: &Path,
    archive_path: &Path,
) -> Result<StagedPlugin, StageError> {
    let filter = manifest.file_filter(origin)?;
    let dir = new_stage_dir(staging, archive_path)?;
    let files = archive.unpack(strip, &filter, dir.path())?;
    Ok(StagedPlugin::new(dir, manifest, files))
}

/// Opens the fetched archive at `path`, reads its `plugin.toml`, checks that it names
/// `expected` (name and version) when given, and unpacks the selected files into a new folder in
/// `area`. `label` names the archive in messages; warnings about the manifest are printed.
///
/// # Errors
/// [`StageError`], including [`StageError::Verify`] for a manifest naming another plugin or
/// version.
pub fn stage_fetched(
    path: &Path,
    label: &str,
    expected: Option<(&PluginName, &Version)>,
    area: &StageArea<'_>,
) -> Result<StagedPlugin, StageError> {
    let (staging, printer) = (area.dir.as_path(), area.printer);
    let archive = Archive::open(path, label)?.with_limits(area.limits);
    let found = archive.read_manifest()?;
    let origin = format!("archive `{label}`");
    let (manifest, warnings) = PluginManifest::parse(&found.text, &origin)?;
    for w in warnings {
        printer.warn(w);
    }
    let spinner = printer.spinner("Unpacking", label);
    let staged = stage_checked(&archive, &found, manifest, expected, &origin, staging, path);
    printer.finish_bar(&spinner);
    staged
}

/// The end of [`stage_fetched`], apart so that the spinner is cleared on every path.
fn stage_checked(
    archive: &Archive,
    found: &crate::archive::ArchiveManifest,
    manifest: PluginManifest,
    expected: Option<(&PluginName, &Version)>,
    origin: &str,
    staging: &Path,
    path: &Path,
) -> Result<StagedPlugin, StageError> {
    if let Some((name, version)) = expected {
        verify::manifest_matches(
            name,
            version,
            &manifest.plugin.name,
            &manifest.plugin.version,
        )?;
    }
    stage_archive(
        archive,
        found.strip.as_deref(),
        manifest,
        origin,
        staging,
        path,
    )
}

/// Reads the manifest of a plugin source folder.
///
/// # Errors
/// [`StageError::NoManifest`], [`StageError::Io`] or [`StageError::Manifest`]; warnings about
/// unknown keys are returned alongside.
pub fn folder_manifest(src: &Path) -> Result<(PluginManifest, Vec<String>), StageError> {
    let path = src.join(MANIFEST_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(StageError::NoManifest {
                dir: src.to_path_buf(),
            })
        }
        Err(source) => return Err(StageError::Io { from: path, source }),
    };
    Ok(PluginManifest::parse(
        &text,
        &format!("`{}`", path.display()),
    )?)
}

/// Copies the files of folder `src` selected by its manifest into a new folder in `staging`.
/// Symlinks and special files are refused; `.git`, `.hg` and `.svn` folders are skipped.
///
/// # Errors
/// [`StageError`].
pub fn stage_folder(
    src: &Path,
    manifest: PluginManifest,
    staging: &Path,
) -> Result<StagedPlugin, StageError> {
    let io_err = |source: io::Error| StageError::Io {
        from: src.to_path_buf(),
        source,
    };
    let filter = manifest.file_filter(&format!("`{}`", src.join(MANIFEST_FILE).display()))?;
    let (all, special) = walk_source(src).map_err(io_err)?;
    if let Some(path) = special.into_iter().find(|p| filter.selects(p)) {
        return Err(StageError::Special {
            dir: src.to_path_buf(),
            path,
        });
    }
    let dir = new_stage_dir(staging, src)?;
    let mut files = Vec::new();
    for rel in all.iter().filter(|f| filter.selects(f)) {
        files.push(copy_file(&src.join(rel), &dir.path().join(rel), rel).map_err(io_err)?);
    }
    Ok(StagedPlugin::new(dir, manifest, files))
}

/// Every entry of the source folder `src`, as `/`-separated relative paths, sorted: its regular
/// files, and its symlinks and special files. `.git`, `.hg` and `.svn` folders are skipped.
///
/// # Errors
/// I/O errors while walking.
pub fn walk_source(src: &Path) -> io::Result<(Vec<String>, Vec<String>)> {
    let mut files = Vec::new();
    let mut special = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel_dir) = stack.pop() {
        for entry in fs::read_dir(src.join(&rel_dir))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) {
                    stack.push(rel);
                }
            } else if kind.is_file() {
                files.push(rel);
            } else {
                special.push(rel);
            }
        }
    }
    files.sort();
    special.sort();
    Ok((files, special))
}

fn copy_file(from: &Path, to: &Path, rel: &str) -> io::Result<FileEntry> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut input = fs::File::open(from)?;
    let mode = {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            Some(input.metadata()?.permissions().mode())
        }
        #[cfg(not(unix))]
        {
            None
        }
    };
    let out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let mut writer = HashingWriter::new(BufWriter::new(out));
    io::copy(&mut input, &mut writer)?;
    let (inner, sha, size) = writer.finish();
    let file = inner.into_inner().map_err(|e| e.into_error())?;
    crate::archive::set_mode(&file, mode)?;
    Ok(FileEntry {
        path: rel.to_string(),
        sha256: sha.prefixed(),
        size,
    })
}
