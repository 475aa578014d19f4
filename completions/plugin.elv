
use builtin;
use str;

set edit:completion:arg-completer[plugin] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'plugin'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'plugin'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a plugins.toml in the current folder'
            cand install 'Install plugins and record them in plugins.toml and plugins.lock'
            cand upgrade 'Upgrade plugins to the newest versions plugins.toml allows'
            cand uninstall 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry'
            cand verify 'Check installed files against their install records and plugins.lock'
            cand rollback 'Return plugins, plugins.toml and plugins.lock to the state before the last change'
            cand login 'Store a registry token, read from standard input, in the user''s credentials file'
            cand logout 'Remove a stored registry token'
            cand mirror 'Write every locked package into DIR as a registry, for machines without network'
            cand new 'Create a plugin source folder with a commented plugin.toml'
            cand package 'Validate a plugin source folder and write its reproducible archive'
            cand publish 'Publish an archive, or a folder after packaging it, into a registry kept as a folder'
            cand yank 'Mark a published version as yanked (or, with --undo, not yanked)'
            cand index 'Create or check a registry kept as a folder'
            cand search 'Search a registry''s plugins by name and description'
            cand info 'Show a plugin''s versions, description, dependencies, host and entry points'
            cand entry-points 'List the entry points of the installed plugins (for hosts to load them)'
            cand run 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)'
            cand env 'Print the environment `plugin run` sets, for `eval` in a shell'
            cand requirements 'Print the installed plugins'' Python requirements, deduplicated and sorted'
            cand outdated 'Show each locked plugin''s newest compatible and newest available versions'
            cand cache 'Show, clear or prune the download cache'
            cand completions 'Print a shell completion script'
            cand tree 'Print the resolved dependency tree from plugins.lock'
            cand list 'List installed plugins with version and source (one per line on stdout)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;init'= {
            cand --registry 'The default registry: a URL or a path'
            cand --plugin-dir 'The plugin directory, relative to plugins.toml'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;install'= {
            cand --registry 'The registry to use: a name from `[registries]`, a URL or a path'
            cand --plugin-dir 'The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml)'
            cand --sha256 'The expected sha256 of an archive URL (64 hex digits)'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --dry-run 'Show what would change, and change nothing'
            cand --force 'Reinstall the named plugins (all, with no SPEC) from their locked source even if current, removing files in their folders that are not part of the package'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;upgrade'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --all 'Upgrade every plugin'
            cand --breaking 'Allow new major versions: set the plugins.toml requirement aside, and rewrite it when the version picked falls outside it'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;uninstall'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --all 'Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;verify'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;rollback'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;login'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;logout'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;mirror'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;new'= {
            cand --kind 'Its category, such as `worker`, `app` or `backbone`'
            cand --host 'The host application it is for, such as `stoq`'
            cand --template 'The layout to start from'
            cand --path 'The folder to create (default: NAME)'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;package'= {
            cand --out 'Where to write the archive (default: the current folder)'
            cand --format 'The archive format'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --list 'Print the files the archive would hold, and write nothing'
            cand --top-folder 'Put every file under one folder NAME-VERSION/ (release-tarball style)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;publish'= {
            cand --index 'The registry folder'
            cand --format 'The archive format, when packaging a folder'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --top-folder 'Put every file under one folder NAME-VERSION/, when packaging a folder'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;yank'= {
            cand --index 'The registry folder'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand --undo 'Mark the version as not yanked again'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;index'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a registry folder (config.json and an empty search listing)'
            cand verify 'Check every index line against its archive; exit 1 on any problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;index;init'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;index;verify'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;index;help'= {
            cand init 'Create a registry folder (config.json and an empty search listing)'
            cand verify 'Check every index line against its archive; exit 1 on any problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;index;help;init'= {
        }
        &'plugin;index;help;verify'= {
        }
        &'plugin;index;help;help'= {
        }
        &'plugin;search'= {
            cand --registry 'The registry: a name from `[registries]`, a URL or a path (default: the project''s)'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;info'= {
            cand --registry 'The registry: a name from `[registries]`, a URL or a path (default: the project''s)'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;entry-points'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;run'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;env'= {
            cand --shell 'The shell to print for'
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;requirements'= {
            cand --format 'The output format'
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;outdated'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;cache'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dir 'Print the cache folder'
            cand clean 'Delete everything in the cache'
            cand prune 'Delete cached files not used for some days'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;cache;dir'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;cache;clean'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;cache;prune'= {
            cand --days 'Keep what was used within this many days'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;cache;help'= {
            cand dir 'Print the cache folder'
            cand clean 'Delete everything in the cache'
            cand prune 'Delete cached files not used for some days'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;cache;help;dir'= {
        }
        &'plugin;cache;help;clean'= {
        }
        &'plugin;cache;help;prune'= {
        }
        &'plugin;cache;help;help'= {
        }
        &'plugin;completions'= {
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;tree'= {
            cand -i 'Show the plugins that need NAME, up to plugins.toml, instead of what they need'
            cand --invert 'Show the plugins that need NAME, up to plugins.toml, instead of what they need'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;list'= {
            cand --plugin-dir 'The plugin directory'
            cand --color 'When to use colour (`NO_COLOR` is honoured by `auto`)'
            cand --manifest-path 'Path to the project''s plugins.toml (default: found in the current folder or above)'
            cand -j 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --jobs 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)'
            cand --python 'The host''s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (URLs fetched, decisions taken)'
            cand --verbose 'Print more detail (URLs fetched, decisions taken)'
            cand --locked 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
            cand --offline 'Use no network: archives and index files come from the cache'
            cand --frozen 'Both `--locked` and `--offline`'
            cand --json 'Print one JSON document on stdout (schemas in docs/json.md)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'plugin;help'= {
            cand init 'Create a plugins.toml in the current folder'
            cand install 'Install plugins and record them in plugins.toml and plugins.lock'
            cand upgrade 'Upgrade plugins to the newest versions plugins.toml allows'
            cand uninstall 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry'
            cand verify 'Check installed files against their install records and plugins.lock'
            cand rollback 'Return plugins, plugins.toml and plugins.lock to the state before the last change'
            cand login 'Store a registry token, read from standard input, in the user''s credentials file'
            cand logout 'Remove a stored registry token'
            cand mirror 'Write every locked package into DIR as a registry, for machines without network'
            cand new 'Create a plugin source folder with a commented plugin.toml'
            cand package 'Validate a plugin source folder and write its reproducible archive'
            cand publish 'Publish an archive, or a folder after packaging it, into a registry kept as a folder'
            cand yank 'Mark a published version as yanked (or, with --undo, not yanked)'
            cand index 'Create or check a registry kept as a folder'
            cand search 'Search a registry''s plugins by name and description'
            cand info 'Show a plugin''s versions, description, dependencies, host and entry points'
            cand entry-points 'List the entry points of the installed plugins (for hosts to load them)'
            cand run 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)'
            cand env 'Print the environment `plugin run` sets, for `eval` in a shell'
            cand requirements 'Print the installed plugins'' Python requirements, deduplicated and sorted'
            cand outdated 'Show each locked plugin''s newest compatible and newest available versions'
            cand cache 'Show, clear or prune the download cache'
            cand completions 'Print a shell completion script'
            cand tree 'Print the resolved dependency tree from plugins.lock'
            cand list 'List installed plugins with version and source (one per line on stdout)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'plugin;help;init'= {
        }
        &'plugin;help;install'= {
        }
        &'plugin;help;upgrade'= {
        }
        &'plugin;help;uninstall'= {
        }
        &'plugin;help;verify'= {
        }
        &'plugin;help;rollback'= {
        }
        &'plugin;help;login'= {
        }
        &'plugin;help;logout'= {
        }
        &'plugin;help;mirror'= {
        }
        &'plugin;help;new'= {
        }
        &'plugin;help;package'= {
        }
        &'plugin;help;publish'= {
        }
        &'plugin;help;yank'= {
        }
        &'plugin;help;index'= {
            cand init 'Create a registry folder (config.json and an empty search listing)'
            cand verify 'Check every index line against its archive; exit 1 on any problem'
        }
        &'plugin;help;index;init'= {
        }
        &'plugin;help;index;verify'= {
        }
        &'plugin;help;search'= {
        }
        &'plugin;help;info'= {
        }
        &'plugin;help;entry-points'= {
        }
        &'plugin;help;run'= {
        }
        &'plugin;help;env'= {
        }
        &'plugin;help;requirements'= {
        }
        &'plugin;help;outdated'= {
        }
        &'plugin;help;cache'= {
            cand dir 'Print the cache folder'
            cand clean 'Delete everything in the cache'
            cand prune 'Delete cached files not used for some days'
        }
        &'plugin;help;cache;dir'= {
        }
        &'plugin;help;cache;clean'= {
        }
        &'plugin;help;cache;prune'= {
        }
        &'plugin;help;completions'= {
        }
        &'plugin;help;tree'= {
        }
        &'plugin;help;list'= {
        }
        &'plugin;help;help'= {
        }
    ]
    $completions[$command]
}
