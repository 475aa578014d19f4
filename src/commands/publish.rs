//! `plugin publish [ARCHIVE|DIR] --index DIR`, `plugin yank NAME@VERSION --index DIR [--undo]`
//! and `plugin index init|verify|gc DIR`: keeping a registry kept as a folder, or in an object
//! store (`s3://BUCKET/PREFIX`, see [`crate::authoring::store_registry`]).

use std::path::{Path, PathBuf};

use crate::authoring::local_registry::{init, verify, LocalRegistry};
use crate::authoring::store_registry;
use crate::source::store::{AwsEnv, Store};

/// The object store `arg` names (`s3://…`), opened; `None` for a folder.
fn store_of(arg: &Path, ctx: &Context) -> anyhow::Result<Option<Store>> {
    let Some(text) = arg
        .to_str()
        .filter(|t| t.starts_with("s3://") || t.starts_with("az://"))
    else {
        return Ok(None);
    };
    let location =
        crate::source_id::RegistryLocation::parse(text, &ctx.cwd).map_err(anyhow::Error::msg)?;
    let crate::source_id::RegistryLocation::Store(location) = location else {
        unreachable!("an s3:// or az:// location")
    };
    // No plugins.toml here: the `PLUGIN_NET_*` variables over the defaults.
    let net = ctx.net_config(&Default::default());
    Ok(Some(Store::open(
        &location,
        &AwsEnv::from_env(&ctx.env),
        &net,
    )?))
}
use crate::authoring::signing::{self, Expiry, Keys, SigningError};
use crate::cli::{ExpiryArgs, GlobalArgs, IndexArgs, IndexCommand, PublishArgs, YankArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};

pub(crate) fn open(dir: &Path, ctx: &Context) -> anyhow::Result<LocalRegistry> {
    let printer = ctx.printer.clone();
    Ok(LocalRegistry::open(dir, || {
        printer.status(
            "Blocking",
            format_args!("waiting for the lock on `{}`", dir.display()),
        )
    })?)
}

/// The signing keys `--keys KEYDIR` (relative to the working directory) or, without it,
/// `PLUGIN_SIGNING_KEYS` give, with the folder they were read from (none for PEM text).
fn signing_keys(
    arg: Option<&Path>,
    ctx: &Context,
) -> anyhow::Result<Option<(Keys, Option<PathBuf>)>> {
    if let Some(dir) = arg {
        let dir = ctx.cwd.join(dir);
        return Ok(Some((Keys::load(&dir)?, Some(dir))));
    }
    let Some(value) = ctx
        .env
        .get(crate::env::vars::PLUGIN_SIGNING_KEYS)
        .filter(|v| !v.trim().is_empty())
    else {
        return Ok(None);
    };
    let keys = Keys::from_env_value(value, &ctx.cwd)?;
    let from = (!value.trim_start().starts_with("-----BEGIN")).then(|| ctx.cwd.join(value));
    Ok(Some((keys, from)))
}

/// The keys to re-sign the registry folder `dir` with after changing it: `Some` when it is
/// signed. Checked before anything is written, so that a refused command changes nothing.
///
/// # Errors
/// [`SigningError::NeedsKeys`] for a signed registry without keys,
/// [`SigningError::NotSigned`] for keys and an unsigned one, or the keys' errors.
pub(crate) fn keys_for(
    dir: &Path,
    arg: Option<&Path>,
    ctx: &Context,
) -> anyhow::Result<Option<Keys>> {
    let keys = signing_keys(arg, ctx)?;
    match (signing::is_signed(dir), keys) {
        (true, Some((keys, from))) => {
            if let Some(from) = &from {
                signing::check_keys_outside(from, dir)?;
            }
            let shown = from.unwrap_or_else(|| crate::env::vars::PLUGIN_SIGNING_KEYS.into());
            signing::check_online_key(dir, &keys, &shown)?;
            Ok(Some(keys))
        }
        (true, None) => Err(SigningError::NeedsKeys {
            registry: dir.to_path_buf(),
        }
        .into()),
        (false, Some(_)) => Err(SigningError::NotSigned {
            registry: dir.to_path_buf(),
        }
        .into()),
        (false, None) => Ok(None),
    }
}

