//! The command line (clap derive). These are the only clap types in the crate: each command
//! in `crate::commands` turns its arguments into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A package manager for the plugins of host applications.
///
/// Installs plugin packages from a registry index, an archive URL or a local folder into the
/// host's plugin directory, checking versions and sha256 checksums, and records exactly what is
/// installed in plugins.lock.
#[derive(Debug, Parser)]
#[command(
    name = "plugin",
    version,
    propagate_version = true,
    after_help = "Examples:\n  plugin install stoq-hash --registry registry-index\n  plugin install threatbus-zeek@^1.1\n  plugin upgrade --all\n  plugin list"
)]
pub struct Cli {
    /// Options for every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (URLs fetched, decisions taken).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to use colour (`NO_COLOR` is honoured by `auto`).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Path to the project's plugins.toml (default: found in the current folder or above).
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Fail if plugins.toml and plugins.lock disagree or the lock would change (CI).
    #[arg(long, global = true)]
    pub locked: bool,
    /// Use no network: archives and index files come from the cache.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Both `--locked` and `--offline`.
    #[arg(long, global = true)]
    pub frozen: bool,
    /// Print one JSON document on stdout (schemas in docs/json.md).
    #[arg(long, global = true)]
    pub json: bool,
    /// How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`).
    #[arg(long, short = 'j', global = true, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// The host's Python environment (a virtual environment or an interpreter): keep one .pth
    /// file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`.
    #[arg(long, global = true, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// How install, upgrade and rollback place files from the store in the cache: a clone
    /// (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over
    /// `[project] link-mode`; default `clone`.
    #[arg(long, global = true, value_name = "MODE", value_parser = crate::project::LinkMode::NAMES)]
    pub link_mode: Option<String>,
    /// Read registry NAME (default: `default`) from a mirror, such as a folder written by
    /// `plugin mirror`, keeping plugins.lock's sources [env: PLUGIN_MIRROR]. Repeatable.
    #[arg(long, global = true, value_name = "[NAME=]DIR|URL")]
    pub mirror: Vec<String>,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a plugins.toml in the current folder.
    #[command(
        after_help = "Examples:\n  plugin init\n  plugin init --registry https://plugins.example.com/index/"
    )]
    Init(InitArgs),
    /// Install plugins and record them in plugins.toml and plugins.lock.
    ///
    /// With no SPEC, installs exactly what plugins.toml and plugins.lock say.
    #[command(
        after_help = "Examples:\n  plugin install stoq-hash\n  plugin install stoq-hash@~1.0\n  plugin install https://example.com/kitovu-moodle-0.2.0.zip --sha256 HEX\n  plugin install ./my-plugin\n  plugin install --registry registry-index stoq-hash\n  plugin install            # what plugins.lock records\n  plugin install --force stoq-hash   # repair what `plugin verify` reports"
    )]
    #[command(visible_alias = "add")]
    Install(InstallArgs),
    /// Upgrade plugins to the newest versions plugins.toml allows.
    ///
    /// Moves the named plugins (and only the dependencies that must move) and prints
    /// `NAME old -> new` for each plugin that moved.
    #[command(
        after_help = "Examples:\n  plugin upgrade stoq-hash\n  plugin upgrade --all --dry-run\n  plugin upgrade stoq-hash@1.0.0         # exactly this version\n  plugin upgrade --breaking stoq-hash     # may cross a major version; rewrites plugins.toml"
    )]
    #[command(visible_alias = "update")]
    Upgrade(UpgradeArgs),
    /// Remove plugins: their recorded files, their plugins.toml entry and their lock entry.
    #[command(
        visible_alias = "remove",
        after_help = "Examples:\n  plugin uninstall stoq-hash\n  plugin remove stoq-hash threatbus-zeek\n  plugin uninstall --all"
    )]
    Uninstall(UninstallArgs),
    /// Check installed files against their install records and plugins.lock.
    ///
    /// Reports modified, missing and unexpected files per plugin; exits 1 when anything
    /// differs.
    #[command(
        after_help = "Examples:\n  plugin verify\n  plugin verify --json\n  plugin install --force stoq-hash   # repair what it reports"
    )]
    Verify(VerifyArgs),
    /// Return plugins, plugins.toml and plugins.lock to the state before the last change.
    #[command(
        after_help = "Examples:\n  plugin upgrade --all\n  plugin rollback            # undo the upgrade"
    )]
    Rollback(RollbackArgs),
    /// Store a registry token, read from standard input, in the user's credentials file.
    #[command(after_help = "Examples:\n  printf '%s' \"$TOKEN\" | plugin login internal")]
    Login(LoginArgs),
    /// Remove a stored registry token.
    #[command(
        after_help = "Examples:\n  plugin logout internal\n  plugin logout https://plugins.example.com/index/"
    )]
    Logout(LogoutArgs),
    /// Write every locked package into DIR as a registry, for machines without network.
    #[command(
        after_help = "Examples:\n  plugin mirror vendor/plugins\n  plugin install --frozen --mirror vendor/plugins   # on the air-gapped machine, plugins.lock unchanged"
    )]
    Mirror(MirrorArgs),
    /// Create a plugin source folder with a commented plugin.toml.
    #[command(
        after_help = "Examples:\n  plugin new stoq-sniff --kind worker --host stoq\n  plugin new my-assets --template generic"
    )]
    New(NewArgs),
    /// Validate a plugin source folder and write its reproducible archive.
    ///
    /// The archive holds plugin.toml plus exactly the files include/exclude select; packaging
    /// the same folder anywhere gives the same sha256, which is printed.
    #[command(
        after_help = "Examples:\n  plugin package                 # the folder here, into NAME-VERSION.tar.gz\n  plugin package ../stoq-sniff --list\n  plugin package --format zip --out dist"
    )]
    Package(PackageArgs),
    /// Publish an archive, or a folder after packaging it, into a registry kept as a folder.
    #[command(
        after_help = "Examples:\n  plugin publish --index /srv/plugins/index\n  plugin publish stoq-sniff-1.0.0.tar.gz --index registry-index"
    )]
    Publish(PublishArgs),
    /// Mark a published version as yanked (or, with --undo, not yanked).
    #[command(
        after_help = "Examples:\n  plugin yank stoq-hash@1.2.0 --index registry-index\n  plugin yank stoq-hash@1.2.0 --index registry-index --undo"
    )]
    Yank(YankArgs),
    /// Create or check a registry kept as a folder.
    #[command(
        after_help = "Examples:\n  plugin index init /srv/plugins/index\n  plugin index verify registry-index"
    )]
    Index(IndexArgs),
    /// Search a registry's plugins by name and description.
    #[command(
        after_help = "Examples:\n  plugin search hash\n  plugin search threat --registry https://plugins.example.com/index/"
    )]
    Search(SearchArgs),
    /// Show a plugin's versions, description, dependencies, host and entry points.
    #[command(
        after_help = "Examples:\n  plugin info stoq-hash\n  plugin info stoq-hash@1.0.0 --json"
    )]
    Info(InfoArgs),
    /// List the entry points of the installed plugins (for hosts to load them).
    #[command(
        name = "entry-points",
        after_help = "Examples:\n  plugin entry-points threatbus.app\n  plugin entry-points --json     # for a host written in any language"
    )]
    EntryPoints(EntryPointsArgs),
    /// Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on).
    #[command(
        after_help = "Examples:\n  plugin run -- threatbus -c config.yaml\n  plugin run -- python3 -m kitovu sync"
    )]
    Run(RunArgs),
    /// Print the environment `plugin run` sets, for `eval` in a shell.
    #[command(
        after_help = "Examples:\n  eval \"$(plugin env)\"\n  plugin env --shell fish | source\n  plugin env --json"
    )]
    Env(EnvArgs),
    /// Print the installed plugins' Python requirements, deduplicated and sorted.
    #[command(
        after_help = "Examples:\n  plugin requirements > requirements.txt && pip install -r requirements.txt\n  plugin requirements --format json"
    )]
    Requirements(RequirementsArgs),
    /// Show each locked plugin's newest compatible and newest available versions.
    #[command(after_help = "Examples:\n  plugin outdated\n  plugin outdated --json")]
    Outdated(OutdatedArgs),
    /// Show, clear or prune the download cache.
    #[command(
        after_help = "Examples:\n  plugin cache dir\n  plugin cache prune --days 30\n  plugin cache clean"
    )]
    Cache(CacheArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  plugin completions bash > ~/.local/share/bash-completion/completions/plugin\n  plugin completions zsh > ~/.zfunc/_plugin"
    )]
    Completions(CompletionsArgs),
    /// Print the resolved dependency tree from plugins.lock.
    #[command(
        after_help = "Examples:\n  plugin tree\n  plugin tree --invert threatbus-inmem   # who needs it\n  plugin tree --json"
    )]
    Tree(TreeArgs),
    /// Check every locked plugin against its registry's security advisories; exit 1 on a hit.
    #[command(
        after_help = "Examples:\n  plugin audit\n  plugin audit --json\n  plugin audit --ignore PLUG-2026-0001 --ignore-until-fixed GHSA-xxxx-yyyy-zzzz"
    )]
    Audit(AuditArgs),
    /// Show why a plugin is installed: every path from plugins.toml to it; with @VERSION, why
    /// that version was not chosen.
    #[command(
        after_help = "Examples:\n  plugin why stoq-hash\n  plugin why stoq-hash@1.2.0   # why not this version\n  plugin why stoq-hash --json"
    )]
    Why(WhyArgs),
    /// Keep security advisories (OSV records) in a registry kept as a folder.
    #[command(
        after_help = "Examples:\n  plugin advisory add PLUG-2026-0001.json --index registry-index"
    )]
    Advisory(AdvisoryArgs),
    /// List installed plugins with version and source (one per line on stdout).
    #[command(
        after_help = "Examples:\n  plugin list\n  plugin list --plugin-dir /opt/host/plugins"
    )]
    List(ListArgs),
}

