//! Unpacking and staging: a plugin's selected files are written into a fresh folder inside
//! `PLUGIN_DIR/.plugin/staging/`, on the same file system as the plugin directory, so that
//! [`crate::install::transaction`] can move it into place with one atomic rename.
//!
//! A `.tar.gz` is unpacked while it downloads or is read from the cache, in the same pass
//! that hashes it ([`fetch_unpacking`], [`stage_stream`]); what was unpacked is used only
//! once the caller has checked the digest, and deleted otherwise. A zip, whose directory is
//! at its end, is read from the fetched file in two passes ([`stage_fetched`]).

use std::fs;
use std::io::{self, BufWriter, Read};
use std::path::{Path, PathBuf};

use semver::Version;
use tempfile::TempDir;

use crate::checksum::{HashingWriter, Sha256};
use crate::error::Hint;
use crate::install::archive::{read_up_to, Archive, ArchiveError, ArchiveFormat, Limits};
use crate::install::fetch::{fetch_with, FetchError, FetchRequest, Fetched};
use crate::install::record::{content_hash, FileEntry};
use crate::install::verify_archive::{self, VerifyError};
use crate::manifest::{FileFilter, ManifestError, PluginManifest, MANIFEST_FILE};
use crate::name::PluginName;
use crate::printer::Printer;

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
    pub cache: Option<&'a crate::source::cache::Cache>,
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
    /// The plugin folder does not exist, or is not a folder.
    #[error("`{}` is not a folder: a plugin source is a folder holding `plugin.toml` at its root", dir.display())]
    NotAFolder {
        /// The path given.
        dir: PathBuf,
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

impl Hint for StageError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Verify(e) => e.hint(),
            Self::NotAFolder { .. } => Some(
                "check the path (relative to the current folder); `plugin new NAME` creates a plugin folder".into(),
            ),
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
    /// A staged plugin from its folder, manifest and files (sorted here).
    pub(crate) fn new(dir: TempDir, manifest: PluginManifest, mut files: Vec<FileEntry>) -> Self {
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

/// A new `stage-*` folder in `staging`; `from` names the source in errors.
pub(crate) fn new_stage_dir(staging: &Path, from: &Path) -> Result<TempDir, StageError> {
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

/// A plugin unpacked by [`stage_stream`] from bytes whose checksum is not yet checked.
/// Dropping it deletes its files.
#[derive(Debug)]
pub struct Streamed {
    staged: StagedPlugin,
    warnings: Vec<String>,
}

impl Streamed {
    /// Finishes staging, once the caller has checked the archive's checksum: prints the
    /// manifest's warnings and checks that it names `expected` (name and version) when given.
    ///
    /// # Errors
    /// [`StageError::Verify`] for a manifest naming another plugin or version.
    pub fn finish(
        self,
        expected: Option<(&PluginName, &Version)>,
        printer: &Printer,
    ) -> Result<StagedPlugin, StageError> {
        for w in self.warnings {
            printer.warn(w);
        }
        check_expected(&self.staged.manifest, expected)?;
        Ok(self.staged)
    }
}

/// Unpacks the `.tar.gz` archive read from `stream` (`len` bytes, when known) into a new
/// folder in `area` in one pass, under the area's limits: the files its `plugin.toml`
/// selects, with the top-level folder that holds it (if any) stripped, as
/// [`stage_fetched`] would. `label` names the archive in messages. `Ok(None)`, after reading
/// at most two bytes, when the stream is not gzip (a zip, or not an archive): stage it from
/// the fetched file instead.
///
/// # Errors
/// [`StageError`]; nothing made is left behind.
pub fn stage_stream(
    stream: &mut dyn Read,
    len: Option<u64>,
    label: &str,
    area: &StageArea<'_>,
) -> Result<Option<Streamed>, StageError> {
    let io_err = |source| StageError::Io {
        from: PathBuf::from(label),
        source,
    };
    let mut magic = [0u8; 2];
    let n = read_up_to(stream, &mut magic).map_err(io_err)?;
    if ArchiveFormat::sniff(&magic[..n]) != Some(ArchiveFormat::TarGz) {
        return Ok(None);
    }
    let origin = format!("archive `{label}`");
    let raw = new_stage_dir(&area.dir, Path::new(label))?;
    // Once a root plugin.toml is read, files it does not select are not written at all. A
    // root manifest is the manifest (it wins over any in a folder), so what is parsed here is
    // kept for the end.
    let mut root: Option<(PluginManifest, Vec<String>, FileFilter)> = None;
    let early_filter = |text: &str| {
        let (m, warnings) = PluginManifest::parse(text, &origin).ok()?;
        let filter = m.file_filter(&origin).ok()?;
        root = Some((m, warnings, filter.clone()));
        Some(filter)
    };
    let unpacked = Archive::unpack_stream(
        (&magic[..n]).chain(stream),
        label,
        area.limits,
        len,
        raw.path(),
        early_filter,
    )?;
    let strip = unpacked.manifest.strip.as_deref();
    let (manifest, warnings, filter) = match root.filter(|_| strip.is_none()) {
        Some(parsed) => parsed,
        None => {
            let (m, warnings) = PluginManifest::parse(&unpacked.manifest.text, &origin)?;
            let filter = m.file_filter(&origin)?;
            (m, warnings, filter)
        }
    };
    let dir = match strip {
        None => raw,
        Some(top) => {
            let dir = new_stage_dir(&area.dir, Path::new(label))?;
            lift(raw, top, &dir).map_err(io_err)?;
            dir
        }
    };
    let mut files = Vec::new();
    for w in unpacked.written {
        let rel = match strip {
            None => w.path.as_str(),
            // Every entry is inside `top` (checked by the unpacker); others stayed in `raw`.
            Some(top) => match w.path.strip_prefix(top).and_then(|r| r.strip_prefix('/')) {
                Some(rel) => rel,
                None => continue,
            },
        };
        if filter.selects(rel) {
            files.push(FileEntry {
                path: rel.to_string(),
                sha256: w.sha256.prefixed(),
                size: w.size,
            });
        } else {
            // Written before the manifest was read.
            let path = dir.path().join(rel);
            fs::remove_file(&path).map_err(io_err)?;
            if let Some(folder) = path.parent() {
                crate::fs::remove_empty_parents(folder, dir.path());
            }
        }
    }
    Ok(Some(Streamed {
        staged: StagedPlugin::new(dir, manifest, files),
        warnings,
    }))
}

/// Moves the contents of folder `top` of `raw` into the empty folder `dir`; `raw` is deleted.
fn lift(raw: TempDir, top: &str, dir: &TempDir) -> io::Result<()> {
    for entry in fs::read_dir(raw.path().join(top))? {
        let entry = entry?;
        fs::rename(entry.path(), dir.path().join(entry.file_name()))?;
    }
    Ok(())
}

/// An archive fetched by [`fetch_unpacking`], and what unpacking it on the way made.
#[derive(Debug)]
pub struct Unpacking {
    /// The fetched archive: its digest must be checked before [`Unpacking::stage`].
    pub fetched: Fetched,
    streamed: Result<Option<Streamed>, StageError>,
    label: String,
}

/// Fetches `req` into the staging area of `area` and, for a `.tar.gz`, unpacks it in the
/// same pass (see [`fetch_with`] and [`stage_stream`]). `label` names the archive in
/// messages.
///
/// # Errors
/// [`FetchError`] when the archive could not be fetched. Errors from unpacking wait in the
/// result for [`Unpacking::stage`], after the caller has checked the digest: a damaged
/// download is reported as a checksum mismatch, not as whatever its bytes look like.
pub fn fetch_unpacking(
    req: &FetchRequest<'_>,
    label: &str,
    area: &StageArea<'_>,
) -> Result<Unpacking, FetchError> {
    let (fetched, streamed) = fetch_with(req, &area.dir, area.printer, |stream, len| {
        stage_stream(stream, len, label, area)
    })?;
    Ok(Unpacking {
        fetched,
        streamed,
        label: label.to_string(),
    })
}

impl Unpacking {
    /// The staged plugin and the fetched archive, once the caller has checked the archive's
    /// digest: what was unpacked while fetching or, for a zip, the fetched file unpacked now.
    /// The manifest must name `expected` when given.
    ///
    /// # Errors
    /// [`StageError`].
    pub fn stage(
        self,
        expected: Option<(&PluginName, &Version)>,
        area: &StageArea<'_>,
    ) -> Result<(StagedPlugin, Fetched), StageError> {
        let staged = match self.streamed? {
            Some(streamed) => streamed.finish(expected, area.printer)?,
            None => stage_fetched(self.fetched.file.path(), &self.label, expected, area)?,
        };
        Ok((staged, self.fetched))
    }
}

/// The end of [`stage_fetched`], apart so that the spinner is cleared on every path.
fn stage_checked(
    archive: &Archive,
    found: &crate::install::archive::ArchiveManifest,
    manifest: PluginManifest,
    expected: Option<(&PluginName, &Version)>,
    origin: &str,
    staging: &Path,
    path: &Path,
) -> Result<StagedPlugin, StageError> {
    check_expected(&manifest, expected)?;
    stage_archive(
        archive,
        found.strip.as_deref(),
        manifest,
        origin,
        staging,
        path,
    )
}

/// Checks that `manifest` names `expected` (name and version), when given.
pub(crate) fn check_expected(
    manifest: &PluginManifest,
    expected: Option<(&PluginName, &Version)>,
) -> Result<(), VerifyError> {
    match expected {
        Some((name, version)) => verify_archive::manifest_matches(
            name,
            version,
            &manifest.plugin.name,
            &manifest.plugin.version,
        ),
        None => Ok(()),
    }
}

/// Reads the manifest of a plugin source folder.
///
/// # Errors
/// [`StageError::NotAFolder`], [`StageError::NoManifest`], [`StageError::Io`] or [`StageError::Manifest`]; warnings about
/// unknown keys are returned alongside.
pub fn folder_manifest(src: &Path) -> Result<(PluginManifest, Vec<String>), StageError> {
    let path = src.join(MANIFEST_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) if !src.is_dir() => {
            return Err(StageError::NotAFolder {
                dir: src.to_path_buf(),
            })
        }
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
    crate::install::archive::set_mode(&file, mode)?;
    Ok(FileEntry {
        path: rel.to_string(),
        sha256: sha.prefixed(),
        size,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::printer::{ColorChoice, Verbosity};

    /// A `.tar.gz` of `entries` (path, contents) in this order.
    fn tar_gz(entries: &[(&str, &str)]) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        for (path, text) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(text.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            tar.append_data(&mut h, path, text.as_bytes()).unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap()
    }

    const MANIFEST: &str =
        "[plugin]\nname = \"p\"\nversion = \"1.0.0\"\nexclude = [\"tests/**\"]\n";

    fn stream(archive: &[u8], len: Option<u64>) -> (TempDir, Result<Option<Streamed>, StageError>) {
        let staging = tempfile::tempdir().unwrap();
        let printer = Printer::new(Verbosity::Quiet, ColorChoice::Never, true, true);
        let area = StageArea {
            dir: staging.path().to_path_buf(),
            limits: Limits::default(),
            printer: &printer,
            cache: None,
        };
        let result = stage_stream(&mut &archive[..], len, "p 1.0.0", &area);
        (staging, result)
    }

    fn paths(s: &StagedPlugin) -> Vec<&str> {
        s.files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn files_before_the_manifest_are_filtered_afterwards() {
        let archive = tar_gz(&[
            ("p/__init__.py", "x = 1\n"),
            ("tests/deep/test_p.py", "assert True\n"),
            ("plugin.toml", MANIFEST),
            ("tests/later.py", "never written\n"),
        ]);
        let (_staging, result) = stream(&archive, Some(archive.len() as u64));
        let staged = result.unwrap().unwrap().staged;
        assert_eq!(paths(&staged), ["p/__init__.py", "plugin.toml"]);
        // The excluded file written before the manifest is gone, and so are its folders.
        assert!(!staged.dir.path().join("tests").exists());
        assert_eq!(
            fs::read_to_string(staged.dir.path().join("p/__init__.py")).unwrap(),
            "x = 1\n"
        );
        assert_eq!(staged.files[0].sha256, Sha256::of(b"x = 1\n").prefixed());
    }

    #[test]
    fn a_top_level_folder_is_stripped_without_a_known_length() {
        let archive = tar_gz(&[
            ("p-1.0.0/p/__init__.py", "x = 1\n"),
            ("p-1.0.0/plugin.toml", MANIFEST),
            ("p-1.0.0/tests/t.py", "assert True\n"),
        ]);
        let (staging, result) = stream(&archive, None);
        let staged = result.unwrap().unwrap().staged;
        assert_eq!(paths(&staged), ["p/__init__.py", "plugin.toml"]);
        assert!(staged.dir.path().join("plugin.toml").is_file());
        assert!(!staged.dir.path().join("tests").exists());
        // Only the stage folder is left in the staging area.
        let left: Vec<_> = fs::read_dir(staging.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn a_zip_is_left_to_the_two_pass_reader() {
        let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        zip.start_file("plugin.toml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(MANIFEST.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let (staging, result) = stream(&bytes, None);
        assert!(result.unwrap().is_none());
        assert_eq!(fs::read_dir(staging.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_refused_stream_leaves_nothing() {
        let archive = tar_gz(&[("plugin.toml", MANIFEST), ("P/a.py", "1"), ("p/a.py", "2")]);
        let (staging, result) = stream(&archive, None);
        let err = result.unwrap_err().to_string();
        assert!(err.contains("p/a.py"), "{err}");
        assert_eq!(fs::read_dir(staging.path()).unwrap().count(), 0);
    }
}
