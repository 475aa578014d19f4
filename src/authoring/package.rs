//! Building package archives from a plugin source folder (`plugin package`), reproducibly:
//! the same folder gives the same bytes, and so the same sha256, on any machine.
//!
//! The archive holds `plugin.toml` plus exactly the files `include`/`exclude` select, with
//! every entry normalised: sorted by path, folders before their contents, modification time
//! `SOURCE_DATE_EPOCH` (or 0; zip: 1980-01-01, the format's earliest), owner and group 0 with
//! empty names, mode 0755 for folders and executables and 0644 otherwise, and a gzip header
//! with no name and time 0. (See <https://reproducible-builds.org/docs/archives/>.)

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::{Compression, GzBuilder};

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::install::stage::{folder_manifest, walk_source};
use crate::manifest::{is_valid_entry_point, PluginManifest, MANIFEST_FILE};

/// The archive formats `plugin package` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `NAME-VERSION.tar.gz`.
    TarGz,
    /// `NAME-VERSION.zip`.
    Zip,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::TarGz => "tar.gz",
            Self::Zip => "zip",
        }
    }
}

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive format.
    pub format: Format,
    /// Put every entry under one folder `NAME-VERSION/` (release-tarball style).
    pub top_folder: bool,
    /// The modification time of every entry, in seconds since 1970 (`SOURCE_DATE_EPOCH`).
    pub mtime: u64,
}

/// A package that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The manifest or the folder is not a valid package.
    #[error("`{}` is not a valid plugin package:\n  {}", dir.display(), problems.join("\n  "))]
    Invalid {
        /// The source folder.
        dir: PathBuf,
        /// What is wrong, one line each.
        problems: Vec<String>,
    },
    /// I/O while reading the folder or writing the archive.
    #[error("could not package `{}`", dir.display())]
    Io {
        /// The source folder.
        dir: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The folder has no usable plugin.toml.
    #[error(transparent)]
    Stage(#[from] crate::install::stage::StageError),
}

impl Hint for PackageError {
    /// The hint of the staging error it wraps, if any.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Stage(e) => e.hint(),
            _ => None,
        }
    }
}

/// A built archive.
#[derive(Debug)]
pub struct Built {
    /// Where it was written.
    pub path: PathBuf,
    /// Its sha256.
    pub sha256: Sha256,
    /// The files it holds, relative to the package root, sorted.
    pub files: Vec<String>,
    /// The manifest.
    pub manifest: PluginManifest,
}