impl Command {
    /// The command's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Init(_) => "init",
            Self::Install(_) => "install",
            Self::Upgrade(_) => "upgrade",
            Self::Uninstall(_) => "uninstall",
            Self::List(_) => "list",
            Self::Tree(_) => "tree",
            Self::Verify(_) => "verify",
            Self::Rollback(_) => "rollback",
            Self::Login(_) => "login",
            Self::Logout(_) => "logout",
            Self::Mirror(_) => "mirror",
            Self::New(_) => "new",
            Self::Package(_) => "package",
            Self::Publish(_) => "publish",
            Self::Yank(_) => "yank",
            Self::Index(_) => "index",
            Self::Search(_) => "search",
            Self::Info(_) => "info",
            Self::EntryPoints(_) => "entry-points",
            Self::Run(_) => "run",
            Self::Env(_) => "env",
            Self::Requirements(_) => "requirements",
            Self::Outdated(_) => "outdated",
            Self::Completions(_) => "completions",
            Self::Cache(_) => "cache",
            Self::Audit(_) => "audit",
            Self::Why(_) => "why",
            Self::Advisory(_) => "advisory",
        }
    }
}

/// `plugin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The default registry: a URL or a path.
    #[arg(long, value_name = "URL|PATH")]
    pub registry: Option<String>,
    /// The plugin directory, relative to plugins.toml.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<String>,
}