/// [`keys_for`] for a registry in an object store.
fn store_keys(store: &Store, arg: Option<&Path>, ctx: &Context) -> anyhow::Result<Option<Keys>> {
    let keys = signing_keys(arg, ctx)?;
    let registry = || PathBuf::from(store.url());
    // root.json is read once: whether the registry is signed, and by which online key.
    match (signing::store::root(store)?, keys) {
        (Some(root), Some((keys, from))) => {
            let shown = from.unwrap_or_else(|| crate::env::vars::PLUGIN_SIGNING_KEYS.into());
            signing::store::check_online_key(store, &root, &keys, &shown)?;
            Ok(Some(keys))
        }
        (Some(_), None) => Err(SigningError::NeedsKeys {
            registry: registry(),
        }
        .into()),
        (None, Some(_)) => Err(SigningError::NotSigned {
            registry: registry(),
        }
        .into()),
        (None, None) => Ok(None),
    }
}

/// [`resign`] for a registry in an object store.
fn resign_store(
    store: &Store,
    keys: Option<&Keys>,
    changed: &[String],
    ctx: &Context,
) -> anyhow::Result<()> {
    if let Some(keys) = keys {
        signing::store::resign(store, keys, changed, Expiry::default())?;
        ctx.printer.status(
            "Signed",
            format_args!("the metadata of `{}` again", store.url()),
        );
    }
    Ok(())
}

/// Re-signs `dir` after `changed` were written (when `keys` is `Some`), and says so.
pub(crate) fn resign(
    dir: &Path,
    keys: Option<&Keys>,
    changed: &[String],
    ctx: &Context,
) -> anyhow::Result<()> {
    if let Some(keys) = keys {
        signing::resign(dir, keys, changed, Expiry::default())?;
        ctx.printer.status(
            "Signed",
            format_args!("the metadata of `{}` again", dir.display()),
        );
    }
    Ok(())
}

/// The expiry `args` give.
fn expiry(args: &ExpiryArgs) -> Result<Expiry, SigningError> {
    Ok(Expiry {
        root: signing::parse_duration(&args.root_expires)?,
        targets: signing::parse_duration(&args.targets_expires)?,
        snapshot: signing::parse_duration(&args.snapshot_expires)?,
        timestamp: signing::parse_duration(&args.timestamp_expires)?,
    })
}

pub(crate) fn publish(
    args: PublishArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store_of(&args.index, ctx)?;
    let index = match &store {
        Some(s) => s.url().into(),
        None => ctx.cwd.join(&args.index),
    };
    let source = ctx
        .cwd
        .join(args.source.as_deref().unwrap_or(Path::new(".")));
    let registry = match &store {
        Some(_) => None,
        None => Some(open(&index, ctx)?),
    };
    let keys = match &store {
        Some(s) => store_keys(s, args.keys.as_deref(), ctx)?,
        None => keys_for(&index, args.keys.as_deref(), ctx)?,
    };
    let scratch = tempfile::tempdir()?;
    let archive = if source.is_dir() {
        let opts = super::package::options(args.format, args.top_folder, ctx);
        let (built, warnings) = crate::authoring::package::build(&source, scratch.path(), &opts)?;
        for w in warnings {
            ctx.printer.warn(w);
        }
        built.path
    } else {
        source
    };
    // `SOURCE_DATE_EPOCH`, when set, is the `published` time too (reproducible registries).
    let published = ctx
        .env
        .source_date_epoch()
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        });
    let (manifest, cksum) = match (&registry, &store) {
        (Some(r), _) => r.publish_at(&archive, published)?,
        (None, Some(s)) => store_registry::publish(s, &archive, published)?,
        (None, None) => unreachable!("a folder or a store"),
    };
    let changed = [
        manifest.plugin.name.index_path(),
        crate::source::index::SEARCH_FILE.to_string(),
    ];
    match &store {
        Some(s) => resign_store(s, keys.as_ref(), &changed, ctx)?,
        None => resign(&index, keys.as_ref(), &changed, ctx)?,
    }
    ctx.printer.status(
        "Published",
        format_args!(
            "{} v{} to `{}` (sha256:{cksum})",
            manifest.plugin.name,
            manifest.plugin.version,
            index.display()
        ),
    );
    super::print_document(
        ctx,
        "publish",
        true,
        serde_json::json!({
            "name": manifest.plugin.name.as_str(),
            "plugin_version": manifest.plugin.version.to_string(),
            "index": index.display().to_string(),
            "sha256": cksum.to_hex(),
        }),
    )?;
    Ok(ExitStatus::Success)
}