/// The manifest of the package in `dir`, the files it would hold, and warnings.
///
/// # Errors
/// [`PackageError::Invalid`] listing every problem found: globs that match no file, entry-point
/// values that are not `module.path:Object`, symlinks or special files among the selected files;
/// also a manifest that does not parse (name rules, semver, requirements).
pub fn inspect(dir: &Path) -> Result<(PluginManifest, Vec<String>, Vec<String>), PackageError> {
    let (manifest, warnings) = folder_manifest(dir)?;
    let io = |source| PackageError::Io {
        dir: dir.to_path_buf(),
        source,
    };
    let filter = manifest
        .file_filter(&format!("`{}`", dir.join(MANIFEST_FILE).display()))
        .map_err(|e| PackageError::Invalid {
            dir: dir.to_path_buf(),
            problems: vec![e.to_string()],
        })?;
    let mut problems = Vec::new();
    let (all, special) = walk_source(dir).map_err(io)?;
    for rel in special.iter().filter(|p| filter.selects(p)) {
        problems.push(format!(
            "`{rel}` is a symlink or special file: a package holds plain files only"
        ));
    }
    let files: Vec<String> = all.iter().filter(|f| filter.selects(f)).cloned().collect();
    for pattern in &manifest.plugin.include {
        let single = PluginManifest {
            plugin: crate::manifest::PackageMeta {
                include: vec![pattern.clone()],
                exclude: Vec::new(),
                ..manifest.plugin.clone()
            },
            ..manifest.clone()
        };
        let f = single
            .file_filter("check")
            .map_err(|e| PackageError::Invalid {
                dir: dir.to_path_buf(),
                problems: vec![e.to_string()],
            })?;
        if !all.iter().any(|p| p != MANIFEST_FILE && f.selects(p)) {
            problems.push(format!("`include` pattern `{pattern}` matches no file"));
        }
    }
    for (group, points) in &manifest.entry_points {
        for (name, value) in points {
            if !is_valid_entry_point(value) {
                problems.push(format!(
                    "entry point `{name}` in group `{group}` is `{value}`, not `module.path:Object`"
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(PackageError::Invalid {
            dir: dir.to_path_buf(),
            problems,
        });
    }
    Ok((manifest, files, warnings))
}

/// Builds the archive of the package in `dir` into `out_dir` as `NAME-VERSION.EXT`.
///
/// # Errors
/// As [`inspect`], and I/O errors.
pub fn build(
    dir: &Path,
    out_dir: &Path,
    opts: &Options,
) -> Result<(Built, Vec<String>), PackageError> {
    let (manifest, files, warnings) = inspect(dir)?;
    let io = |source| PackageError::Io {
        dir: dir.to_path_buf(),
        source,
    };
    let stem = format!("{}-{}", manifest.plugin.name, manifest.plugin.version);
    let prefix = if opts.top_folder {
        format!("{stem}/")
    } else {
        String::new()
    };
    // Folders, each before its contents.
    let mut folders = BTreeSet::new();
    if opts.top_folder {
        folders.insert(stem.clone());
    }
    for f in &files {
        for (i, _) in f.match_indices('/') {
            folders.insert(format!("{prefix}{}", &f[..i]));
        }
    }
    let mut entries: Vec<(String, Option<&String>)> =
        folders.into_iter().map(|d| (d, None)).collect();
    entries.extend(files.iter().map(|f| (format!("{prefix}{f}"), Some(f))));
    entries.sort_by(|a, b| a.0.cmp(&b.0));

    std::fs::create_dir_all(out_dir).map_err(io)?;
    let path = out_dir.join(format!("{stem}.{}", opts.format.extension()));
    let mut tmp = crate::fs::shared_temp_file_in(out_dir, ".package-").map_err(io)?;
    match opts.format {
        Format::TarGz => write_tar_gz(dir, &entries, opts.mtime, tmp.as_file_mut()).map_err(io)?,
        Format::Zip => write_zip(dir, &entries, tmp.as_file_mut()).map_err(io)?,
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(&path).map_err(|e| io(e.error))?;
    let sha256 = Sha256::of_file(&path).map_err(io)?;
    Ok((
        Built {
            path,
            sha256,
            files,
            manifest,
        },
        warnings,
    ))
}

fn is_executable(path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}

fn write_tar_gz(
    dir: &Path,
    entries: &[(String, Option<&String>)],
    mtime: u64,
    out: &mut std::fs::File,
) -> io::Result<()> {
    let gz = GzBuilder::new().mtime(0).write(out, Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (name, source) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_mtime(mtime);
        h.set_uid(0);
        h.set_gid(0);
        h.set_username("")?;
        h.set_groupname("")?;
        match source {
            None => {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_mode(0o755);
                h.set_size(0);
                tar.append_data(&mut h, format!("{name}/"), io::empty())?;
            }
            Some(rel) => {
                let file = dir.join(rel);
                let bytes = std::fs::read(&file)?;
                h.set_entry_type(tar::EntryType::Regular);
                h.set_mode(if is_executable(&file)? { 0o755 } else { 0o644 });
                h.set_size(bytes.len() as u64);
                tar.append_data(&mut h, name, bytes.as_slice())?;
            }
        }
    }
    tar.into_inner()?.finish()?.flush()
}

fn write_zip(
    dir: &Path,
    entries: &[(String, Option<&String>)],
    out: &mut std::fs::File,
) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(out);
    let base = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, source) in entries {
        match source {
            None => zip
                .add_directory(name.as_str(), base.unix_permissions(0o755))
                .map_err(io::Error::other)?,
            Some(rel) => {
                let file = dir.join(rel);
                let mode = if is_executable(&file)? { 0o755 } else { 0o644 };
                zip.start_file(name.as_str(), base.unix_permissions(mode))
                    .map_err(io::Error::other)?;
                zip.write_all(&std::fs::read(&file)?)?;
            }
        }
    }
    zip.finish().map_err(io::Error::other)?.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) {
        std::fs::create_dir_all(dir.join("pkg/sub")).unwrap();
        std::fs::write(
            dir.join("plugin.toml"),
            "[plugin]\nname = \"demo\"\nversion = \"1.0.0\"\ninclude = [\"pkg\"]\nexclude = [\"**/*.pyc\"]\n\n[entry-points.\"demo.plugins\"]\nmain = \"pkg.main:Main\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("pkg/main.py"), "class Main: pass\n").unwrap();
        std::fs::write(dir.join("pkg/sub/x.py"), "x = 1\n").unwrap();
        std::fs::write(dir.join("pkg/junk.pyc"), "junk").unwrap();
        std::fs::write(dir.join("notes.txt"), "not included").unwrap();
    }

    #[test]
    fn same_folder_same_bytes_whatever_the_mtimes() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        sample(a.path());
        std::thread::sleep(std::time::Duration::from_millis(1100));
        sample(b.path());
        for format in [Format::TarGz, Format::Zip] {
            for top_folder in [false, true] {
                let opts = Options {
                    format,
                    top_folder,
                    mtime: 0,
                };
                let (x, _) = build(a.path(), &a.path().join("out"), &opts).unwrap();
                let (y, _) = build(b.path(), &b.path().join("out"), &opts).unwrap();
                assert_eq!(x.sha256, y.sha256, "{format:?} {top_folder}");
                assert_eq!(x.files, ["pkg/main.py", "pkg/sub/x.py", "plugin.toml"]);
            }
        }
    }

    #[test]
    fn reports_unmatched_globs_and_bad_entry_points() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("plugin.toml"),
            "[plugin]\nname = \"demo\"\nversion = \"1.0.0\"\ninclude = [\"missing/**\"]\n\n[entry-points.g]\nbad = \"not valid:\"\n",
        )
        .unwrap();
        let err = inspect(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("`include` pattern `missing/**` matches no file"),
            "{err}"
        );
        assert!(err.contains("entry point `bad`"), "{err}");
    }
}