/// `plugin install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// What to install: NAME, NAME@REQ, an http(s):// archive URL, or a folder or archive path.
    #[arg(value_name = "SPEC")]
    pub specs: Vec<String>,
    /// The registry to use: a name from `[registries]`, a URL or a path.
    #[arg(long, value_name = "NAME|URL|PATH")]
    pub registry: Option<String>,
    /// The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml).
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The expected sha256 of an archive URL (64 hex digits).
    #[arg(long, value_name = "HEX")]
    pub sha256: Option<String>,
    /// Reinstall the named plugins (all, with no SPEC) from their locked source even if
    /// current, removing files in their folders that are not part of the package.
    #[arg(long)]
    pub force: bool,
}

/// `plugin upgrade`.
#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The plugins to upgrade: NAME, or NAME@VERSION for exactly that version.
    #[arg(value_name = "NAME[@VERSION]")]
    pub names: Vec<String>,
    /// Upgrade every plugin.
    #[arg(long, conflicts_with = "names")]
    pub all: bool,
    /// Allow new major versions: set the plugins.toml requirement aside, and rewrite it when
    /// the version picked falls outside it.
    #[arg(long)]
    pub breaking: bool,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `plugin uninstall`.
#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// The plugins to remove.
    #[arg(value_name = "NAME", required_unless_present = "all")]
    pub names: Vec<String>,
    /// Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all.
    #[arg(long, conflicts_with = "names")]
    pub all: bool,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `plugin entry-points`.