pub(crate) fn yank(
    args: YankArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let (name, version) = args.spec.split_once('@').ok_or_else(|| UsageError {
        message: format!("`{}` is not NAME@VERSION", args.spec),
        hint: Some("for example `plugin yank stoq-hash@1.2.0 --index registry-index`".into()),
    })?;
    let name = super::parse_name(name)?;
    let version = semver::Version::parse(version).map_err(|e| UsageError {
        message: format!("`{version}` is not a version: {e}"),
        hint: None,
    })?;
    let store = store_of(&args.index, ctx)?;
    let (index, changed) = match &store {
        Some(s) => {
            let keys = store_keys(s, args.keys.as_deref(), ctx)?;
            let changed = store_registry::yank(s, &name, &version, !args.undo)?;
            if changed {
                let files = [
                    name.index_path(),
                    crate::source::index::SEARCH_FILE.to_string(),
                ];
                resign_store(s, keys.as_ref(), &files, ctx)?;
            }
            (s.url().into(), changed)
        }
        None => {
            let index = ctx.cwd.join(&args.index);
            let registry = open(&index, ctx)?;
            let keys = keys_for(&index, args.keys.as_deref(), ctx)?;
            let changed = registry.yank(&name, &version, !args.undo)?;
            if changed {
                resign(
                    &index,
                    keys.as_ref(),
                    &[
                        name.index_path(),
                        crate::source::index::SEARCH_FILE.to_string(),
                    ],
                    ctx,
                )?;
            }
            (index, changed)
        }
    };
    let what = if args.undo { "Unyanked" } else { "Yanked" };
    if changed {
        ctx.printer.status(
            what,
            format_args!("{name} v{version} in `{}`", index.display()),
        );
    } else {
        ctx.printer.info(format_args!(
            "{name} {version} was already {}",
            if args.undo { "not yanked" } else { "yanked" }
        ));
    }
    super::print_document(
        ctx,
        "yank",
        true,
        serde_json::json!({
            "name": name.as_str(),
            "plugin_version": version.to_string(),
            "index": index.display().to_string(),
            "yanked": !args.undo,
            "changed": changed,
        }),
    )?;
    Ok(ExitStatus::Success)
}

