
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'plugin' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'plugin'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'plugin' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a plugins.toml in the current folder')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install plugins and record them in plugins.toml and plugins.lock')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Install plugins and record them in plugins.toml and plugins.lock')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade plugins to the newest versions plugins.toml allows')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Upgrade plugins to the newest versions plugins.toml allows')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check installed files against their install records and plugins.lock')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Return plugins, plugins.toml and plugins.lock to the state before the last change')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store a registry token, read from standard input, in the user''s credentials file')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a stored registry token')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Write every locked package into DIR as a registry, for machines without network')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a plugin source folder with a commented plugin.toml')
            [CompletionResult]::new('package', 'package', [CompletionResultType]::ParameterValue, 'Validate a plugin source folder and write its reproducible archive')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish an archive, or a folder after packaging it, into a registry kept as a folder')
            [CompletionResult]::new('yank', 'yank', [CompletionResultType]::ParameterValue, 'Mark a published version as yanked (or, with --undo, not yanked)')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Create or check a registry kept as a folder')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search a registry''s plugins by name and description')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show a plugin''s versions, description, dependencies, host and entry points')
            [CompletionResult]::new('entry-points', 'entry-points', [CompletionResultType]::ParameterValue, 'List the entry points of the installed plugins (for hosts to load them)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the environment `plugin run` sets, for `eval` in a shell')
            [CompletionResult]::new('requirements', 'requirements', [CompletionResultType]::ParameterValue, 'Print the installed plugins'' Python requirements, deduplicated and sorted')
            [CompletionResult]::new('outdated', 'outdated', [CompletionResultType]::ParameterValue, 'Show each locked plugin''s newest compatible and newest available versions')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show, clear or prune the download cache')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('tree', 'tree', [CompletionResultType]::ParameterValue, 'Print the resolved dependency tree from plugins.lock')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check every locked plugin against its registry''s security advisories; exit 1 on a hit')
            [CompletionResult]::new('why', 'why', [CompletionResultType]::ParameterValue, 'Show why a plugin is installed: every path from plugins.toml to it; with @VERSION, why that version was not chosen')
            [CompletionResult]::new('advisory', 'advisory', [CompletionResultType]::ParameterValue, 'Keep security advisories (OSV records) in a registry kept as a folder')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List installed plugins with version and source (one per line on stdout)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;init' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The default registry: a URL or a path')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory, relative to plugins.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;install' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry to use: a name from `[registries]`, a URL or a path')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml)')
            [CompletionResult]::new('--sha256', '--sha256', [CompletionResultType]::ParameterName, 'The expected sha256 of an archive URL (64 hex digits)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Reinstall the named plugins (all, with no SPEC) from their locked source even if current, removing files in their folders that are not part of the package')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;add' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry to use: a name from `[registries]`, a URL or a path')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml)')
            [CompletionResult]::new('--sha256', '--sha256', [CompletionResultType]::ParameterName, 'The expected sha256 of an archive URL (64 hex digits)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Reinstall the named plugins (all, with no SPEC) from their locked source even if current, removing files in their folders that are not part of the package')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;upgrade' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Upgrade every plugin')
            [CompletionResult]::new('--breaking', '--breaking', [CompletionResultType]::ParameterName, 'Allow new major versions: set the plugins.toml requirement aside, and rewrite it when the version picked falls outside it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;update' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Upgrade every plugin')
            [CompletionResult]::new('--breaking', '--breaking', [CompletionResultType]::ParameterName, 'Allow new major versions: set the plugins.toml requirement aside, and rewrite it when the version picked falls outside it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;uninstall' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;remove' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;verify' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;rollback' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;login' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;logout' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;mirror' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;new' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Its category, such as `worker`, `app` or `backbone`')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The host application it is for, such as `stoq`')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The layout to start from')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The folder to create (default: NAME)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;package' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the archive (default: the current folder)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The archive format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the files the archive would hold, and write nothing')
            [CompletionResult]::new('--top-folder', '--top-folder', [CompletionResultType]::ParameterName, 'Put every file under one folder NAME-VERSION/ (release-tarball style)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;publish' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The archive format, when packaging a folder')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--top-folder', '--top-folder', [CompletionResultType]::ParameterName, 'Put every file under one folder NAME-VERSION/, when packaging a folder')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;yank' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`)')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'Mark the version as not yanked again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;index' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a registry (config.json and an empty search listing) in a folder or an object store')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;index;init' {
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'The key folder (outside DIR): `root.pem` and `online.pem`, made when missing')
            [CompletionResult]::new('--root-expires', '--root-expires', [CompletionResultType]::ParameterName, 'How long root.json stays valid')
            [CompletionResult]::new('--targets-expires', '--targets-expires', [CompletionResultType]::ParameterName, 'How long targets.json stays valid')
            [CompletionResult]::new('--snapshot-expires', '--snapshot-expires', [CompletionResultType]::ParameterName, 'How long snapshot.json stays valid')
            [CompletionResult]::new('--timestamp-expires', '--timestamp-expires', [CompletionResultType]::ParameterName, 'How long timestamp.json stays valid: a registry not re-signed within it is refused')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'Sign it with TUF: keys are made in (or read from) `--keys KEYDIR`, the metadata written beside config.json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;index;sign' {
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'The key folder (or set PLUGIN_SIGNING_KEYS); the online key suffices unless `--rotate-root` is given, which needs its root key too')
            [CompletionResult]::new('--rotate-root', '--rotate-root', [CompletionResultType]::ParameterName, 'Rotate to the keys in NEWKEYDIR (made when missing): a new root signed by the old root key and the new one, and everything signed again with the new online key')
            [CompletionResult]::new('--root-expires', '--root-expires', [CompletionResultType]::ParameterName, 'How long root.json stays valid')
            [CompletionResult]::new('--targets-expires', '--targets-expires', [CompletionResultType]::ParameterName, 'How long targets.json stays valid')
            [CompletionResult]::new('--snapshot-expires', '--snapshot-expires', [CompletionResultType]::ParameterName, 'How long snapshot.json stays valid')
            [CompletionResult]::new('--timestamp-expires', '--timestamp-expires', [CompletionResultType]::ParameterName, 'How long timestamp.json stays valid: a registry not re-signed within it is refused')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;index;verify' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;index;gc' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;index;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a registry (config.json and an empty search listing) in a folder or an object store')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;index;help;init' {
            break
        }
        'plugin;index;help;sign' {
            break
        }
        'plugin;index;help;verify' {
            break
        }
        'plugin;index;help;gc' {
            break
        }
        'plugin;index;help;help' {
            break
        }
        'plugin;search' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry: a name from `[registries]`, a URL or a path (default: the project''s)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;info' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry: a name from `[registries]`, a URL or a path (default: the project''s)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;entry-points' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;run' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;env' {
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'The shell to print for')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;requirements' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;outdated' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;cache' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Delete everything in the cache')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete cached files not used for some days')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;cache;dir' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;cache;clean' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;cache;prune' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Keep what was used within this many days')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;cache;help' {
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Delete everything in the cache')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete cached files not used for some days')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;cache;help;dir' {
            break
        }
        'plugin;cache;help;clean' {
            break
        }
        'plugin;cache;help;prune' {
            break
        }
        'plugin;cache;help;help' {
            break
        }
        'plugin;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;tree' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Show the plugins that need NAME, up to plugins.toml, instead of what they need')
            [CompletionResult]::new('--invert', '--invert', [CompletionResultType]::ParameterName, 'Show the plugins that need NAME, up to plugins.toml, instead of what they need')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;audit' {
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'An advisory id (or alias) to leave out of the report. Repeatable')
            [CompletionResult]::new('--ignore-until-fixed', '--ignore-until-fixed', [CompletionResultType]::ParameterName, 'An advisory id (or alias) to leave out while no fixed version is published. Repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;why' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;advisory' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Validate OSV records and file them under each plugin they name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;advisory;add' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'The registry folder')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;advisory;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Validate OSV records and file them under each plugin they name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;advisory;help;add' {
            break
        }
        'plugin;advisory;help;help' {
            break
        }
        'plugin;list' {
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'The plugin directory')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` is honoured by `auto`)')
            [CompletionResult]::new('--manifest-path', '--manifest-path', [CompletionResultType]::ParameterName, 'Path to the project''s plugins.toml (default: found in the current folder or above)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`')
            [CompletionResult]::new('--link-mode', '--link-mode', [CompletionResultType]::ParameterName, 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock''s sources [env: PLUGIN_MIRROR]. Repeatable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (URLs fetched, decisions taken)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use no network: archives and index files come from the cache')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both `--locked` and `--offline`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (schemas in docs/json.md)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'plugin;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a plugins.toml in the current folder')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install plugins and record them in plugins.toml and plugins.lock')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade plugins to the newest versions plugins.toml allows')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check installed files against their install records and plugins.lock')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Return plugins, plugins.toml and plugins.lock to the state before the last change')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store a registry token, read from standard input, in the user''s credentials file')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a stored registry token')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Write every locked package into DIR as a registry, for machines without network')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a plugin source folder with a commented plugin.toml')
            [CompletionResult]::new('package', 'package', [CompletionResultType]::ParameterValue, 'Validate a plugin source folder and write its reproducible archive')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish an archive, or a folder after packaging it, into a registry kept as a folder')
            [CompletionResult]::new('yank', 'yank', [CompletionResultType]::ParameterValue, 'Mark a published version as yanked (or, with --undo, not yanked)')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Create or check a registry kept as a folder')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search a registry''s plugins by name and description')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show a plugin''s versions, description, dependencies, host and entry points')
            [CompletionResult]::new('entry-points', 'entry-points', [CompletionResultType]::ParameterValue, 'List the entry points of the installed plugins (for hosts to load them)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the environment `plugin run` sets, for `eval` in a shell')
            [CompletionResult]::new('requirements', 'requirements', [CompletionResultType]::ParameterValue, 'Print the installed plugins'' Python requirements, deduplicated and sorted')
            [CompletionResult]::new('outdated', 'outdated', [CompletionResultType]::ParameterValue, 'Show each locked plugin''s newest compatible and newest available versions')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show, clear or prune the download cache')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('tree', 'tree', [CompletionResultType]::ParameterValue, 'Print the resolved dependency tree from plugins.lock')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check every locked plugin against its registry''s security advisories; exit 1 on a hit')
            [CompletionResult]::new('why', 'why', [CompletionResultType]::ParameterValue, 'Show why a plugin is installed: every path from plugins.toml to it; with @VERSION, why that version was not chosen')
            [CompletionResult]::new('advisory', 'advisory', [CompletionResultType]::ParameterValue, 'Keep security advisories (OSV records) in a registry kept as a folder')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List installed plugins with version and source (one per line on stdout)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'plugin;help;init' {
            break
        }
        'plugin;help;install' {
            break
        }
        'plugin;help;upgrade' {
            break
        }
        'plugin;help;uninstall' {
            break
        }
        'plugin;help;verify' {
            break
        }
        'plugin;help;rollback' {
            break
        }
        'plugin;help;login' {
            break
        }
        'plugin;help;logout' {
            break
        }
        'plugin;help;mirror' {
            break
        }
        'plugin;help;new' {
            break
        }
        'plugin;help;package' {
            break
        }
        'plugin;help;publish' {
            break
        }
        'plugin;help;yank' {
            break
        }
        'plugin;help;index' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a registry (config.json and an empty search listing) in a folder or an object store')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way')
            break
        }
        'plugin;help;index;init' {
            break
        }
        'plugin;help;index;sign' {
            break
        }
        'plugin;help;index;verify' {
            break
        }
        'plugin;help;index;gc' {
            break
        }
        'plugin;help;search' {
            break
        }
        'plugin;help;info' {
            break
        }
        'plugin;help;entry-points' {
            break
        }
        'plugin;help;run' {
            break
        }
        'plugin;help;env' {
            break
        }
        'plugin;help;requirements' {
            break
        }
        'plugin;help;outdated' {
            break
        }
        'plugin;help;cache' {
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Delete everything in the cache')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete cached files not used for some days')
            break
        }
        'plugin;help;cache;dir' {
            break
        }
        'plugin;help;cache;clean' {
            break
        }
        'plugin;help;cache;prune' {
            break
        }
        'plugin;help;completions' {
            break
        }
        'plugin;help;tree' {
            break
        }
        'plugin;help;audit' {
            break
        }
        'plugin;help;why' {
            break
        }
        'plugin;help;advisory' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Validate OSV records and file them under each plugin they name')
            break
        }
        'plugin;help;advisory;add' {
            break
        }
        'plugin;help;list' {
            break
        }
        'plugin;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