#[derive(Debug, Args)]
pub struct EntryPointsArgs {
    /// Only this group, such as `threatbus.app`.
    pub group: Option<String>,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

/// `-j N`: a whole number of at least 1 (more than 32 work as 32).
fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("give at least 1 (`-j 1` does one plugin at a time)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

/// `plugin run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The command and its arguments (after `--`).
    #[arg(
        value_name = "CMD",
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<std::ffi::OsString>,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

/// `plugin env`.
#[derive(Debug, Args)]
pub struct EnvArgs {
    /// The shell to print for.
    #[arg(long, value_enum, default_value_t = EnvShell::Sh)]
    pub shell: EnvShell,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

/// `--shell` values of `plugin env`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvShell {
    /// POSIX sh, bash, zsh: `export NAME='VALUE'`.
    Sh,
    /// fish: `set -gx NAME 'VALUE'`.
    Fish,
    /// PowerShell: `$env:NAME = 'VALUE'`.
    Powershell,
}

/// `--format` values of `plugin requirements`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RequirementsFormat {
    /// A pip requirements file, with the plugins that want each line in a comment.
    Pip,
    /// JSON (see docs/json.md).
    Json,
}

/// `plugin requirements`.
#[derive(Debug, Args)]
pub struct RequirementsArgs {
    /// The output format.
    #[arg(long, value_enum, default_value_t = RequirementsFormat::Pip)]
    pub format: RequirementsFormat,
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

/// `plugin outdated`.
#[derive(Debug, Args)]
pub struct OutdatedArgs {}

/// `plugin cache`.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: CacheCommand,
}

/// `plugin cache` subcommands.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Print the cache folder.
    #[command(after_help = "Examples:\n  plugin cache dir\n  du -sh \"$(plugin cache dir)\"")]
    Dir,
    /// Delete everything in the cache.
    #[command(
        after_help = "Examples:\n  plugin cache clean\n  PLUGIN_CACHE_DIR=/tmp/ci-cache plugin cache clean"
    )]
    Clean,
    /// Delete cached files not used for some days.
    #[command(after_help = "Examples:\n  plugin cache prune\n  plugin cache prune --days 7")]
    Prune {
        /// Keep what was used within this many days.
        #[arg(long, default_value_t = 30)]
        days: u64,
    },
}

/// `plugin completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--template` values of `plugin new`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Template {
    /// A Python module with an entry point.
    Python,
    /// A folder of files and no code.
    Generic,
}

/// `--format` values of `plugin package`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ArchiveFormatArg {
    /// gzip-compressed tar.
    #[value(name = "tar.gz")]
    TarGz,
    /// zip.
    Zip,
}

/// `plugin new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The plugin's name.
    pub name: String,
    /// Its category, such as `worker`, `app` or `backbone`.
    #[arg(long)]
    pub kind: Option<String>,
    /// The host application it is for, such as `stoq`.
    #[arg(long)]
    pub host: Option<String>,
    /// The layout to start from.
    #[arg(long, value_enum, default_value_t = Template::Python)]
    pub template: Template,
    /// The folder to create (default: NAME).
    #[arg(long)]
    pub path: Option<PathBuf>,
}

/// `plugin package`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The plugin source folder (default: the current one).
    pub dir: Option<PathBuf>,
    /// Print the files the archive would hold, and write nothing.
    #[arg(long)]
    pub list: bool,
    /// Where to write the archive (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The archive format.
    #[arg(long, value_enum, default_value_t = ArchiveFormatArg::TarGz)]
    pub format: ArchiveFormatArg,
    /// Put every file under one folder NAME-VERSION/ (release-tarball style).
    #[arg(long)]
    pub top_folder: bool,
}