pub(crate) fn index(
    args: IndexArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    match args.command {
        IndexCommand::Init {
            dir,
            signed,
            keys,
            expiry: times,
        } => index_init(
            &dir,
            signed.then_some(keys).flatten().as_deref(),
            &times,
            ctx,
        ),
        IndexCommand::Gc { dir } => gc(&dir, ctx),
        IndexCommand::Sign {
            dir,
            keys,
            rotate_root,
            expiry: times,
        } => sign(&dir, keys.as_deref(), rotate_root.as_deref(), &times, ctx),
        IndexCommand::Verify { dir } => {
            let (dir, problems, checked, orphans) = match store_of(&dir, ctx)? {
                Some(s) => {
                    let scratch = tempfile::tempdir()?;
                    let v = store_registry::verify(&s, scratch.path())?;
                    (s.url().into(), v.problems, v.checked, Some(v.orphans))
                }
                None => {
                    let dir = ctx.cwd.join(dir);
                    let (mut problems, checked) = verify(&dir)?;
                    problems.extend(crate::authoring::advisory::verify(&dir));
                    problems.extend(signing::verify(&dir));
                    (dir, problems, checked, None)
                }
            };
            let mut doc = serde_json::json!({"dir": dir.display().to_string(), "checked": checked, "problems": problems});
            if let Some(o) = &orphans {
                doc["orphans"] = serde_json::json!(o);
            }
            super::print_document(ctx, "index verify", problems.is_empty(), doc)?;
            if !ctx.modes.json {
                for p in &problems {
                    let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                    ctx.printer
                        .data(format_args!("{}{at}: {}", p.file, p.message))?;
                }
            }
            for o in orphans.iter().flatten() {
                ctx.printer.warn(format!(
                    "`{o}` is an orphan: no index line names it (a publish stopped half-way); `plugin index gc {}` deletes it",
                    dir.display()
                ));
            }
            if problems.is_empty() {
                ctx.printer.status(
                    "Verified",
                    format_args!(
                        "`{}`: {checked} version{}, no problems",
                        dir.display(),
                        if checked == 1 { "" } else { "s" }
                    ),
                );
                return Ok(ExitStatus::Success);
            }
            let problem = hinted(
                format!(
                    "`{}` has {} problem{}",
                    dir.display(),
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
                if ctx.modes.json {
                    "fix the files the document's `problems` name; a published version's archive must never change"
                } else {
                    "fix the files named above; a published version's archive must never change"
                },
            );
            if ctx.modes.json {
                // The document above is the one on stdout; the message goes to stderr only.
                return Ok(crate::render::report(&ctx.printer, &problem));
            }
            Err(problem)
        }
    }
}

/// Creates `dir` (a folder) and refuses it inside the registry `registry`.
fn key_folder(dir: &Path, registry: &Path) -> anyhow::Result<()> {
    let existed = dir.exists();
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("could not create the key folder `{}`: {e}", dir.display()))?;
    if let Err(e) = signing::check_keys_outside(dir, registry) {
        if !existed {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e.into());
    }
    Ok(())
}

/// `index init DIR --signed --keys KEYDIR`: the keys (made when missing) and the first
/// metadata, listing the files already there.
fn sign_new(dir: &Path, keydir: &Path, times: Expiry, ctx: &Context) -> anyhow::Result<()> {
    let _lock = open(dir, ctx)?;
    if signing::is_signed(dir) {
        ctx.printer
            .info(format_args!("`{}` is signed already", dir.display()));
        return Ok(());
    }
    key_folder(keydir, dir)?;
    let keys = Keys::load_or_create(keydir)?;
    signing::init(dir, &keys, &signing::signable_files(dir)?, times)?;
    ctx.printer.status(
        "Signed",
        format_args!(
            "`{}` with the keys in `{}` (keep `{}` offline; `{}` is the key CI needs)",
            dir.display(),
            keydir.display(),
            signing::ROOT_KEY,
            signing::ONLINE_KEY
        ),
    );
    Ok(())
}

/// [`sign_new`] for a registry in an object store.
fn sign_new_store(
    store: &Store,
    keydir: &Path,
    times: Expiry,
    ctx: &Context,
) -> anyhow::Result<()> {
    if signing::store::is_signed(store)? {
        ctx.printer
            .info(format_args!("`{}` is signed already", store.url()));
        return Ok(());
    }
    std::fs::create_dir_all(keydir).map_err(|e| {
        anyhow::anyhow!(
            "could not create the key folder `{}`: {e}",
            keydir.display()
        )
    })?;
    let keys = Keys::load_or_create(keydir)?;
    signing::store::init(store, &keys, times)?;
    ctx.printer.status(
        "Signed",
        format_args!(
            "`{}` with the keys in `{}` (keep `{}` offline; `{}` is the key CI needs)",
            store.url(),
            keydir.display(),
            signing::ROOT_KEY,
            signing::ONLINE_KEY
        ),
    );
    Ok(())
}