/// `plugin publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// An archive, or a plugin source folder to package first (default: the current folder).
    #[arg(value_name = "ARCHIVE|DIR")]
    pub source: Option<PathBuf>,
    /// The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`).
    #[arg(long, value_name = "DIR|S3URL")]
    pub index: PathBuf,
    /// The archive format, when packaging a folder.
    #[arg(long, value_enum, default_value_t = ArchiveFormatArg::TarGz)]
    pub format: ArchiveFormatArg,
    /// Put every file under one folder NAME-VERSION/, when packaging a folder.
    #[arg(long)]
    pub top_folder: bool,
    /// Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS).
    #[arg(long, value_name = "KEYDIR")]
    pub keys: Option<PathBuf>,
}

/// `plugin yank`.
#[derive(Debug, Args)]
pub struct YankArgs {
    /// The version to yank.
    #[arg(value_name = "NAME@VERSION")]
    pub spec: String,
    /// The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`).
    #[arg(long, value_name = "DIR|S3URL")]
    pub index: PathBuf,
    /// Mark the version as not yanked again.
    #[arg(long)]
    pub undo: bool,
    /// Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS).
    #[arg(long, value_name = "KEYDIR")]
    pub keys: Option<PathBuf>,
}

/// How long signed metadata stays valid (`index init --signed`, `index sign`).
#[derive(Debug, Clone, Args)]
pub struct ExpiryArgs {
    /// How long root.json stays valid.
    #[arg(long, value_name = "DURATION", default_value = "365d")]
    pub root_expires: String,
    /// How long targets.json stays valid.
    #[arg(long, value_name = "DURATION", default_value = "90d")]
    pub targets_expires: String,
    /// How long snapshot.json stays valid.
    #[arg(long, value_name = "DURATION", default_value = "90d")]
    pub snapshot_expires: String,
    /// How long timestamp.json stays valid: a registry not re-signed within it is refused.
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    pub timestamp_expires: String,
}

/// `plugin index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: IndexCommand,
}

/// `plugin index` subcommands.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Create a registry (config.json and an empty search listing) in a folder or an object store.
    #[command(
        after_help = "Examples:\n  plugin index init /srv/plugins/index\n  plugin index init s3://team-artifacts/plugins\n  plugin publish stoq-sniff-1.0.0.tar.gz --index /srv/plugins/index"
    )]
    Init {
        /// The folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`).
        #[arg(value_name = "DIR|S3URL")]
        dir: PathBuf,
        /// Sign it with TUF: keys are made in (or read from) `--keys KEYDIR`, the metadata
        /// written beside config.json.
        #[arg(long, requires = "keys")]
        signed: bool,
        /// The key folder (outside DIR): `root.pem` and `online.pem`, made when missing.
        #[arg(long, value_name = "KEYDIR")]
        keys: Option<PathBuf>,
        /// Expiry of the signed metadata.
        #[command(flatten)]
        expiry: ExpiryArgs,
    },
    /// Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh
    /// expiry (run it on a schedule, well within `--timestamp-expires`), or a new root.
    #[command(
        after_help = "Examples:\n  plugin index sign /srv/plugins/index --keys ~/.plugin-keys\n  PLUGIN_SIGNING_KEYS=keys plugin index sign registry-index\n  plugin index sign registry-index --keys old-keys --rotate-root new-keys"
    )]
    Sign {
        /// The registry folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The key folder (or set PLUGIN_SIGNING_KEYS); the online key suffices unless
        /// `--rotate-root` is given, which needs its root key too.
        #[arg(long, value_name = "KEYDIR")]
        keys: Option<PathBuf>,
        /// Rotate to the keys in NEWKEYDIR (made when missing): a new root signed by the old
        /// root key and the new one, and everything signed again with the new online key.
        #[arg(long, value_name = "NEWKEYDIR")]
        rotate_root: Option<PathBuf>,
        /// Expiry of the signed metadata.
        #[command(flatten)]
        expiry: ExpiryArgs,
    },
    /// Check every index line against its archive; exit 1 on any problem. In an object store,
    /// also list the archives no index line names (orphans; not a failure).
    #[command(
        after_help = "Examples:\n  plugin index verify registry-index\n  plugin index verify /srv/plugins/index --json\n  plugin index verify s3://team-artifacts/plugins"
    )]
    Verify {
        /// The folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`).
        #[arg(value_name = "DIR|S3URL")]
        dir: PathBuf,
    },
    /// Delete the archives no index line names (left by a publish that was killed half-way)
    /// from a registry folder or object store. Run it when no publish is under way.
    #[command(
        after_help = "Examples:\n  plugin index gc s3://team-artifacts/plugins\n  plugin index gc /srv/plugins/index --json"
    )]
    Gc {
        /// The folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`).
        #[arg(value_name = "DIR|S3URL")]
        dir: PathBuf,
    },
}

/// `plugin search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for in names and descriptions.
    pub query: String,
    /// The registry: a name from `[registries]`, a URL or a path (default: the project's).
    #[arg(long, value_name = "NAME|URL|PATH")]
    pub registry: Option<String>,
}

/// `plugin info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The plugin, and optionally a version (default: the newest not yanked).
    #[arg(value_name = "NAME[@VERSION]")]
    pub spec: String,
    /// The registry: a name from `[registries]`, a URL or a path (default: the project's).
    #[arg(long, value_name = "NAME|URL|PATH")]
    pub registry: Option<String>,
}

/// `plugin login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The registry: its name in `[registries]`, or its URL (which must be configured there);
    /// the token is stored under the registry's URL.
    #[arg(value_name = "NAME|URL")]
    pub name: String,
}

/// `plugin logout`.
#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// The registry: its name in `[registries]`, or its URL.
    #[arg(value_name = "NAME|URL")]
    pub name: String,
}

/// `plugin mirror`.
#[derive(Debug, Args)]
pub struct MirrorArgs {
    /// The folder to write the registry into.
    pub dir: PathBuf,
}

/// `plugin verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

/// `plugin rollback`.
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `plugin tree`.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Show the plugins that need NAME, up to plugins.toml, instead of what they need.
    #[arg(long, short = 'i', value_name = "NAME")]
    pub invert: Option<String>,
}

/// `plugin audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// An advisory id (or alias) to leave out of the report. Repeatable.
    #[arg(long, value_name = "ID")]
    pub ignore: Vec<String>,
    /// An advisory id (or alias) to leave out while no fixed version is published. Repeatable.
    #[arg(long, value_name = "ID")]
    pub ignore_until_fixed: Vec<String>,
}

/// `plugin why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The plugin, and optionally a version to ask about.
    #[arg(value_name = "NAME[@VERSION]")]
    pub spec: String,
}

/// `plugin advisory`.
#[derive(Debug, Args)]
pub struct AdvisoryArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AdvisoryCommand,
}

/// `plugin advisory` subcommands.
#[derive(Debug, Subcommand)]
pub enum AdvisoryCommand {
    /// Validate OSV records and file them under each plugin they name.
    #[command(
        after_help = "Examples:\n  plugin advisory add PLUG-2026-0001.json --index registry-index\n  plugin advisory add MAL-2026-7.json --index /srv/plugins/index --json"
    )]
    Add {
        /// A JSON file holding one OSV record or an array of them.
        file: PathBuf,
        /// The registry folder.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// Re-sign a signed registry with the online key in KEYDIR (or set
        /// PLUGIN_SIGNING_KEYS).
        #[arg(long, value_name = "KEYDIR")]
        keys: Option<PathBuf>,
    },
}

/// `plugin list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The plugin directory.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every help page ends with examples, subcommands of subcommands included.
    #[test]
    fn every_help_page_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("{path} {}", sub.get_name());
                let examples = sub
                    .get_after_help()
                    .map(|h| h.to_string())
                    .is_some_and(|h| h.starts_with("Examples:\n") && h.contains(&name));
                if !examples {
                    missing.push(name.clone());
                }
                walk(sub, &name, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "plugin", &mut missing);
        assert!(missing.is_empty(), "no examples in: {missing:?}");
    }

    #[test]
    fn exit_status_codes() {
        assert_eq!(crate::error::ExitStatus::Usage.code(), 2);
    }
}