/// `plugin index sign DIR [--keys KEYDIR] [--rotate-root NEWKEYDIR]`.
fn sign(
    dir: &Path,
    keys: Option<&Path>,
    rotate: Option<&Path>,
    times: &ExpiryArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let times = expiry(times)?;
    if let Some(store) = store_of(dir, ctx)? {
        let keys = store_keys(&store, keys, ctx)?.ok_or_else(|| SigningError::NotSigned {
            registry: store.url().into(),
        })?;
        let root_version = match rotate {
            Some(new) => {
                let new_keys = Keys::load_or_create(&ctx.cwd.join(new))?;
                let version = signing::store::rotate_root(&store, &keys, &new_keys, times)?;
                ctx.printer.status(
                    "Rotated",
                    format_args!(
                        "the root of `{}` to version {version}, signed by the old and the new root keys",
                        store.url()
                    ),
                );
                Some(version)
            }
            None => {
                signing::store::resign(&store, &keys, &[], times)?;
                ctx.printer
                    .status("Signed", format_args!("`{}` again", store.url()));
                None
            }
        };
        super::print_document(
            ctx,
            "index sign",
            true,
            serde_json::json!({"dir": store.url(), "root_version": root_version}),
        )?;
        return Ok(ExitStatus::Success);
    }
    let dir = &ctx.cwd.join(dir);
    let _lock = open(dir, ctx)?;
    let keys = keys_for(dir, keys, ctx)?.ok_or_else(|| SigningError::NotSigned {
        registry: dir.to_path_buf(),
    })?;
    let root_version = match rotate {
        Some(new) => {
            let new = ctx.cwd.join(new);
            key_folder(&new, dir)?;
            let new_keys = Keys::load_or_create(&new)?;
            let version = signing::rotate_root(dir, &keys, &new_keys, times)?;
            ctx.printer.status(
                "Rotated",
                format_args!(
                    "the root of `{}` to version {version}, signed by the old and the new root keys",
                    dir.display()
                ),
            );
            Some(version)
        }
        None => {
            signing::resign(dir, &keys, &[], times)?;
            ctx.printer.status(
                "Signed",
                format_args!(
                    "`{}` again (timestamp valid for {})",
                    dir.display(),
                    humantime::format_duration(times.timestamp)
                ),
            );
            None
        }
    };
    super::print_document(
        ctx,
        "index sign",
        true,
        serde_json::json!({"dir": dir.display().to_string(), "root_version": root_version}),
    )?;
    Ok(ExitStatus::Success)
}

/// `plugin index init DIR|S3URL [--signed --keys KEYDIR]`; `keys` is `Some` with `--signed`.
fn index_init(
    dir: &Path,
    keys: Option<&Path>,
    times: &ExpiryArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let times = expiry(times)?;
    let (dir, created, local) = match store_of(dir, ctx)? {
        Some(s) => {
            let created = store_registry::init(&s)?;
            if let Some(keys) = keys {
                sign_new_store(&s, &ctx.cwd.join(keys), times, ctx)?;
            }
            (s.url().into(), created, false)
        }
        None => {
            let dir = ctx.cwd.join(dir);
            let created = init(&dir)?;
            (dir, created, true)
        }
    };
    if created {
        ctx.printer.status(
            "Created",
            format_args!("registry index `{}`", dir.display()),
        );
    } else {
        ctx.printer.info(format_args!(
            "`{}` is a registry index already",
            dir.display()
        ));
    }
    if let (Some(keys), true) = (keys, local) {
        sign_new(&dir, &ctx.cwd.join(keys), times, ctx)?;
    }
    super::print_document(
        ctx,
        "index init",
        true,
        serde_json::json!({"dir": dir.display().to_string(), "created": created}),
    )?;
    Ok(ExitStatus::Success)
}

/// `plugin index gc DIR|S3URL`: deletes the registry's orphans.
fn gc(dir: &Path, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let (shown, removed) = match store_of(dir, ctx)? {
        Some(store) => (store.url().to_string(), store_registry::gc(&store)?),
        None => {
            let dir = ctx.cwd.join(dir);
            let removed = crate::authoring::local_registry::gc(&dir, || {
                ctx.printer.status(
                    "Blocking",
                    format_args!("waiting for the lock on `{}`", dir.display()),
                )
            })?;
            (format!("{}/", dir.display()), removed)
        }
    };
    for key in &removed {
        ctx.printer.status("Removed", format_args!("{shown}{key}"));
    }
    if removed.is_empty() {
        ctx.printer.info(format_args!("`{shown}` has no orphans"));
    }
    super::print_document(
        ctx,
        "index gc",
        true,
        serde_json::json!({"dir": shown, "removed": removed}),
    )?;
    Ok(ExitStatus::Success)
}
